package org.korlang.os;

/** Advice values of {@link Os#madvise}. */
public enum Advice { NORMAL, RANDOM, SEQUENTIAL, WILLNEED, DONTNEED, FREE }
