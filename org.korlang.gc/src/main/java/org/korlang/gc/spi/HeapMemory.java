package org.korlang.gc.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The heap's native memory and the checked access layer over it.
 *
 * <p>The heap maps its memory through the {@code Os} service and hands out page-aligned
 * {@link Region}s to plans. Every accessor validates the address range against the mapped memory
 * before dereferencing it and throws {@link org.korlang.gc.InvalidReferenceException} otherwise: a
 * collector bug may corrupt the managed heap, never the JVM.
 *
 * <h2>Object starts (since 2.0)</h2>
 * The heap records where every object starts; the mutators' accessors accept a reference only at a
 * recorded start (so a forged interior pointer is refused however much its target looks like a
 * header). The heap records the objects that mutators allocate (in buffers and through
 * {@link GcPlan#allocateOutsideBuffer}) and the copies its policy switch makes
 * ({@link GcPlan#allocateForMigration}); a plan records every object its collector creates — each
 * copy, after writing the copy's header — with {@link #markObjectStart}, and forgets the starts of
 * objects whose memory it frees or reuses (a swept cell or large object, a reset bump space, a dead
 * run turned into a gap) with {@link #clearObjectStarts}. Regions a plan releases are cleared by the
 * heap. With verify on, the heap checks that the recorded starts are exactly the objects the plans
 * enumerate.
 */
@ProviderType
public interface HeapMemory {

    /** Reserves a region of at least {@code bytes} (rounded up to pages). Its contents read as zero. */
    Region reserve(String name, long bytes);

    /** Returns a region: its pages go back to the OS and its range may be reserved again. */
    void release(Region region);

    /** Returns the physical pages of a page-aligned range to the OS; it reads as zero afterwards. */
    void decommit(long address, long bytes);

    /** Whether {@code [address, address+bytes)} lies inside the heap's mapped memory. */
    boolean contains(long address, long bytes);

    /** Bytes of virtual memory mapped through the OS. */
    long mappedBytes();

    /**
     * The size of a page of the heap's memory: the granule of {@link #reserve regions} and of
     * {@link #decommit} (a space that gives objects whole pages, such as
     * {@link org.korlang.gc.spi.space.LargeObjectSpace}, rounds to it).
     *
     * @since 2.2
     */
    long pageSize();

    long getLong(long address);

    void putLong(long address, long value);

    long getLongVolatile(long address);

    void putLongVolatile(long address, long value);

    /** Atomically replaces the word at {@code address} if it holds {@code expected}. */
    boolean compareAndSet(long address, long expected, long value);

    /** Copies {@code bytes} (non-overlapping ranges). */
    void copy(long from, long to, long bytes);

    /** Zeroes {@code bytes}. */
    void zero(long address, long bytes);

    /**
     * Records that an object starts at {@code address} (8-aligned, inside the heap), once its header
     * is written. Thread-safe (GC threads may call it concurrently).
     *
     * @since 2.0
     */
    void markObjectStart(long address);

    /**
     * Forgets every recorded object start in {@code [address, address + bytes)} (8-aligned, inside
     * the heap), because the objects there are dead or moved away and the memory may be reused. The
     * caller owns the range: no object in it is being created meanwhile.
     *
     * @since 2.0
     */
    void clearObjectStarts(long address, long bytes);

    /**
     * Whether an object start is recorded at {@code address} (8-aligned, inside the heap).
     *
     * @since 2.0
     */
    boolean isObjectStart(long address);
}
