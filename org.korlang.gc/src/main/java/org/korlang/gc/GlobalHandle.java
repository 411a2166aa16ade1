package org.korlang.gc;

/**
 * A root that lives until closed, independent of any mutator. Read and written through a mutator
 * ({@link Mutator#get(GlobalHandle)}, {@link Mutator#set(GlobalHandle, long)}); the collector
 * updates it when it moves the object.
 */
public interface GlobalHandle extends AutoCloseable {

    /** Whether the handle is still open. */
    boolean isOpen();

    /** Releases the handle; it no longer keeps its object alive. Idempotent, from any thread. */
    @Override
    void close();
}
