package org.korlang.gc.internal.core;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.korlang.gc.InvalidReferenceException;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.Region;
import org.korlang.os.Advice;
import org.korlang.os.MapFlag;
import org.korlang.os.MemoryHold;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;

/**
 * The heap's native memory: one reservation mapped through {@link Os#mmap} (read-write,
 * {@code MAP_NORESERVE}, so untouched pages cost nothing), carved into page-aligned {@link Region}s
 * for the plans, and the checked access layer over it.
 *
 * <h2>Why one reservation</h2>
 * Every dereference is validated before it happens. With a single contiguous mapping the check is
 * one unsigned comparison, {@code address - base <=u size - width}, cheap enough for every field
 * access of the mutators; and because the whole reservation stays mapped read-write for the heap's
 * life, any address that passes the check is safe for the JVM — a released region only loses its
 * physical pages ({@code madvise(DONTNEED)}, it reads as zero afterwards), it is never unmapped
 * until the heap closes. The heap {@link Os#hold holds} its mapping, so that no other client of the
 * same {@code Os} can unmap it, take away its access or discard its pages meanwhile (those calls are
 * refused); the heap's own decommits go through the hold. The reservation is sized for two plans at once so that a policy switch can
 * build the new plan's spaces before the old ones are released. It is advised for transparent huge
 * pages ({@code MADV_HUGEPAGE}): first touches of fresh memory — every page a copying collection,
 * promotion or moving policy switch writes — cost a fault per 2 MiB instead of per 4 KiB.
 *
 * <h2>Raw access</h2>
 * Behind the check the access is {@code sun.misc.Unsafe} on the absolute address: measured as the
 * fastest mechanism on JDK 17 (see TOOLCHAIN.md). Unsafe is never reached with an unchecked address.
 * Its memory methods are deprecated for removal and warn once on JDK 24+; a MemorySegment-based
 * variant of this class is the way forward there.
 *
 * <p>The last {@link #GUARD} bytes are mapped but never handed out, so the mutator checks an object
 * start once and then reaches any of its fixed slots without a second check. After them, in the same
 * mapping but outside {@link #size} (so no accessor here reaches it), lies the {@link ObjectStarts}
 * bitmap: which words of the reservation begin an object. A region's bits are cleared when it is
 * released.
 *
 * <h2>Regions</h2>
 * A first-fit allocator over the reservation's pages, free ranges kept coalesced in a sorted map
 * (a {@link TreeMap}: an entry's key and value are read before the entry is removed, because removal
 * may move another entry's contents into the removed node). The heap places each plan's regions in
 * a window of its own ({@link #placeIn}); a region that does not fit its window goes first fit
 * anywhere.
 */
public final class Arena implements HeapMemory {

    /** The raw accessor; only this package and the plans of this bundle use it, always after a check. */
    public static final sun.misc.Unsafe UNSAFE = loadUnsafe();

    private final Os os;
    /** The claim on the mapping (null on an Os that cannot hold memory). */
    private final MemoryHold hold;
    private final long pageSize;
    /** First byte of the reservation. */
    public final long base;
    /** Bytes of the reservation. */
    public final long size;
    private final ObjectStarts starts;
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private final TreeMap<Long, Region> regions = new TreeMap<>();
    private boolean closed;

    public Arena(Os os, long bytes) {
        this.os = os;
        this.pageSize = os.pageSize();
        long rounded = roundUp(bytes, pageSize) + GUARD;
        long mapBytes = ObjectStarts.mapBytesFor(rounded, pageSize);
        this.base = os.mmap(0, rounded + mapBytes, Set.of(Prot.READ, Prot.WRITE),
                Set.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS, MapFlag.NORESERVE), -1, 0);
        this.size = rounded;
        this.starts = new ObjectStarts(base, base + rounded, mapBytes);
        MemoryHold h;
        try {
            h = os.hold(base, rounded + mapBytes, Set.of(Prot.READ, Prot.WRITE));
        } catch (UnsupportedOperationException noHolds) {
            h = null; // an Os without holds: nothing keeps its other clients off our mapping
        } catch (RuntimeException | Error e) {
            os.munmap(base, rounded + mapBytes);
            throw e;
        }
        this.hold = h;
        free.put(base, rounded - GUARD);
        try {
            // transparent huge pages where the kernel has them: a fresh region (promotion, a copying
            // collection or policy switch, a new plan) faults 2 MiB at a time instead of 4 KiB
            os.madvise(base, rounded + mapBytes, Advice.HUGEPAGE);
        } catch (OsException refused) {
            // a kernel without them: 4 KiB pages, slower first touches, nothing else changes
        }
    }

    /** Where objects start (see {@link ObjectStarts}). */
    public ObjectStarts starts() {
        return starts;
    }

    /**
     * Bytes at the end of the reservation never handed out as a region. An object start that passed
     * {@code address - base <=u objectSpan()} is followed by at least this much mapped memory, so a
     * fixed-layout slot (at most {@link org.korlang.gc.TypeLayout#MAX_SLOTS} words) needs no second check.
     */
    public static final long GUARD = 1L << 20;

    /** The range check bound for object starts: {@code address - base <=u objectSpan()}. */
    public long objectSpan() {
        return size - GUARD;
    }

    private static sun.misc.Unsafe loadUnsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static long roundUp(long v, long unit) {
        return (v + unit - 1) / unit * unit;
    }

    @Override
    public long pageSize() {
        return pageSize;
    }

    // ------------------------------------------------------------------------- regions

    /** Reservations first try {@code [base + windowFrom, base + windowTo)}; see {@link #placeIn}. */
    private long windowFrom;
    private long windowTo = Long.MAX_VALUE;

    /**
     * From now on, regions are placed inside {@code [base + from, base + to)} when they fit there
     * (else anywhere, first fit). The heap gives each plan a window no other live plan occupies, so
     * that plans of different shapes, switched back and forth, never fragment the reservation.
     */
    public synchronized void placeIn(long from, long to) {
        windowFrom = from;
        windowTo = to;
    }

    @Override
    public synchronized Region reserve(String name, long bytes) {
        if (closed) {
            throw new IllegalStateException("heap memory is closed");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("region size must be positive: " + bytes);
        }
        long want = roundUp(bytes, pageSize);
        long lo = base + windowFrom;
        long hi = windowTo == Long.MAX_VALUE ? Long.MAX_VALUE : base + windowTo;
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            long fs = e.getKey();
            long fe = fs + e.getValue();
            long s = Math.max(fs, lo);
            if (s + want <= Math.min(fe, hi)) {
                free.remove(fs);
                if (s > fs) {
                    free.put(fs, s - fs);
                }
                if (s + want < fe) {
                    free.put(s + want, fe - s - want);
                }
                Region r = new Region(name, s, want);
                regions.put(s, r);
                return r;
            }
        }
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            long start = e.getKey();
            long len = e.getValue();
            if (len >= want) {
                free.remove(start); // e may now hold the next range's key and value: use start and len
                if (len > want) {
                    free.put(start + want, len - want);
                }
                Region r = new Region(name, start, want);
                regions.put(start, r);
                return r;
            }
        }
        throw new IllegalStateException("heap reservation of " + size + " bytes has no free range of " + want
                + " bytes for region " + name);
    }

    /** Whether no region lies (even partly) inside {@code [base + from, base + to)}. */
    public synchronized boolean isEmpty(long from, long to) {
        long lo = base + from;
        long hi = base + to;
        Map.Entry<Long, Region> below = regions.lowerEntry(hi);
        return below == null || below.getValue().end() <= lo;
    }

    @Override
    public synchronized void release(Region region) {
        if (regions.get(region.start()) != region) {
            throw new IllegalArgumentException("not a live region of this heap: " + region);
        }
        regions.remove(region.start());
        if (!closed) {
            discard(region.start(), region.size());
            starts.clearRange(region.start(), region.end()); // no object of its plan lives on
        }
        long start = region.start();
        long len = region.size();
        Map.Entry<Long, Long> before = free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            start = before.getKey();
            len += before.getValue();
            free.remove(before.getKey());
        }
        Long afterLen = free.get(start + len);
        if (afterLen != null) {
            free.remove(start + len);
            len += afterLen;
        }
        free.put(start, len);
    }

    @Override
    public void decommit(long address, long bytes) {
        if (bytes <= 0) {
            return;
        }
        if (address % pageSize != 0 || bytes % pageSize != 0) {
            throw new IllegalArgumentException("decommit needs a page-aligned range");
        }
        check(address, bytes);
        discard(address, bytes);
    }

    /** Returns the pages of {@code [address, address + bytes)} to the OS (they read as zero). */
    private void discard(long address, long bytes) {
        if (hold != null) {
            hold.madvise(address, bytes, Advice.DONTNEED);
        } else {
            os.madvise(address, bytes, Advice.DONTNEED);
        }
    }

    @Override
    public long mappedBytes() {
        return size + starts.mapBytes;
    }

    /** Unmaps the reservation and its object-start map (every region becomes invalid). */
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (hold != null) {
                hold.close();
            }
            os.munmap(base, size + starts.mapBytes);
        }
    }

    // ------------------------------------------------------------------------- object starts

    @Override
    public void markObjectStart(long address) {
        checkObjectAddress(address);
        starts.set(address);
    }

    @Override
    public void clearObjectStarts(long address, long bytes) {
        if (bytes == 0) {
            return;
        }
        if (bytes < 0 || (bytes & 7) != 0) {
            throw new IllegalArgumentException("object-start range of " + bytes + " bytes");
        }
        checkObjectAddress(address);
        check(address, bytes);
        starts.clearRange(address, address + bytes);
    }

    @Override
    public boolean isObjectStart(long address) {
        checkObjectAddress(address);
        return starts.isSet(address);
    }

    private void checkObjectAddress(long address) {
        if ((address & 7) != 0 || !contains(address, 8)) {
            throw new IllegalArgumentException(String.format("0x%x is not an aligned address inside the heap", address));
        }
    }

    // ------------------------------------------------------------------------- checked access

    @Override
    public boolean contains(long address, long bytes) {
        return bytes >= 0 && bytes <= size && Long.compareUnsigned(address - base, size - bytes) <= 0;
    }

    /** Throws unless {@code [address, address+bytes)} lies inside the reservation. */
    public void check(long address, long bytes) {
        if (!contains(address, bytes)) {
            throw outside(address, bytes);
        }
    }

    public InvalidReferenceException outside(long address, long bytes) {
        return new InvalidReferenceException(String.format(
                "address 0x%x (+%d bytes) is outside the heap's memory [0x%x, 0x%x)", address, bytes, base, base + size));
    }

    @Override
    public long getLong(long address) {
        if (Long.compareUnsigned(address - base, size - 8) > 0) {
            throw outside(address, 8);
        }
        return UNSAFE.getLong(address);
    }

    @Override
    public void putLong(long address, long value) {
        if (Long.compareUnsigned(address - base, size - 8) > 0) {
            throw outside(address, 8);
        }
        UNSAFE.putLong(address, value);
    }

    @Override
    public long getLongVolatile(long address) {
        if (Long.compareUnsigned(address - base, size - 8) > 0) {
            throw outside(address, 8);
        }
        return UNSAFE.getLongVolatile(null, address);
    }

    @Override
    public void putLongVolatile(long address, long value) {
        if (Long.compareUnsigned(address - base, size - 8) > 0) {
            throw outside(address, 8);
        }
        UNSAFE.putLongVolatile(null, address, value);
    }

    @Override
    public boolean compareAndSet(long address, long expected, long value) {
        if (Long.compareUnsigned(address - base, size - 8) > 0 || (address & 7) != 0) {
            throw outside(address, 8);
        }
        return UNSAFE.compareAndSwapLong(null, address, expected, value);
    }

    @Override
    public void copy(long from, long to, long bytes) {
        check(from, bytes);
        check(to, bytes);
        UNSAFE.copyMemory(from, to, bytes);
    }

    @Override
    public void zero(long address, long bytes) {
        check(address, bytes);
        UNSAFE.setMemory(address, bytes, (byte) 0);
    }

    public int getInt(long address) {
        check(address, 4);
        return UNSAFE.getInt(address);
    }
}
