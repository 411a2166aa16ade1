package org.korlang.os;

/** Flags of {@link Os#mmap}. Exactly one of SHARED or PRIVATE is required. */
public enum MapFlag { SHARED, PRIVATE, ANONYMOUS, FIXED, NORESERVE }
