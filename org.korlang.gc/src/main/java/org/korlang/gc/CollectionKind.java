package org.korlang.gc;

/** What a collection covers. */
public enum CollectionKind {
    /** The young generation only (for policies without generations: same as {@link #FULL}). */
    YOUNG,
    /** The whole heap. */
    FULL,
    /**
     * A policy switch: every live object was carried into the spaces of a new policy (only in
     * {@link GcEvent}s; not a kind one can request through {@link Heap#collect}).
     */
    SWAP
}
