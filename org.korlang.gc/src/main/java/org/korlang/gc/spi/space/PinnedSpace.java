package org.korlang.gc.spi.space;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Region;

/**
 * A non-moving space for pinned objects that any plan may use (shared between policy bundles, as
 * MMTk shares its spaces between plans): a bump region with free runs kept in size-keyed lists,
 * swept after every collection. The semispace plan (bundle {@code org.korlang.gc.semispace}) keeps
 * its pinned objects here.
 *
 * <h2>How a plan uses it</h2>
 * The plan reserves a {@link Region} from {@link HeapMemory} and gives it to the constructor (the
 * region stays the plan's: it releases it when it closes, and counts it in its declared plan window,
 * {@code GcPolicy.windowBytes}). Mutators' pinned allocations go to {@link #allocate} (the plan
 * zeroes the memory, writes the header and the heap records the object start). In a full
 * collection the plan's trace sets MARKED on every reachable object here — never moving one — and
 * then calls {@link #sweep}; {@link #forEachObject}, {@link #verify} and {@link #footprint} /
 * {@link #occupied} serve the plan's own {@code forEachObject}, {@code verify} and accounting.
 *
 * <h2>Layout</h2>
 * One {@link Region}; {@code [start, top)} is in use and always parseable: every cell is an object
 * or a free run. A free run of 16 bytes or more is a {@code TYPE_FILLER} gap (word 1 = its size), an
 * 8-byte one a {@code TYPE_FILLER_WORD} — gaps in the heap's object model, so walkers skip them and
 * the mutators' type checks refuse them. Nothing above {@code top} is parsed; whatever is handed out
 * is zeroed by the plan first.
 *
 * <h2>Free runs</h2>
 * Every gap in {@code [start, top)} is in exactly one list, the metadata in Java memory (the heap's
 * cells stay plain gaps): runs up to {@link #SMALL_MAX} bytes in a stack per size (8-byte steps),
 * with a bitmap of non-empty sizes for best fit; longer runs in an address-ordered map for first
 * fit. Allocation tries, in order: a run of exactly the size, the smallest longer small run, the
 * lowest long run that fits (a run is split: the object takes its head, the rest becomes a run
 * again), then bumping {@code top}. Reuse before growth, low addresses first, so that the tail can be
 * given back.
 *
 * <h2>Sweep</h2>
 * After the copying trace has marked every reachable pinned object (header MARKED), {@link #sweep}
 * walks the space once: marked objects are unmarked; every dead object's header becomes a filler
 * word, so that a stale reference to it — even one into the middle of a coalesced run — fails the
 * heap's type check instead of reading a dead object; maximal runs of dead objects and old gaps are
 * coalesced into one gap each and the lists are rebuilt from scratch. A run that reaches {@code top}
 * lowers {@code top} instead, and the whole 64 KiB chunks above it are decommitted.
 *
 * <h2>Accounting</h2>
 * {@link #footprint()} ({@code top - start}, gaps included) is what counts against the heap limit:
 * the space then never outgrows its region (of limit size) before the limit is reached, however
 * fragmented. {@link #occupied()} (footprint minus free runs) is the occupancy reported.
 *
 * <h2>Threading</h2>
 * Mutators allocate under this object's lock (pinned allocation is rare, and the lock is never held
 * across a collection); {@link #top} is volatile so that the plan reads the footprint without it.
 * Everything else runs with the world stopped.
 */
public final class PinnedSpace {

    /** Longest run kept in a per-size stack. */
    public static final int SMALL_MAX = 4096;
    /** Decommit granularity (a multiple of every supported page size). */
    private static final long CHUNK = 64L << 10;

    private final HeapMemory memory;
    private final Region region;
    private final long start;
    private volatile long top;

    /** Per-size stacks of free runs, indexed by size / 8 (index 0 unused). */
    private final long[][] small = new long[SMALL_MAX / 8 + 1][];
    private final int[] smallCount = new int[SMALL_MAX / 8 + 1];
    /** Bit i set: size 8*i has a free run. */
    private final long[] smallNonEmpty = new long[(SMALL_MAX / 8 + 1 + 63) >>> 6];
    /** Runs longer than {@link #SMALL_MAX}: address to size. */
    private final TreeMap<Long, Long> large = new TreeMap<>();
    private long freeBytes;
    /** The highest {@code top} since the last decommit (pages below it may be touched). */
    private long touched;

    /** A space over {@code region}, a region of {@code memory} that the caller reserved and will release; empty. */
    public PinnedSpace(HeapMemory memory, Region region) {
        this.memory = memory;
        this.region = region;
        this.start = region.start();
        this.top = start;
        this.touched = start;
    }

    /** The region the space lives in. */
    public Region region() {
        return region;
    }

    /** Bytes of the region in use, free runs included: what counts against the heap limit. */
    public long footprint() {
        return top - start;
    }

    /** Bytes of objects (footprint minus free runs). */
    public synchronized long occupied() {
        return top - start - freeBytes;
    }

    /** Whether {@code address} lies in the used part of the space. */
    public boolean contains(long address) {
        return Long.compareUnsigned(address - start, top - start) < 0;
    }

    // =========================================================================== allocation

    /**
     * Memory for {@code bytes} (a positive multiple of 8, else {@link IllegalArgumentException}), not
     * zeroed, or 0. Reuses a free run if one fits; otherwise grows the footprint, but not past
     * {@code maxFootprint} nor the region. Thread-safe.
     */
    public synchronized long allocate(long bytes, long maxFootprint) {
        if (bytes <= 0 || (bytes & 7) != 0) {
            throw new IllegalArgumentException("pinned allocation of " + bytes + " bytes");
        }
        long a = takeFree(bytes);
        if (a != 0) {
            return a;
        }
        long t = top;
        if (t - start + bytes > maxFootprint || t + bytes > region.end()) {
            return 0;
        }
        top = t + bytes;
        touched = Math.max(touched, t + bytes);
        return t;
    }

    private long takeFree(long bytes) {
        if (bytes <= SMALL_MAX) {
            int want = (int) (bytes >>> 3);
            int size = nextNonEmpty(want);
            if (size >= 0) {
                long run = pop(size);
                split(run, (long) size << 3, bytes);
                return run;
            }
        }
        for (Map.Entry<Long, Long> e : large.entrySet()) {
            long runBytes = e.getValue();
            if (runBytes >= bytes) {
                long run = e.getKey(); // read before removing: TreeMap reuses a removed entry's node
                large.remove(run);
                freeBytes -= runBytes;
                split(run, runBytes, bytes);
                return run;
            }
        }
        return 0;
    }

    /** The object takes the head of a run taken off its list; the rest becomes a run again. */
    private void split(long run, long runBytes, long bytes) {
        if (runBytes > bytes) {
            addFree(run + bytes, runBytes - bytes);
        }
    }

    /** The smallest size index {@code >= from} with a free run, or -1. */
    private int nextNonEmpty(int from) {
        int word = from >>> 6;
        long bits = smallNonEmpty[word] & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                return (word << 6) + Long.numberOfTrailingZeros(bits);
            }
            if (++word == smallNonEmpty.length) {
                return -1;
            }
            bits = smallNonEmpty[word];
        }
    }

    private long pop(int size) {
        int n = --smallCount[size];
        if (n == 0) {
            smallNonEmpty[size >>> 6] &= ~(1L << (size & 63));
        }
        freeBytes -= (long) size << 3;
        return small[size][n];
    }

    /** Formats {@code [run, run+bytes)} as a gap and lists it. */
    private void addFree(long run, long bytes) {
        if (bytes == 8) {
            memory.putLong(run, ObjectHeader.make(ObjectHeader.TYPE_FILLER_WORD));
        } else {
            memory.putLong(run, ObjectHeader.make(ObjectHeader.TYPE_FILLER));
            memory.putLong(run + 8, bytes);
        }
        freeBytes += bytes;
        if (bytes <= SMALL_MAX) {
            int size = (int) (bytes >>> 3);
            long[] stack = small[size];
            if (stack == null) {
                stack = small[size] = new long[8];
            } else if (smallCount[size] == stack.length) {
                stack = small[size] = Arrays.copyOf(stack, stack.length * 2);
            }
            stack[smallCount[size]++] = run;
            smallNonEmpty[size >>> 6] |= 1L << (size & 63);
        } else {
            large.put(run, bytes);
        }
    }

    private void clearFreeLists() {
        Arrays.fill(smallCount, 0);
        Arrays.fill(smallNonEmpty, 0);
        large.clear();
        freeBytes = 0;
    }

    // =========================================================================== sweep

    /**
     * Frees every unmarked object and unmarks the marked ones (world stopped, after the trace);
     * returns the bytes freed.
     */
    public synchronized long sweep(ObjectModel objects) {
        long occupiedBefore = top - start - freeBytes;
        clearFreeLists();
        long deadWord = ObjectHeader.make(ObjectHeader.TYPE_FILLER_WORD);
        long[] runs = new long[32]; // start, length pairs, pushed afterwards from the top down
        int nRuns = 0;
        long runStart = -1;
        long a = start;
        long t = top;
        while (a < t) {
            long h = memory.getLong(a);
            int kind = objects.scanKind(ObjectHeader.typeId(h));
            long size = objects.sizeOf(a, h);
            if (kind == ObjectModel.INVALID || ObjectHeader.isForwarded(h) || size <= 0 || (size & 7) != 0
                    || a + size > t) {
                throw new HeapCorruptionException(String.format(
                        "pinned space is not parseable at 0x%x: header 0x%x (%s), size %d", a, h,
                        objects.typeName(ObjectHeader.typeId(h)), size));
            }
            if (kind != ObjectModel.GAP && ObjectHeader.isMarked(h)) {
                memory.putLong(a, h & ~ObjectHeader.MARKED);
                if (runStart >= 0) {
                    if (nRuns + 2 > runs.length) {
                        runs = Arrays.copyOf(runs, runs.length * 2);
                    }
                    runs[nRuns++] = runStart;
                    runs[nRuns++] = a - runStart;
                    runStart = -1;
                }
            } else {
                if (kind != ObjectModel.GAP) {
                    memory.putLong(a, deadWord); // a stale reference now meets a non-object
                    memory.clearObjectStarts(a, 8); // and is refused by the mutators' start check
                }
                if (runStart < 0) {
                    runStart = a;
                }
            }
            a += size;
        }
        for (int i = nRuns - 2; i >= 0; i -= 2) { // low addresses end on top of the stacks
            addFree(runs[i], runs[i + 1]);
        }
        if (runStart >= 0) {
            lowerTop(runStart);
        }
        return occupiedBefore - (top - start - freeBytes);
    }

    /**
     * Gives back the tail from {@code newTop}: whole chunks above it are decommitted. (The bytes up
     * to the next chunk keep their contents — dead objects already carry filler words — and are
     * zeroed again when handed out.)
     */
    private void lowerTop(long newTop) {
        top = newTop;
        long from = start + ((newTop - start + CHUNK - 1) & ~(CHUNK - 1));
        long to = Math.min(region.end(), start + ((touched - start + CHUNK - 1) & ~(CHUNK - 1)));
        if (to > from) {
            memory.decommit(from, to - from);
            touched = from;
        }
    }

    // =========================================================================== walking, checks

    /** Visits every object (world stopped). */
    public synchronized void forEachObject(ObjectModel objects, LongConsumer visitor) {
        long a = start;
        long t = top;
        while (a < t) {
            long h = memory.getLong(a);
            long size = objects.sizeOf(a, h);
            if (size <= 0 || (size & 7) != 0 || a + size > t) {
                throw new HeapCorruptionException(String.format("pinned space is not parseable at 0x%x: header 0x%x, size %d",
                        a, h, size));
            }
            if (objects.scanKind(ObjectHeader.typeId(h)) != ObjectModel.GAP) {
                visitor.accept(a);
            }
            a += size;
        }
    }

    /**
     * Checks the space (world stopped): parseable up to {@code top}, objects without GC state bits,
     * and the gaps met on the walk are exactly the listed free runs, with {@link #freeBytes} their sum.
     */
    public synchronized void verify(ObjectModel objects, HeapChecker checker) {
        long t = top;
        if (t < start || t > region.end()) {
            checker.fail("pinned space top 0x" + Long.toHexString(t) + " outside " + region);
            return;
        }
        TreeMap<Long, Long> sizes = new TreeMap<>(large);
        for (int s = 1; s < small.length; s++) {
            for (int i = 0; i < smallCount[s]; i++) {
                Long twice = sizes.put(small[s][i], (long) s << 3);
                checker.check(twice == null, String.format("pinned space lists the free run 0x%x twice", small[s][i]));
            }
        }
        long gapBytes = 0;
        int gaps = 0;
        long a = start;
        while (a < t) {
            long h = memory.getLong(a);
            int kind = objects.scanKind(ObjectHeader.typeId(h));
            long size = objects.sizeOf(a, h);
            if (kind == ObjectModel.INVALID || size <= 0 || (size & 7) != 0 || a + size > t) {
                checker.fail(String.format("pinned space cell at 0x%x: header 0x%x (%s), size %d", a, h,
                        objects.typeName(ObjectHeader.typeId(h)), size));
                return;
            }
            if (kind == ObjectModel.GAP) {
                Long listedSize = sizes.get(a);
                checker.check(listedSize != null && listedSize == size, String.format(
                        "pinned space gap at 0x%x (%d bytes) is not listed as a free run of that size (listed: %s)", a,
                        size, listedSize));
                gapBytes += size;
                gaps++;
            } else {
                checker.check((h & (ObjectHeader.FORWARDED | ObjectHeader.BUSY | ObjectHeader.MARKED)) == 0,
                        String.format("pinned object at 0x%x has GC state bits (header 0x%x)", a, h));
                checker.check(!sizes.containsKey(a), String.format("pinned object at 0x%x is listed as free", a));
            }
            a += size;
        }
        checker.check(gaps == sizes.size(), "pinned space lists " + sizes.size() + " free runs but has " + gaps
                + " gaps");
        checker.check(gapBytes == freeBytes, "pinned space free bytes " + freeBytes + " but its gaps hold " + gapBytes);
    }

    @Override
    public synchronized String toString() {
        return "pinned{footprint=" + footprint() + ", free=" + freeBytes + "}";
    }
}
