package org.korlang.gc;

/** What a collection covers. */
public enum CollectionKind {
    /** The young generation only (for policies without generations: same as {@link #FULL}). */
    YOUNG,
    /** The whole heap. */
    FULL
}
