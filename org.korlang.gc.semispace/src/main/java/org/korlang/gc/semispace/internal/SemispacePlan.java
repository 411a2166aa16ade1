package org.korlang.gc.semispace.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.spi.CollectionOutcome;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.MutatorView;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Region;
import org.korlang.gc.spi.SpaceUsage;

/**
 * A semispace copying plan (Cheney, 1970), written against the gc SPI only.
 *
 * <h2>Spaces</h2>
 * Two regions of {@code heapLimit} bytes each; one is the current space, in which everything is
 * bump-allocated (mutators' buffers carved by CAS on {@link #top}; large and pinned objects too),
 * the other is empty. Pages are touched only as they are used and the emptied space is decommitted
 * after every collection, so the footprint follows the live set, not twice the limit.
 *
 * <h2>Collection (always full)</h2>
 * Flip: the current space becomes from-space. Every root is copied to the start of to-space (the
 * old header becomes a forwarding word, the copy keeps the header without GC state bits); then a
 * scan pointer walks to-space from its start, copying the referent of every reference slot of every
 * object it passes and storing the new address, until it meets the allocation pointer — then every
 * reachable object has been copied exactly once, breadth first, with no mark stack. The survivors
 * are compacted at the bottom of to-space; garbage costs nothing. To-space is as large as
 * from-space, so copying can never run out of room.
 *
 * <h2>Limits</h2>
 * A collection is triggered when the current space's use passes a budget (twice the live bytes of
 * the last collection, between a quarter of the limit and the limit) or an allocation does not
 * fit; if it still does not fit afterwards the mutator gets {@link HeapExhaustedException}. The
 * write barrier range is empty (nothing is remembered). Every object moves, so PIN is not honoured
 * by this policy (a pinned object is moved like any other).
 *
 * <h2>Checks</h2>
 * Memory access goes through {@link HeapMemory}'s range-checked accessors; every reference followed
 * must be an aligned object start in from-space with a typed header, else
 * {@link HeapCorruptionException}.
 */
final class SemispacePlan implements GcPlan {

    private final HeapContext context;
    private final HeapConfig config;
    private final HeapMemory memory;
    private final Region[] spaces = new Region[2];
    private int current;
    private final AtomicLong top = new AtomicLong();
    private final long limit;
    private volatile long budget;
    private long liveAfterCollection;

    SemispacePlan(HeapContext context) {
        this.context = context;
        this.config = context.config();
        this.memory = context.memory();
        this.limit = config.heapLimitBytes();
        spaces[0] = memory.reserve("semispace-0", limit);
        try {
            spaces[1] = memory.reserve("semispace-1", limit);
        } catch (RuntimeException e) {
            memory.release(spaces[0]);
            throw e;
        }
        top.set(spaces[0].start());
        budget = Math.max(limit / 4, Math.min(limit, 1L << 20));
    }

    @Override
    public String policyName() {
        return SemispacePolicy.NAME;
    }

    @Override
    public long barrierLow() {
        return 0;
    }

    @Override
    public long barrierHigh() {
        return 0;
    }

    // =========================================================================== allocation

    /** Bump-allocates {@code bytes} in the current space under the budget, or 0. */
    private long bump(long bytes, long allowed) {
        Region space = spaces[current];
        long end = Math.min(space.end(), space.start() + allowed);
        while (true) {
            long t = top.get();
            if (t + bytes > end) {
                return 0;
            }
            if (top.compareAndSet(t, t + bytes)) {
                return t;
            }
        }
    }

    private long allocate(MutatorView m, long bytes) {
        boolean collected = false;
        while (true) {
            long a = bump(bytes, collected ? limit : budget);
            if (a != 0) {
                memory.zero(a, bytes);
                return a;
            }
            if (collected) {
                throw new HeapExhaustedException(bytes, used(), limit);
            }
            context.collect(m, CollectionKind.FULL, GcCause.ALLOCATION_FAILURE);
            collected = true;
        }
    }

    @Override
    public void refillBuffer(MutatorView m, long minBytes) {
        long size = Math.max(config.tlabBytes(), minBytes);
        long a;
        try {
            a = allocate(m, size);
        } catch (HeapExhaustedException e) {
            if (size == minBytes) {
                throw e;
            }
            a = allocate(m, minBytes); // a full buffer does not fit, the object may
            size = minBytes;
        }
        m.setBuffer(a, a + size);
    }

    @Override
    public long allocateOutsideBuffer(MutatorView m, long bytes, boolean pinned) {
        return allocate(m, bytes);
    }

    @Override
    public void retireBuffer(MutatorView m) {
        long t = m.bufferTop();
        if (t != 0) {
            fill(t, m.bufferEnd());
            m.setBuffer(0, 0);
        }
    }

    /** Makes {@code [from, to)} a parseable dead gap. */
    private void fill(long from, long to) {
        long len = to - from;
        if (len == 8) {
            memory.putLong(from, ObjectHeader.make(ObjectHeader.TYPE_FILLER_WORD));
        } else if (len > 8) {
            memory.putLong(from, ObjectHeader.make(ObjectHeader.TYPE_FILLER));
            memory.putLong(from + 8, len);
        }
    }

    private long used() {
        return top.get() - spaces[current].start();
    }

    // =========================================================================== collection

    @Override
    public CollectionOutcome collect(CollectionKind kind, GcCause cause) {
        ObjectModel objects = context.objects(); // the type table is replaced when types are registered
        long before = used();
        Region from = spaces[current];
        Region to = spaces[1 - current];
        long[] alloc = {to.start()};
        // copies one referent into to-space (or finds its copy) and returns the new address
        java.util.function.LongUnaryOperator copy = v -> {
            if ((v & 7) != 0 || !from.contains(v) || v + 8 > from.end()) {
                throw new HeapCorruptionException(String.format("reference 0x%x is not in from-space %s", v, from));
            }
            long h = memory.getLong(v);
            if (ObjectHeader.isForwarded(h)) {
                return ObjectHeader.forwardee(h);
            }
            int kindOf = objects.scanKind(ObjectHeader.typeId(h));
            if (kindOf == ObjectModel.GAP || kindOf == ObjectModel.INVALID) {
                throw new HeapCorruptionException(String.format("reference 0x%x to a non-object (header 0x%x, %s)", v, h,
                        objects.typeName(ObjectHeader.typeId(h))));
            }
            long size = objects.sizeOf(v, h);
            long n = alloc[0];
            alloc[0] = n + size;
            memory.copy(v, n, size);
            memory.putLong(n, h & ObjectHeader.COPY_MASK);
            memory.putLong(v, n | ObjectHeader.FORWARDED);
            return n;
        };
        int parts = context.roots().partitions();
        for (int p = 0; p < parts; p++) {
            context.roots().visit(p, copy::applyAsLong);
        }
        long scan = to.start();
        while (scan < alloc[0]) { // Cheney's scan pointer chases the allocation pointer
            long h = memory.getLong(scan);
            int type = ObjectHeader.typeId(h);
            int k = objects.scanKind(type);
            if (k == ObjectModel.FIXED) {
                for (int off : objects.referenceOffsets(type)) {
                    long v = memory.getLong(scan + off);
                    if (v != 0) {
                        memory.putLong(scan + off, copy.applyAsLong(v));
                    }
                }
            } else if (k == ObjectModel.REFERENCE_ARRAY) {
                long len = memory.getLong(scan + 8);
                for (long s = scan + ObjectHeader.ARRAY_BASE, end = s + (len << 3); s < end; s += 8) {
                    long v = memory.getLong(s);
                    if (v != 0) {
                        memory.putLong(s, copy.applyAsLong(v));
                    }
                }
            }
            scan += objects.sizeOf(scan, h);
        }
        context.rememberedSet().drain(); // nothing is logged (empty barrier range)
        current = 1 - current;
        top.set(alloc[0]);
        // from-space is garbage now: give its pages back (whole 64 KiB chunks inside the region)
        long usedFrom = Math.min(from.size(), (before + 0xFFFF) & ~0xFFFFL);
        if (usedFrom > 0) {
            memory.decommit(from.start(), usedFrom);
        }
        liveAfterCollection = used();
        budget = Math.min(limit, Math.max(Math.max(limit / 4, 1L << 20), 2 * liveAfterCollection));
        return new CollectionOutcome(CollectionKind.FULL, before, liveAfterCollection, 0);
    }

    // =========================================================================== walking, checks

    @Override
    public void forEachObject(LongConsumer visitor) {
        ObjectModel objects = context.objects();
        long a = spaces[current].start();
        long t = top.get();
        while (a < t) {
            long h = memory.getLong(a);
            long size = objects.sizeOf(a, h);
            if (size <= 0 || (size & 7) != 0 || a + size > t) {
                throw new HeapCorruptionException(String.format("semispace is not parseable at 0x%x: header 0x%x, size %d",
                        a, h, size));
            }
            if (objects.scanKind(ObjectHeader.typeId(h)) != ObjectModel.GAP) {
                visitor.accept(a);
            }
            a += size;
        }
    }

    @Override
    public void verify(HeapChecker checker) {
        ObjectModel objects = context.objects();
        long a = spaces[current].start();
        long t = top.get();
        checker.check(t >= a && t <= spaces[current].end(), "semispace top 0x" + Long.toHexString(t) + " outside "
                + spaces[current]);
        while (a < t) {
            long h = memory.getLong(a);
            int k = objects.scanKind(ObjectHeader.typeId(h));
            long size = objects.sizeOf(a, h);
            if (k == ObjectModel.INVALID || size <= 0 || (size & 7) != 0 || a + size > t) {
                checker.fail(String.format("semispace object at 0x%x: header 0x%x, size %d", a, h, size));
                return;
            }
            checker.check(!ObjectHeader.isForwarded(h) && !ObjectHeader.isMarked(h),
                    String.format("semispace object at 0x%x has GC state bits (header 0x%x)", a, h));
            a += size;
        }
    }

    @Override
    public SpaceUsage usage() {
        return new SpaceUsage(0, 0, used(), 0);
    }

    @Override
    public long bytesPromoted() {
        return 0;
    }

    @Override
    public long allocateForMigration(long bytes) {
        long a = bump(bytes, limit);
        if (a == 0) {
            throw new HeapExhaustedException(bytes, used(), limit);
        }
        return a;
    }

    @Override
    public void close() {
        memory.release(spaces[0]);
        memory.release(spaces[1]);
    }

    @Override
    public String toString() {
        return "semispace{used=" + used() + ", budget=" + budget + "}";
    }
}
