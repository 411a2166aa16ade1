package org.korlang.gc.internal.generational;

import java.util.Optional;
import java.util.function.LongConsumer;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.internal.core.Arena;
import org.korlang.gc.internal.core.TypeTable;
import org.korlang.gc.spi.CollectionOutcome;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.MutatorView;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.Region;
import org.korlang.gc.spi.SpaceUsage;
import org.korlang.gc.spi.space.BumpSpace;
import org.korlang.gc.spi.space.LargeObjectSpace;
import org.korlang.gc.spi.space.MatureSpaces;
import org.korlang.gc.spi.space.SegregatedSpace;
import org.korlang.gc.spi.space.SizeClasses;
import org.korlang.gc.spi.trace.Marking;

/**
 * The generational plan: a copying young generation over a non-moving mark-sweep old generation and
 * a large-object space.
 *
 * <h2>Spaces</h2>
 * <pre>
 *  young region (the write barrier's range)          old region                     large region
 * +-----------+---------------------+-----------+   +---------------------------+  +-----------------+
 * | survivor0 | eden (TLABs, bump)  | survivor1 |   | 64 KiB blocks, size-class |  | page runs, one   |
 * +-----------+---------------------+-----------+   | cells, free lists         |  | per object       |
 *                                                   +---------------------------+  +-----------------+
 * </pre>
 * Mutators bump-allocate in TLABs carved from eden (CAS on eden's top); objects above a quarter
 * TLAB go straight to eden, above the large-object threshold to the large space, pinned ones to
 * the old space (which never moves objects).
 *
 * <h2>Collections</h2>
 * <ul>
 * <li><b>Minor</b> (eden full): {@link Evacuation} copies live young objects — found from the handles
 * and the remembered set — into the empty survivor or, at the tenuring age, into the old space;
 * then eden and the old survivor are empty and the survivors swap roles.</li>
 * <li><b>Full</b> (old + large over the budget after a minor, or requested): {@link Marking} marks
 * everything reachable (young included), the old and large spaces are swept, the remembered set
 * loses entries for dead objects, then the young generation is evacuated as in a minor collection.</li>
 * <li><b>Budget</b>: starts at a quarter of the limit and after each full collection becomes twice the
 * live old bytes (between a quarter of the limit and the limit), so full collections get rarer as
 * the live set grows and the footprint stays near the live size. Budget and limit count the bytes
 * of objects (old cells at their size class, large objects at whole pages —
 * {@link MatureSpaces#liveBytes()}), not the blocks holding them, so half-empty blocks left by dead
 * objects do not exhaust the heap: objects of their size classes reuse the free cells. Blocks freed
 * by a full collection stay committed up to the budget's headroom over the committed footprint
 * (promotion would fault them in again at ≈ 8 ns per small object); the rest go back to the OS with
 * {@code madvise(DONTNEED)}.</li>
 * <li><b>Parallelism</b>: marking, evacuation and sweeping run on the heap's GC threads
 * ({@link org.korlang.gc.spi.ParallelWorkers}); the collecting thread is worker 0.</li>
 * </ul>
 *
 * <h2>Heap exhaustion without damage</h2>
 * A minor collection starts only if the old space has free blocks for every young byte at the worst
 * size-class rounding ({@link #canEvacuate}); the old region is reserved that much larger than the
 * limit, so promotion never fails mid-collection. If a full collection leaves more live old + large
 * bytes than the limit, or cannot evacuate the young generation, the plan is "exhausted": the allocating mutator
 * gets {@link HeapExhaustedException}; the next allocation attempt runs another full collection
 * first, so once the program drops references it allocates again.
 */
public final class GenerationalPlan implements GcPlan {

    private final HeapContext context;
    private final HeapConfig config;
    private final Arena memory;
    private final Region youngRegion;
    private final MatureSpaces mature;
    /** The mature spaces went to the next plan of a policy switch: {@link #close} leaves them alone. */
    private boolean handedOver;
    /** Set while a hand-over promotes the whole young generation (tenuring age 0). */
    private boolean promoteAll;
    /** The young region went back to the heap (retired, or closed). */
    private boolean youngReleased;
    private final BumpSpace eden;
    private final BumpSpace[] survivors = new BumpSpace[2];
    private int fromIndex;
    private final SegregatedSpace old;
    private final LargeObjectSpace large;
    private final SegregatedSpace.Allocator mutatorOldAllocator;
    /** One per GC thread, for objects a policy switch carries in (world stopped). */
    private final SegregatedSpace.Allocator[] migrationAllocators;
    private final int threads;
    private final long limit;
    private long budget;
    private volatile boolean exhausted;
    private volatile long promotedTotal;

    /** A plan with fresh spaces. */
    static GenerationalPlan create(HeapContext context) {
        Arena memory = arena(context);
        Region young = reserveYoung(context);
        try {
            return new GenerationalPlan(context, young,
                    MatureSpaces.reserve(memory, context.config(), context.workers().count()));
        } catch (RuntimeException e) {
            memory.release(young);
            throw e;
        }
    }

    /**
     * A plan that takes over {@code previous}'s mature spaces in place (world stopped), with a fresh,
     * empty young generation; null if {@code previous} cannot hand them over.
     */
    static GenerationalPlan adopt(HeapContext context, MatureSpaces.Owner previous) {
        Arena memory = arena(context);
        Region young = reserveYoung(context);
        MatureSpaces spaces;
        try {
            spaces = previous.handOverMatureSpaces();
        } catch (RuntimeException | Error e) {
            memory.release(young);
            throw e;
        }
        if (spaces == null) {
            memory.release(young);
            return null;
        }
        return new GenerationalPlan(context, young, spaces);
    }

    private static Arena arena(HeapContext context) {
        if (!(context.memory() instanceof Arena arena)) {
            throw new IllegalArgumentException("the generational plan runs on the built-in heap memory only");
        }
        return arena;
    }

    private static Region reserveYoung(HeapContext context) {
        HeapConfig config = context.config();
        return arena(context).reserve("young", config.youngGenerationBytes());
    }

    private GenerationalPlan(HeapContext context, Region youngRegion, MatureSpaces mature) {
        this.context = context;
        this.config = context.config();
        this.memory = arena(context);
        this.threads = context.workers().count();
        this.limit = config.heapLimitBytes();
        this.youngRegion = youngRegion;
        // [survivor0][eden][survivor1]: whichever survivor is the from-space, it is adjacent to eden,
        // so "to be evacuated" (eden or from) is one range check in the evacuator
        this.survivors[0] = new BumpSpace("survivor0", youngRegion.start(), config.survivorBytes());
        this.eden = new BumpSpace("eden", survivors[0].end(), config.nurseryBytes());
        this.survivors[1] = new BumpSpace("survivor1", eden.end(), config.survivorBytes());
        this.mature = mature;
        this.old = mature.cells;
        this.large = mature.large;
        this.mutatorOldAllocator = old.newAllocator();
        this.migrationAllocators = new SegregatedSpace.Allocator[threads];
        for (int i = 0; i < threads; i++) {
            migrationAllocators[i] = old.newAllocator();
        }
        this.budget = budgetFor(liveBytes());
    }

    /** Twice the live mature bytes, between a quarter of the limit and the limit. */
    private long budgetFor(long occupied) {
        return Math.min(limit, Math.max(Math.max(limit / 4, SegregatedSpace.BLOCK * 4), 2 * occupied));
    }

    Arena memory() {
        return memory;
    }

    TypeTable types() {
        return (TypeTable) context.objects();
    }

    int tenuringThreshold() {
        return promoteAll ? 0 : config.tenuringThreshold();
    }

    @Override
    public String policyName() {
        return GenerationalPolicy.NAME;
    }

    @Override
    public long barrierLow() {
        return youngRegion.start();
    }

    @Override
    public long barrierHigh() {
        return youngRegion.end();
    }

    // =========================================================================== allocation

    @Override
    public void refillBuffer(MutatorView m, long minBytes) {
        long size = Math.max(config.tlabBytes(), minBytes);
        boolean collected = false;
        while (true) {
            if (exhausted) {
                if (!collected) {
                    context.collect(m, CollectionKind.FULL, GcCause.HEAP_LIMIT);
                    collected = true;
                    continue;
                }
                throw exhaustedError(minBytes);
            }
            long a = eden.allocate(size);
            if (a != 0) {
                memory.zero(a, size);
                m.setBuffer(a, a + size);
                return;
            }
            collected |= context.collect(m, CollectionKind.YOUNG, GcCause.ALLOCATION_FAILURE);
        }
    }

    @Override
    public long allocateOutsideBuffer(MutatorView m, long bytes, boolean pinned) {
        if (bytes > limit) { // can never fit: no point collecting
            throw exhaustedError(bytes);
        }
        boolean young = !pinned && bytes <= config.largeObjectBytes();
        boolean collectedFull = false;
        boolean collected = false;
        while (true) {
            if (exhausted) {
                if (!collected) {
                    context.collect(m, CollectionKind.FULL, GcCause.HEAP_LIMIT);
                    collected = collectedFull = true;
                    continue;
                }
                throw exhaustedError(bytes);
            }
            long a = tryAllocate(bytes, young, pinned, collectedFull ? limit : budget);
            if (a != 0) {
                return a;
            }
            if (collectedFull) {
                throw exhaustedError(bytes);
            }
            CollectionKind kind = young ? CollectionKind.YOUNG : CollectionKind.FULL;
            boolean ran = context.collect(m, kind, young ? GcCause.ALLOCATION_FAILURE : GcCause.OLD_GENERATION_BUDGET);
            collected |= ran;
            collectedFull |= ran && !young;
        }
    }

    /** Zeroed memory outside a TLAB, or 0 if a collection is needed first. */
    private long tryAllocate(long bytes, boolean young, boolean pinned, long allowed) {
        long a;
        if (young) {
            a = eden.allocate(bytes);
        } else if (liveBytes() + bytes > allowed) {
            return 0;
        } else if (pinned && bytes <= SizeClasses.MAX) {
            synchronized (mutatorOldAllocator) {
                a = mutatorOldAllocator.allocate(bytes);
            }
        } else {
            return large.allocate(bytes);
        }
        if (a != 0) {
            memory.zero(a, bytes);
        }
        return a;
    }

    private HeapExhaustedException exhaustedError(long bytes) {
        return new HeapExhaustedException(bytes, liveBytes(), limit);
    }

    @Override
    public void retireBuffer(MutatorView m) {
        long top = m.bufferTop();
        if (top != 0) {
            BumpSpace.fill(memory, top, m.bufferEnd());
            m.setBuffer(0, 0);
        }
    }

    /**
     * Live old cells (allocators' unreleased ones included) plus large objects and what retired
     * plans hold: what the budget and the limit bound (see {@link MatureSpaces#liveBytes()}).
     */
    private long liveBytes() {
        long unreleased;
        synchronized (mutatorOldAllocator) {
            unreleased = mutatorOldAllocator.unreleasedBytes();
            for (SegregatedSpace.Allocator a : migrationAllocators) {
                unreleased += a.unreleasedBytes();
            }
        }
        return mature.liveBytes() + unreleased + context.retiredBytes();
    }

    // =========================================================================== collection

    @Override
    public CollectionOutcome collect(CollectionKind kind, GcCause cause) {
        long before = usage().total();
        long promotedBefore = promotedTotal;
        releaseOldAllocators();
        CollectionKind done;
        if (kind == CollectionKind.FULL || !canEvacuate()) {
            full();
            done = CollectionKind.FULL;
        } else {
            minor();
            done = CollectionKind.YOUNG;
            if (liveBytes() > budget) {
                full();
                done = CollectionKind.FULL;
            }
        }
        return new CollectionOutcome(done, before, usage().total(), promotedTotal - promotedBefore);
    }

    /** Whether every young byte could be promoted even at the worst size-class rounding. */
    private boolean canEvacuate() {
        long young = eden.used() + from().used();
        long need = (long) (young * SizeClasses.MAX_WASTE_FACTOR)
                + (long) threads * SizeClasses.COUNT * SegregatedSpace.BLOCK;
        return old.freeBlockBytes() >= need;
    }

    private BumpSpace from() {
        return survivors[fromIndex];
    }

    private BumpSpace to() {
        return survivors[1 - fromIndex];
    }

    private void minor() {
        BumpSpace from = from();
        BumpSpace to = to();
        if (to.used() != 0) {
            throw new HeapCorruptionException("to-survivor space is not empty at the start of a minor collection");
        }
        long[] remembered = context.rememberedSet().drain();
        Evacuation ev = new Evacuation(this, eden, from, to, old, threads, context.roots(), remembered);
        context.workers().run(ev::run);
        long promoted = 0;
        for (Evacuation.Worker w : ev.workers) {
            promoted += w.promotedBytes;
            if (w.relogCount > 0) {
                context.rememberedSet().addAll(w.relog, w.relogCount);
            }
        }
        promotedTotal += promoted;
        if (config.verify()) {
            // poison: stale raw references into evacuated memory now read type 0
            memory.zero(eden.start(), eden.used());
            memory.zero(from.start(), from.used());
        }
        // every object there is dead or moved: no start may survive into the reused memory
        memory.starts().clearRange(eden.start(), eden.top());
        memory.starts().clearRange(from.start(), from.top());
        eden.reset();
        from.reset();
        fromIndex = 1 - fromIndex;
    }

    private void full() {
        TypeTable types = types();
        new Marking(context).markAll(context.workers());
        mature.sweep(context.workers());
        // drop remembered entries of objects that just died: ours are free cells by now; a retired
        // plan's objects are swept only after this collection, so there "dead" means unmarked — the
        // evacuation below must not scan them (it would keep their young referents alive, pointing
        // at retired objects about to be freed)
        long[] entries = context.rememberedSet().drain();
        int kept = 0;
        for (long e : entries) {
            long h = memory.getLong(e);
            int kind = types.scanKind(ObjectHeader.typeId(h));
            boolean ours = old.contains(e) || large.contains(e);
            if ((kind == TypeTable.FIXED || kind == TypeTable.REFERENCE_ARRAY) && (h & ObjectHeader.REMEMBERED) != 0
                    && (ours || (h & ObjectHeader.MARKED) != 0)) {
                entries[kept++] = e;
            }
        }
        context.rememberedSet().addAll(entries, kept);
        boolean evacuated = canEvacuate();
        if (evacuated) {
            minor();
        } else {
            LongConsumer unmark = a -> memory.putLong(a, memory.getLong(a) & ~ObjectHeader.MARKED);
            eden.forEachObject(memory, types, unmark);
            from().forEachObject(memory, types, unmark);
        }
        long liveNow = liveBytes();
        exhausted = !evacuated || liveNow > limit;
        budget = budgetFor(liveNow);
        old.decommitFreed(budget - mature.footprint() - context.retiredBytes());
    }

    // =========================================================================== walking, checks

    @Override
    public void forEachObject(LongConsumer visitor) {
        releaseOldAllocators();
        TypeTable types = types();
        eden.forEachObject(memory, types, visitor);
        from().forEachObject(memory, types, visitor);
        old.forEachObject(visitor);
        large.forEachObject(visitor);
    }

    @Override
    public void verify(HeapChecker checker) {
        TypeTable types = types();
        releaseOldAllocators();
        eden.verify(memory, types, checker);
        from().verify(memory, types, checker);
        checker.check(to().used() == 0, "to-survivor space holds " + to().used() + " bytes between collections");
        old.verify(types, checker);
        large.verify(checker);
    }

    @Override
    public SpaceUsage usage() {
        long unreleased = 0; // pinned objects and objects carried in by a switch
        synchronized (mutatorOldAllocator) {
            unreleased += mutatorOldAllocator.unreleasedBytes();
            for (SegregatedSpace.Allocator a : migrationAllocators) {
                unreleased += a.unreleasedBytes();
            }
        }
        return new SpaceUsage(eden.used() + from().used(), eden.capacity() + 2 * from().capacity(),
                old.usedBytes() + unreleased, large.usedBytes());
    }

    @Override
    public long bytesPromoted() {
        return promotedTotal;
    }

    @Override
    public long allocateForMigration(long bytes) {
        return allocateForMigration(0, bytes);
    }

    /**
     * Promotes the whole young generation (an evacuation with tenuring age 0, so it needs the same
     * room as any minor collection), clears the remembered bits (the next plan has no barrier of
     * ours) and gives the mature spaces up. Null, with nothing moved, when the old space could not
     * take every young byte at the worst rounding.
     */
    @Override
    public long allocateForMigration(int worker, long bytes) {
        long a = bytes > config.largeObjectBytes() ? large.allocate(bytes) : migrationAllocators[worker].allocate(bytes);
        if (a == 0) {
            throw exhaustedError(bytes);
        }
        return a;
    }

    /** Formats the blocks of the mutators' and the switches' old-space allocators (world stopped). */
    private void releaseOldAllocators() {
        synchronized (mutatorOldAllocator) {
            mutatorOldAllocator.release();
            for (SegregatedSpace.Allocator a : migrationAllocators) {
                a.release();
            }
        }
    }

    /** Declares the one capability this plan offers a successor: the hand-over of its mature spaces. */
    @Override
    public <C> Optional<C> capability(Class<C> role) {
        return MatureSpaces.Owner.offer(role, this::handOverMatureSpaces);
    }

    /** The {@link MatureSpaces.Owner} capability (see {@link #capability}). */
    private MatureSpaces handOverMatureSpaces() {
        if (!settleIntoMatureSpaces()) {
            return null;
        }
        handedOver = true;
        return mature;
    }

    /**
     * Every object into the mature spaces: the whole young generation promoted, remembered bits
     * cleared (the set's entries named old objects pointing into the now empty young generation).
     * False, with nothing moved, when the old space could not take every young byte.
     */
    private boolean settleIntoMatureSpaces() {
        releaseOldAllocators();
        if (eden.used() + from().used() != 0) {
            if (!canEvacuate()) {
                return false;
            }
            promoteAll = true;
            try {
                minor();
            } finally {
                promoteAll = false;
            }
        }
        for (long e : context.rememberedSet().drain()) {
            memory.putLong(e, memory.getLong(e) & ~ObjectHeader.REMEMBERED);
        }
        return true;
    }

    /** Promotes the young generation and gives its (now empty) region back; the rest stays put. */
    @Override
    public boolean retire() {
        if (!settleIntoMatureSpaces()) {
            return false;
        }
        releaseYoung();
        return true;
    }

    /** One sweep of the old and large spaces against the successor's marks (world stopped, GC threads). */
    @Override
    public long sweepRetired() {
        return mature.sweepAll(context.workers());
    }

    private void releaseYoung() {
        if (!youngReleased) {
            youngReleased = true;
            memory.release(youngRegion);
        }
    }

    @Override
    public void close() {
        releaseYoung();
        if (!handedOver) {
            mature.release();
        }
    }

    @Override
    public String toString() {
        return "generational{" + eden + ", " + from() + ", old=" + old.usedBytes() + ", large=" + large.usedBytes()
                + ", budget=" + budget + "}";
    }
}
