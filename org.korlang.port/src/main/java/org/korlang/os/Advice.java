package org.korlang.os;

/**
 * Advice values of {@link Os#madvise}.
 *
 * <p>{@link #HUGEPAGE} asks for the range to be backed by huge pages where the kernel can (Linux
 * {@code MADV_HUGEPAGE}, for transparent huge pages in {@code madvise} mode): fewer page faults and
 * TLB misses for large heaps. A kernel without the advice refuses it with an {@link OsException}
 * (Linux: {@code EINVAL} when built without transparent huge pages); macOS has no such advice and its
 * port treats it as {@link #NORMAL}. It is only a hint: callers may ignore a refusal.
 */
public enum Advice { NORMAL, RANDOM, SEQUENTIAL, WILLNEED, DONTNEED, FREE, HUGEPAGE }
