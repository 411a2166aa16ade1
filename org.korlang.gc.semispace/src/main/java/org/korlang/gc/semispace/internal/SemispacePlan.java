package org.korlang.gc.semispace.internal;

import java.util.Arrays;
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
import org.korlang.gc.spi.scan.ReferenceSlots;
import org.korlang.gc.spi.scan.SlotVisitor;
import org.korlang.gc.spi.space.BumpSpace;
import org.korlang.gc.spi.space.PinnedSpace;

/**
 * A semispace copying plan (Cheney, 1970) with a non-moving space for pinned objects, written
 * against the gc SPI only.
 *
 * <h2>Spaces</h2>
 * Two regions of {@code heapLimit} bytes each, each a {@link BumpSpace} — the gc bundle's shared
 * bump-pointer space ({@code org.korlang.gc.spi.space}); one is the current space, in which every
 * unpinned object is bump-allocated (mutators' buffers carved by CAS on its top, bounded by the
 * budget; large objects too), the other is empty. Pages are touched only as they are used and the emptied space is decommitted after
 * every collection, so the footprint follows the live set, not twice the limit. A third region of
 * {@code heapLimit} bytes is a {@link PinnedSpace} — the gc bundle's shared space for pinned objects
 * ({@code org.korlang.gc.spi.space}): objects allocated pinned live there and are never moved (bump
 * allocation plus size-keyed free runs, swept after each collection).
 *
 * <h2>Collection (always full)</h2>
 * Flip: the current space becomes from-space. Every root is copied to the start of to-space (the
 * old header becomes a forwarding word, the copy keeps the header without GC state bits); then a
 * scan pointer walks to-space from its start, copying the referent of every reference slot of every
 * object it passes (the slots found by the gc bundle's shared scanner, {@code org.korlang.gc.spi.scan})
 * and storing the new address, until it meets the copy pointer (a plain field, handed to the
 * to-space's {@link BumpSpace#resetTo} at the end) — then every
 * reachable object has been copied exactly once, breadth first, with no mark stack. The survivors
 * are compacted at the bottom of to-space; garbage costs nothing. To-space is as large as
 * from-space, so copying can never run out of room.
 *
 * <h2>Pinned objects</h2>
 * A reference into the pinned space is not copied: the first time the trace meets it the object's
 * header gets the MARKED bit and the object is pushed on a grey stack; the scan loop drains that
 * stack whenever the scan pointer has caught up, tracing the pinned object's slots like those of a
 * copy (their referents are copied, the slots updated to the new addresses) while the object keeps
 * its address. After the trace the pinned space is swept: marked objects are unmarked, unmarked
 * ones are freed — coalesced into free runs whose memory is reused, their headers overwritten with
 * filler words, so a stale reference to one fails the heap's type checks. An object that carries
 * the PIN flag but sits in from-space (it was carried in by a policy switch, whose
 * {@link #allocateForMigration} memory is semispace memory) is copied into the pinned space instead
 * of to-space (to-space if the pinned region is full) and never moves again.
 *
 * <h2>Limits</h2>
 * What counts against the limit is the current space's use plus the pinned space's footprint (free
 * runs included, so the pinned region of limit size cannot fill up first). A collection is
 * triggered when that sum passes a budget (twice the footprint after the last collection, between a
 * quarter of the limit and the limit) or an allocation does not fit; if it still does not fit
 * afterwards the mutator gets {@link HeapExhaustedException}. The two spaces are checked one after
 * the other, not atomically: mutators racing at the limit may pass it by one buffer or pinned object
 * each (never a region's end). Occupancy ({@link #usage}) counts the pinned space's objects, not its
 * free runs. The write barrier range is empty (nothing is remembered).
 *
 * <h2>Object starts</h2>
 * Every copy this plan makes (to to-space, into the pinned space) is recorded with
 * {@link HeapMemory#markObjectStart} once its header is written; after a collection the whole used
 * part of from-space is forgotten ({@link HeapMemory#clearObjectStarts}), as are dead pinned objects
 * and the dead runs of a retired space. The heap records what mutators allocate and what a switch
 * copies in.
 *
 * <h2>Checks</h2>
 * Memory access goes through {@link HeapMemory}'s range-checked accessors; every reference followed
 * must be an aligned object start in from-space or in the used part of the pinned space, with a
 * typed header (and no forwarding word in the pinned space), else {@link HeapCorruptionException}.
 * {@link #verify} checks both spaces, the pinned free runs against the gaps found by walking it.
 */
final class SemispacePlan implements GcPlan {

    private final HeapContext context;
    private final HeapConfig config;
    private final HeapMemory memory;
    private final Region[] regions = new Region[2];
    private final BumpSpace[] spaces = new BumpSpace[2];
    private int current;
    private final PinnedSpace pinned;
    private final long limit;
    private volatile long budget;
    private long liveAfterCollection;

    // collection state (world stopped, collecting thread only)
    private ObjectModel objects;
    private Region from;
    private long copyTop;
    private long[] greyPinned = new long[64];
    private int greyCount;
    private long toEnd;
    /** Plans retired by a policy switch still hold objects: references may lead out of our spaces. */
    private boolean foreignObjects;
    /** Retired by a policy switch: what its last sweep left (−1 before the first). */
    private long retiredLive = -1;
    /**
     * The scan's visitor (one per plan, not per object): {@link #traceSlot}. Declared as its final
     * class, not as SlotVisitor, so that where the JIT inlines the shared scanner here the per-slot
     * call is direct, whatever other collectors' visitors the scanner has seen.
     */
    private final Tracer tracer = new Tracer();

    private final class Tracer implements SlotVisitor {
        @Override
        public void visit(long slot) {
            traceSlot(slot);
        }
    }

    // a policy switch into this plan (world stopped, GC threads): per thread [top, end) of its buffer
    private static final long MIGRATION_LAB = 32 << 10;
    /** Longs between two threads' entries: 128 bytes, so GC threads never share a cache line. */
    private static final int LAB_STRIDE = 16;
    private final long[] migrationLabs;

    SemispacePlan(HeapContext context) {
        this.context = context;
        this.config = context.config();
        this.memory = context.memory();
        this.limit = config.heapLimitBytes();
        Region[] reserved = new Region[3];
        try {
            reserved[0] = memory.reserve("semispace-0", limit);
            reserved[1] = memory.reserve("semispace-1", limit);
            reserved[2] = memory.reserve("semispace-pinned", limit);
        } catch (RuntimeException e) {
            for (Region r : reserved) {
                if (r != null) {
                    memory.release(r);
                }
            }
            throw e;
        }
        for (int i = 0; i < 2; i++) {
            regions[i] = reserved[i];
            spaces[i] = new BumpSpace(reserved[i]);
        }
        pinned = new PinnedSpace(memory, reserved[2]);
        budget = Math.max(limit / 4, Math.min(limit, 1L << 20));
        migrationLabs = new long[context.workers().count() * LAB_STRIDE];
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

    /**
     * Bump-allocates {@code bytes} in the current space so that its use plus the pinned footprint
     * stays within {@code allowed}, or returns 0.
     */
    private long bump(long bytes, long allowed) {
        return spaces[current].allocate(bytes, allowed - pinned.footprint() - context.retiredBytes());
    }

    private long allocate(MutatorView m, long bytes, boolean pin) {
        boolean collected = false;
        while (true) {
            long allowed = collected ? limit : budget;
            long a = pin ? pinned.allocate(bytes, allowed - used() - context.retiredBytes()) : bump(bytes, allowed);
            if (a != 0) {
                memory.zero(a, bytes);
                return a;
            }
            if (collected) {
                throw new HeapExhaustedException(bytes, footprint(), limit);
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
            a = allocate(m, size, false);
        } catch (HeapExhaustedException e) {
            if (size == minBytes) {
                throw e;
            }
            a = allocate(m, minBytes, false); // a full buffer does not fit, the object may
            size = minBytes;
        }
        m.setBuffer(a, a + size);
    }

    @Override
    public long allocateOutsideBuffer(MutatorView m, long bytes, boolean pin) {
        return allocate(m, bytes, pin);
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
        BumpSpace.fill(memory, from, to);
    }

    /** Bytes used in the current space. */
    private long used() {
        return spaces[current].used();
    }

    /** What counts against the limit: the current space's use plus the pinned footprint. */
    private long footprint() {
        return used() + pinned.footprint() + context.retiredBytes();
    }

    // =========================================================================== collection

    @Override
    public CollectionOutcome collect(CollectionKind kind, GcCause cause) {
        retireMigrationLabs();
        objects = context.objects(); // the type table is replaced when types are registered
        long fromUsed = used();
        long before = fromUsed + pinned.occupied();
        from = regions[current];
        Region to = regions[1 - current];
        toEnd = to.end();
        foreignObjects = context.retiredBytes() > 0;
        copyTop = to.start();
        greyCount = 0;
        int parts = context.roots().partitions();
        for (int p = 0; p < parts; p++) {
            context.roots().visit(p, this::trace);
        }
        long scan = to.start();
        while (true) {
            while (scan < copyTop) { // Cheney's scan pointer chases the allocation pointer
                scan += scanSlots(scan);
            }
            if (greyCount == 0) {
                break;
            }
            scanSlots(greyPinned[--greyCount]); // a pinned object: traced in place
        }
        context.rememberedSet().drain(); // nothing is logged (empty barrier range)
        memory.clearObjectStarts(from.start(), fromUsed); // every object there is dead or copied
        spaces[current].reset();
        current = 1 - current;
        spaces[current].resetTo(copyTop);
        pinned.sweep(objects);
        // from-space is garbage now: give its pages back (whole 64 KiB chunks inside the region)
        long dirty = Math.min(from.size(), (fromUsed + 0xFFFF) & ~0xFFFFL);
        if (dirty > 0) {
            memory.decommit(from.start(), dirty);
        }
        from = null;
        objects = null;
        liveAfterCollection = footprint();
        budget = Math.min(limit, Math.max(Math.max(limit / 4, 1L << 20), 2 * liveAfterCollection));
        return new CollectionOutcome(CollectionKind.FULL, before, used() + pinned.occupied(), 0);
    }

    /**
     * The new address of the object {@code v} refers to: a from-space object is copied (once; its
     * forwarding word answers afterwards), a pinned one is marked and queued for scanning in place.
     */
    private long trace(long v) {
        if ((v & 7) == 0 && from.contains(v) && v + 8 <= from.end()) {
            long h = memory.getLong(v);
            if (ObjectHeader.isForwarded(h)) {
                return ObjectHeader.forwardee(h);
            }
            long size = objectSize(v, h, "from-space");
            long n = (h & ObjectHeader.PINNED) != 0 ? pinned.allocate(size, pinned.region().size()) : 0;
            if (n != 0) { // pinned, but carried in by a switch: into the pinned space, for good
                memory.copy(v, n, size);
                memory.putLong(n, (h & ObjectHeader.COPY_MASK) | ObjectHeader.MARKED);
                memory.markObjectStart(n);
                pushGrey(n);
            } else {
                n = copyToSpace(v, h, size);
            }
            memory.putLong(v, n | ObjectHeader.FORWARDED);
            return n;
        }
        if ((v & 7) == 0 && pinned.contains(v)) {
            long h = memory.getLong(v);
            if (ObjectHeader.isForwarded(h)) {
                throw new HeapCorruptionException(String.format("pinned object 0x%x has a forwarding header 0x%x", v, h));
            }
            objectSize(v, h, "the pinned space");
            if (!ObjectHeader.isMarked(h)) {
                memory.putLong(v, h | ObjectHeader.MARKED);
                pushGrey(v);
            }
            return v;
        }
        if (foreignObjects && (v & 7) == 0 && memory.contains(v, 16)) {
            return traceForeign(v);
        }
        throw new HeapCorruptionException(String.format("reference 0x%x is neither in from-space %s nor in the pinned "
                + "space %s", v, from, pinned));
    }

    /**
     * An object of a plan that a policy switch retired: copied into to-space like a from-space object
     * (its retired plan frees the original when it sweeps), unless it is pinned — then it stays where
     * it is, marked (the retired plan keeps it) and scanned in place like our own pinned objects.
     */
    private long traceForeign(long v) {
        long h = memory.getLong(v);
        if (ObjectHeader.isForwarded(h)) {
            return ObjectHeader.forwardee(h);
        }
        long size = objectSize(v, h, "a retired plan");
        if ((h & ObjectHeader.PINNED) != 0) {
            if (!ObjectHeader.isMarked(h)) {
                memory.putLong(v, h | ObjectHeader.MARKED);
                pushGrey(v);
            }
            return v;
        }
        long n = copyToSpace(v, h, size);
        memory.putLong(v, n | ObjectHeader.FORWARDED);
        return n;
    }

    /** A copy of the object at {@code v} at to-space's allocation pointer. */
    private long copyToSpace(long v, long h, long size) {
        long n = copyTop;
        if (n + size > toEnd) {
            // cannot happen while occupancy (retired bytes included) stays within the limit
            throw new HeapCorruptionException(String.format("to-space overflow copying 0x%x (%d bytes)", v, size));
        }
        copyTop = n + size;
        memory.copy(v, n, size);
        memory.putLong(n, h & ObjectHeader.COPY_MASK);
        memory.markObjectStart(n);
        return n;
    }

    /** The size of the object at {@code v}, which must have a typed header. */
    private long objectSize(long v, long h, String where) {
        int kind = objects.scanKind(ObjectHeader.typeId(h));
        if (kind == ObjectModel.GAP || kind == ObjectModel.INVALID) {
            throw new HeapCorruptionException(String.format("reference 0x%x in %s to a non-object (header 0x%x, %s)", v,
                    where, h, objects.typeName(ObjectHeader.typeId(h))));
        }
        return objects.sizeOf(v, h);
    }

    private void pushGrey(long pinnedObject) {
        if (greyCount == greyPinned.length) {
            greyPinned = Arrays.copyOf(greyPinned, greyCount * 2);
        }
        greyPinned[greyCount++] = pinnedObject;
    }

    /**
     * Traces every reference slot of the object at {@code a}, storing the new addresses (the gc
     * bundle's shared slot scanner, {@link ReferenceSlots}); returns its size.
     */
    private long scanSlots(long a) {
        long h = memory.getLong(a);
        ReferenceSlots.forEach(a, h, objects, memory, tracer);
        return objects.sizeOf(a, h);
    }

    /** A non-null reference slot gets its referent's new address ({@link #trace}). */
    private void traceSlot(long slot) {
        long v = memory.getLong(slot);
        if (v != 0) {
            memory.putLong(slot, trace(v));
        }
    }

    // =========================================================================== walking, checks

    @Override
    public void forEachObject(LongConsumer visitor) {
        retireMigrationLabs();
        ObjectModel objects = context.objects();
        spaces[current].forEachObject(memory, objects, visitor);
        pinned.forEachObject(objects, visitor);
    }

    @Override
    public void verify(HeapChecker checker) {
        retireMigrationLabs();
        ObjectModel objects = context.objects();
        long a = spaces[current].start();
        long t = spaces[current].top();
        checker.check(t >= a && t <= spaces[current].end(), "semispace top 0x" + Long.toHexString(t) + " outside "
                + regions[current]);
        while (a < t) {
            long h = memory.getLong(a);
            int k = objects.scanKind(ObjectHeader.typeId(h));
            long size = objects.sizeOf(a, h);
            if (k == ObjectModel.INVALID || size <= 0 || (size & 7) != 0 || a + size > t) {
                checker.fail(String.format("semispace object at 0x%x: header 0x%x, size %d", a, h, size));
                break;
            }
            checker.check(!ObjectHeader.isForwarded(h) && !ObjectHeader.isMarked(h),
                    String.format("semispace object at 0x%x has GC state bits (header 0x%x)", a, h));
            a += size;
        }
        pinned.verify(objects, checker);
    }

    @Override
    public SpaceUsage usage() {
        long objects = retiredLive >= 0 ? retiredLive : used() + pinned.occupied();
        return new SpaceUsage(0, 0, objects, 0);
    }

    /** Everything stays where it is; only the switch's migration buffers need filling. */
    @Override
    public boolean retire() {
        retireMigrationLabs();
        return true;
    }

    /**
     * Sweeps the current space against the successor's marks: MARKED objects stay (bit cleared),
     * FORWARDED ones were moved out by a copying successor (their size read from the copy), the rest
     * are dead; dead runs become one filler gap each and their whole pages go back to the OS. The
     * pinned space is swept as after our own collections.
     */
    @Override
    public long sweepRetired() {
        ObjectModel objects = context.objects();
        long a = spaces[current].start();
        long t = spaces[current].top();
        long live = 0;
        long deadFrom = -1;
        while (a < t) {
            long h = memory.getLong(a);
            long size;
            boolean alive = false;
            if (ObjectHeader.isForwarded(h)) {
                long copy = ObjectHeader.forwardee(h);
                size = objects.sizeOf(copy, memory.getLong(copy));
            } else {
                size = objects.sizeOf(a, h);
                alive = ObjectHeader.isMarked(h);
            }
            if (size <= 0 || (size & 7) != 0 || a + size > t) {
                throw new HeapCorruptionException(String.format("retired semispace is not parseable at 0x%x: header 0x%x",
                        a, h));
            }
            if (alive) {
                memory.putLong(a, h & ~ObjectHeader.MARKED);
                live += size;
                if (deadFrom >= 0) {
                    freeRun(deadFrom, a);
                    deadFrom = -1;
                }
            } else if (deadFrom < 0) {
                deadFrom = a;
            }
            a += size;
        }
        if (deadFrom >= 0) {
            freeRun(deadFrom, t);
        }
        pinned.sweep(objects);
        retiredLive = live + pinned.occupied();
        return retiredLive;
    }

    /** A dead run of a retired space: one filler gap; its whole 64 KiB chunks go back to the OS. */
    private void freeRun(long from, long to) {
        memory.clearObjectStarts(from, to - from);
        long pageFrom = (from + 16 + 0xFFFF) & ~0xFFFFL; // 64 KiB: a multiple of any page size we run on
        long pageTo = to & ~0xFFFFL;
        if (pageTo > pageFrom) {
            memory.decommit(pageFrom, pageTo - pageFrom); // reads as zero: only the gap's header matters
        }
        fill(from, to);
    }

    @Override
    public long bytesPromoted() {
        return 0;
    }

    @Override
    public long allocateForMigration(long bytes) {
        long a = bump(bytes, limit);
        if (a == 0) {
            throw new HeapExhaustedException(bytes, footprint(), limit);
        }
        return a;
    }

    /**
     * Per GC thread, a 32 KiB buffer bumped without atomics (one CAS on the space's top per buffer, not
     * per object); larger objects take the shared bump. The unused tails become filler gaps before
     * anything parses the space ({@link #retireMigrationLabs}).
     */
    @Override
    public long allocateForMigration(int worker, long bytes) {
        int i = worker * LAB_STRIDE;
        long t = migrationLabs[i];
        if (t != 0 && t + bytes <= migrationLabs[i + 1]) {
            migrationLabs[i] = t + bytes;
            return t;
        }
        if (bytes > MIGRATION_LAB / 4) {
            return allocateForMigration(bytes);
        }
        if (t != 0) {
            fill(t, migrationLabs[i + 1]);
        }
        long lab = bump(MIGRATION_LAB, limit);
        if (lab == 0) {
            migrationLabs[i] = migrationLabs[i + 1] = 0;
            return allocateForMigration(bytes);
        }
        migrationLabs[i] = lab + bytes;
        migrationLabs[i + 1] = lab + MIGRATION_LAB;
        return lab;
    }

    /** Makes the unused tails of the migration buffers parseable gaps (world stopped). */
    private void retireMigrationLabs() {
        for (int i = 0; i < migrationLabs.length; i += LAB_STRIDE) {
            if (migrationLabs[i] != 0) {
                fill(migrationLabs[i], migrationLabs[i + 1]);
                migrationLabs[i] = migrationLabs[i + 1] = 0;
            }
        }
    }

    @Override
    public void close() {
        memory.release(regions[0]);
        memory.release(regions[1]);
        memory.release(pinned.region());
    }

    @Override
    public String toString() {
        return "semispace{used=" + used() + ", " + pinned + ", budget=" + budget + "}";
    }
}
