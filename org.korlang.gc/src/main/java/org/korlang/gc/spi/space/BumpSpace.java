package org.korlang.gc.spi.space;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Region;

/**
 * A contiguous bump-pointer space: {@code [start, top)} is allocated, {@code [top, end)} free. Used for
 * the generational plan's eden (mutator TLABs and medium objects) and survivor spaces (GC-thread copy
 * buffers), and for the semispace bundle's two semispaces.
 *
 * <p>Allocation is a CAS on {@code top}, so mutators and GC threads share one space without a lock;
 * the contended path is only the handing out of whole buffers. The allocated part is kept parseable:
 * whoever gives up the unused tail of a buffer writes a filler ({@link #fill}), so walking
 * object by object from {@code start} to {@code top} visits every object.
 */
public final class BumpSpace {

    private final String name;
    private final long start;
    private final long end;
    private final AtomicLong top;

    public BumpSpace(String name, long start, long size) {
        this.name = name;
        this.start = start;
        this.end = start + size;
        this.top = new AtomicLong(start);
    }

    /** A space over the whole of {@code region}. */
    public BumpSpace(Region region) {
        this(region.name(), region.start(), region.size());
    }

    /** Claims {@code bytes}; returns the address or 0 if the space is full. Memory is not zeroed. */
    public long allocate(long bytes) {
        return allocateBelow(bytes, end);
    }

    /**
     * Claims {@code bytes} if the space's use stays within {@code maxUsed} bytes afterwards (a plan's
     * budget); returns the address or 0. Memory is not zeroed.
     */
    public long allocate(long bytes, long maxUsed) {
        return allocateBelow(bytes, maxUsed >= end - start ? end : start + Math.max(0, maxUsed));
    }

    /** The CAS on {@code top}: claims {@code bytes} if they end at or below {@code limit}. */
    private long allocateBelow(long bytes, long limit) {
        while (true) {
            long t = top.get();
            long nt = t + bytes;
            if (nt > limit || nt < t) {
                return 0;
            }
            if (top.compareAndSet(t, nt)) {
                return t;
            }
        }
    }

    /** Empties the space. */
    public void reset() {
        top.set(start);
    }

    /**
     * Sets the allocation pointer to {@code newTop} (world stopped): a collector that filled
     * {@code [start, newTop)} itself without going through {@link #allocate} — e.g. a Cheney scan's
     * copy pointer — hands the result back. The objects there must be parseable.
     */
    public void resetTo(long newTop) {
        if (newTop < start || newTop > end || (newTop & 7) != 0) {
            throw new IllegalArgumentException(String.format("top 0x%x outside %s [0x%x, 0x%x]", newTop, name, start, end));
        }
        top.set(newTop);
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long top() {
        return top.get();
    }

    public long capacity() {
        return end - start;
    }

    public long used() {
        return top.get() - start;
    }

    public long free() {
        return end - top.get();
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address - start, end - start) < 0;
    }

    /** Writes a dead gap over {@code [from, to)} so the space stays parseable. */
    public static void fill(HeapMemory memory, long from, long to) {
        long len = to - from;
        if (len <= 0) {
            return;
        }
        if (len == 8) {
            memory.putLong(from, ObjectHeader.make(ObjectHeader.TYPE_FILLER_WORD));
        } else {
            memory.putLong(from, ObjectHeader.make(ObjectHeader.TYPE_FILLER));
            memory.putLong(from + 8, len);
        }
    }

    /** Visits every object (gaps skipped) from start to top. */
    public void forEachObject(HeapMemory memory, ObjectModel model, LongConsumer visitor) {
        long a = start;
        long t = top.get();
        while (a < t) {
            long h = memory.getLong(a);
            int type = ObjectHeader.typeId(h);
            long size = model.sizeOf(a, h);
            if (size <= 0 || (size & 7) != 0 || a + size > t) {
                throw new HeapCorruptionException(String.format("%s is not parseable at 0x%x: header 0x%x (%s), size %d",
                        name, a, h, model.typeName(type), size));
            }
            int kind = model.scanKind(type);
            if (kind != ObjectModel.GAP) {
                visitor.accept(a);
            }
            a += size;
        }
    }

    /** Checks bounds and parseability. */
    public void verify(HeapMemory memory, ObjectModel model, HeapChecker checker) {
        long t = top.get();
        checker.check(t >= start && t <= end, name + ": top 0x" + Long.toHexString(t) + " outside the space");
        try {
            forEachObject(memory, model, a -> { });
        } catch (HeapCorruptionException e) {
            checker.fail(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name + "[" + used() + "/" + capacity() + "]";
    }
}
