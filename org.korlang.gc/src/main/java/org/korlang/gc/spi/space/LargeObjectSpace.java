package org.korlang.gc.spi.space;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.Region;

/**
 * A non-moving space for objects above the large-object threshold: each object gets its own run of
 * pages (first fit over coalesced free runs). Freed runs return their pages to the OS at once
 * ({@code madvise DONTNEED}), which also makes them read as zero for the next object. Marked by the
 * header MARK bit like the old generation; swept by walking the (few) objects.
 *
 * <p>Both maps are {@link TreeMap}s, whose {@code remove} may move a successor's key and value into
 * the node being deleted: an entry's key and value are read before it is removed, never after.
 */
public final class LargeObjectSpace {

    private final HeapMemory memory;
    private final Region region;
    private final long pageSize;
    private final TreeMap<Long, Long> freeRuns = new TreeMap<>();
    private final TreeMap<Long, Long> objects = new TreeMap<>();
    private long usedBytes;

    /** A space over {@code region} (reserved from {@code memory}), objects rounded to the memory's pages. */
    public LargeObjectSpace(HeapMemory memory, Region region) {
        this(memory, region, memory.pageSize());
    }

    /** A space over {@code region} (reserved from {@code memory}), objects rounded to {@code pageSize}. */
    public LargeObjectSpace(HeapMemory memory, Region region, long pageSize) {
        this.memory = memory;
        this.region = region;
        this.pageSize = pageSize;
        freeRuns.put(region.start(), region.size());
    }

    public Region region() {
        return region;
    }

    public boolean contains(long address) {
        return region.contains(address);
    }

    /** Zeroed memory for an object of {@code bytes}, or 0 if no run is large enough. */
    public synchronized long allocate(long bytes) {
        long want = (bytes + pageSize - 1) / pageSize * pageSize;
        for (Map.Entry<Long, Long> e : freeRuns.entrySet()) {
            long runBytes = e.getValue();
            if (runBytes >= want) {
                long a = e.getKey();
                freeRuns.remove(a); // e may now hold another run's key and value
                if (runBytes > want) {
                    freeRuns.put(a + want, runBytes - want);
                }
                objects.put(a, want);
                usedBytes += want;
                return a;
            }
        }
        return 0;
    }

    public synchronized long usedBytes() {
        return usedBytes;
    }

    /** Frees every unmarked object and unmarks the rest (world stopped, after marking). */
    public synchronized void sweep() {
        Iterator<Map.Entry<Long, Long>> it = objects.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Long> e = it.next();
            long a = e.getKey();
            long bytes = e.getValue();
            long h = memory.getLong(a);
            if ((h & ObjectHeader.MARKED) != 0) {
                memory.putLong(a, h & ~ObjectHeader.MARKED);
                continue;
            }
            it.remove(); // e may now hold the next object's key and value
            memory.clearObjectStarts(a, 8);
            usedBytes -= bytes;
            memory.decommit(a, bytes);
            freeRun(a, bytes);
        }
    }

    private void freeRun(long start, long len) {
        Map.Entry<Long, Long> before = freeRuns.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            start = before.getKey();
            len += before.getValue();
            freeRuns.remove(before.getKey());
        }
        Long after = freeRuns.remove(start + len);
        if (after != null) {
            len += after;
        }
        freeRuns.put(start, len);
    }

    public synchronized void forEachObject(LongConsumer visitor) {
        for (long a : objects.keySet()) {
            visitor.accept(a);
        }
    }

    public synchronized void verify(HeapChecker checker) {
        long end = region.start();
        long used = 0;
        TreeMap<Long, Long> all = new TreeMap<>(freeRuns);
        for (Map.Entry<Long, Long> e : objects.entrySet()) {
            checker.check(all.put(e.getKey(), -e.getValue()) == null, "large space: object and free run share 0x"
                    + Long.toHexString(e.getKey()));
            used += e.getValue();
        }
        for (Map.Entry<Long, Long> e : all.entrySet()) {
            long len = Math.abs(e.getValue());
            checker.check(e.getKey() >= end, String.format("large space: range 0x%x overlaps the previous one", e.getKey()));
            end = e.getKey() + len;
        }
        checker.check(end <= region.end(), "large space: ranges extend beyond the region");
        checker.check(used == usedBytes, "large space: objects hold " + used + " bytes, counter says " + usedBytes);
    }
}
