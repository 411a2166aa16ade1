package org.korlang.os;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A claim on a range of memory mapped through an {@link Os}, made by a client that reads and writes
 * that range by raw address (the managed heap, through {@code Unsafe}) and so must not have it taken
 * away: while the hold is open, {@link Os#munmap} of any part of it, {@link Os#mprotect} that removes
 * a held access, a {@link MapFlag#FIXED} mapping over it and destructive {@link Os#madvise}
 * ({@link Advice#DONTNEED}, {@link Advice#FREE}) are refused with {@link IllegalStateException} —
 * except that advice made through {@link #madvise} of this hold —, and so are a {@link Os#memory}
 * view of any part of it and another hold overlapping it: the holder alone touches the range. Close
 * it before unmapping the range.
 *
 * @since 1.2
 */
@ProviderType
public interface MemoryHold extends AutoCloseable {

    /** First byte of the held range. */
    long address();

    /** Bytes of the held range. */
    long length();

    /**
     * {@link Os#madvise} on a page-aligned part of the held range, destructive advice included.
     * {@link IllegalArgumentException} for a range outside the hold; {@link IllegalStateException}
     * once the hold is closed.
     */
    void madvise(long address, long length, Advice advice);

    /** Whether the hold is still open. */
    boolean isOpen();

    /** Ends the claim (idempotent). */
    @Override
    void close();
}
