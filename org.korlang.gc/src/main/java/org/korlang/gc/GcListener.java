package org.korlang.gc;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Observes collections. Called on the collecting thread: {@link #collectionStarted} while the world
 * is stopped, {@link #collectionFinished} after the mutators resumed. A listener must be quick and
 * must not allocate on, attach to or collect this heap; an exception it throws is swallowed.
 */
@ConsumerType
public interface GcListener {

    /** A collection starts (the world is stopped). */
    default void collectionStarted(long sequence, CollectionKind kind, GcCause cause) {
    }

    /** A collection finished. */
    void collectionFinished(GcEvent event);
}
