package org.korlang.gc;

/** The shape of a type's objects. */
public enum LayoutKind {
    /** A fixed number of 8-byte word slots, some of which hold references. */
    FIXED,
    /** An array of references with a length. */
    REFERENCE_ARRAY,
    /** An array of 1-, 2-, 4- or 8-byte primitive elements with a length. */
    PRIMITIVE_ARRAY
}
