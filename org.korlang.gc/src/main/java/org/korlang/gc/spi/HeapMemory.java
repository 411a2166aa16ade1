package org.korlang.gc.spi;

/**
 * The heap's native memory and the checked access layer over it.
 *
 * <p>The heap maps its memory through the {@code Os} service and hands out page-aligned
 * {@link Region}s to plans. Every accessor validates the address range against the mapped memory
 * before dereferencing it and throws {@link org.korlang.gc.InvalidReferenceException} otherwise: a
 * collector bug may corrupt the managed heap, never the JVM.
 */
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
}
