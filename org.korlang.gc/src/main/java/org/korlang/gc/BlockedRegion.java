package org.korlang.gc;

/** A region in which a mutator is declared blocked ({@link Mutator#block()}). */
public interface BlockedRegion extends AutoCloseable {
    /**
     * Leaves the blocked state, waiting for a running collection to end. Closing it again does
     * nothing.
     *
     * @throws HandleMisuseException from another thread
     */
    @Override
    void close();
}
