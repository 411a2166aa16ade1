package org.korlang.gc.internal.marksweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Optional;
import java.util.function.LongConsumer;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.internal.core.Arena;
import org.korlang.gc.spi.CollectionOutcome;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.MutatorView;
import org.korlang.gc.spi.SpaceUsage;
import org.korlang.gc.spi.space.LargeObjectSpace;
import org.korlang.gc.spi.space.MatureSpaces;
import org.korlang.gc.spi.space.SegregatedSpace;
import org.korlang.gc.spi.space.SizeClasses;
import org.korlang.gc.spi.trace.Marking;

/**
 * The full-heap, non-moving mark-sweep plan: the generational plan's old space (size-class
 * {@link SegregatedSpace}) and large-object space, without a young generation. It shares the spaces
 * and the parallel {@link Marking} with the generational plan (MMTk style: spaces and tracing are
 * shared, each plan is one package that composes them).
 *
 * <h2>Allocation</h2>
 * Every mutator owns a {@link SegregatedSpace.Allocator} (its {@link MutatorView#planData()}), so
 * allocation takes no lock. Objects never move, so a "buffer" is exactly one cell: the refill hands
 * the mutator {@code [cell, cell + size)}, which its bump-pointer fast path consumes at once — the
 * next allocation comes back here. That is free-list allocation, as in any mark-sweep collector; the
 * heap's buffer protocol needs no change. Large objects (and those above a quarter buffer) go to the
 * large-object space; pinned ones need nothing special (nothing moves).
 *
 * <h2>Collection</h2>
 * Always full: release every allocator (so every block is formatted), mark from the handles in
 * parallel, sweep the blocks in parallel (dead cells onto free lists, empty blocks back to the block
 * stack), sweep the large space, return the pages of freed blocks beyond the budget's headroom.
 * The write barrier range is empty: there is nothing to remember.
 *
 * <h2>When to collect</h2>
 * Mutators count the bytes they allocate locally and publish them every 64 KiB; when the live bytes
 * after the last collection plus what was allocated since pass the budget (twice the live bytes,
 * between a quarter of the limit and the limit), the allocating mutator collects. If an allocation
 * still fails, or the bytes of objects would pass the limit after a collection, the mutator gets
 * {@link HeapExhaustedException}; the next attempt collects again first. Budget and limit count
 * objects (cells at their size class, large objects at whole pages), not the blocks holding them:
 * free cells in half-empty blocks are reused by objects of their class (see
 * {@link MatureSpaces#liveBytes()}).
 */
public final class MarkSweepPlan implements GcPlan {

    private static final long PUBLISH_BYTES = 64 << 10;

    private final HeapContext context;
    private final HeapConfig config;
    private final Arena memory;
    private final MatureSpaces mature;
    /** The spaces went to the next plan of a policy switch: {@link #close} leaves them alone. */
    private boolean handedOver;
    /** Retired by a policy switch: objects stay, the successor allocates and collects. */
    private boolean retired;
    private final SegregatedSpace space;
    private final LargeObjectSpace large;
    private final long limit;
    private final long cellLimit;
    private final int threads;
    /** Every allocator handed out since the last collection (detached mutators' included). */
    private final List<MutatorState> states = new ArrayList<>();
    /** The allocators of a policy switch into this plan, one per GC thread (world stopped); in {@link #states} while set. */
    private final MutatorState[] migration;
    private final AtomicLong allocatedSinceCollection = new AtomicLong();
    private volatile long liveAfterCollection;
    private volatile long budget;

    /** One mutator's allocation state. */
    private static final class MutatorState {
        final SegregatedSpace.Allocator allocator;
        long unpublished;
        long lastCell;
        long lastSize;

        MutatorState(SegregatedSpace.Allocator allocator) {
            this.allocator = allocator;
        }
    }

    /** A plan with fresh spaces. */
    static MarkSweepPlan create(HeapContext context) {
        Arena memory = arena(context);
        return new MarkSweepPlan(context,
                MatureSpaces.reserve(memory, context.config(), context.workers().count()));
    }

    /** A plan that takes over {@code previous}'s mature spaces in place (world stopped); null if it cannot. */
    static MarkSweepPlan adopt(HeapContext context, MatureSpaces.Owner previous) {
        arena(context);
        MatureSpaces spaces = previous.handOverMatureSpaces();
        return spaces == null ? null : new MarkSweepPlan(context, spaces);
    }

    private static Arena arena(HeapContext context) {
        if (!(context.memory() instanceof Arena arena)) {
            throw new IllegalArgumentException("the mark-sweep plan runs on the built-in heap memory only");
        }
        return arena;
    }

    private MarkSweepPlan(HeapContext context, MatureSpaces mature) {
        this.context = context;
        this.config = context.config();
        this.memory = arena(context);
        this.limit = config.heapLimitBytes();
        this.threads = context.workers().count();
        this.migration = new MutatorState[threads];
        this.cellLimit = Math.min(SizeClasses.MAX, config.largeObjectBytes());
        this.mature = mature;
        this.space = mature.cells;
        this.large = mature.large;
        // adopted objects count as live until the first collection says otherwise
        this.liveAfterCollection = mature.liveBytes() + context.retiredBytes();
        this.budget = budgetFor(liveAfterCollection);
    }

    /** Twice the live bytes, between a quarter of the limit and the limit. */
    private long budgetFor(long live) {
        return Math.min(limit, Math.max(Math.max(limit / 4, SegregatedSpace.BLOCK * 4), 2 * live));
    }

    @Override
    public String policyName() {
        return MarkSweepPolicy.NAME;
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

    private MutatorState state(MutatorView m) {
        Object d = m.planData();
        if (d instanceof MutatorState s) {
            return s;
        }
        MutatorState s = new MutatorState(space.newAllocator());
        synchronized (states) {
            states.add(s);
        }
        m.planData(s);
        return s;
    }

    @Override
    public void refillBuffer(MutatorView m, long minBytes) {
        long cell = allocate(m, minBytes, minBytes <= cellLimit);
        MutatorState s = state(m);
        s.lastCell = cell;
        s.lastSize = minBytes;
        m.setBuffer(cell, cell + minBytes);
    }

    @Override
    public long allocateOutsideBuffer(MutatorView m, long bytes, boolean pinned) {
        return allocate(m, bytes, bytes <= cellLimit);
    }

    /**
     * Zeroed memory for one object, collecting first when over budget, over the limit or out of
     * space. The limit is checked before every allocation: the large-object space's region is a page
     * larger than the limit, so an object just above the limit would otherwise fit there.
     */
    private long allocate(MutatorView m, long bytes, boolean cell) {
        if (bytes > limit) { // can never fit: no point collecting
            throw new HeapExhaustedException(bytes, usedBytes(null), limit);
        }
        boolean collected = false;
        while (true) {
            MutatorState s = state(m);
            if (s.unpublished >= PUBLISH_BYTES) {
                long since = allocatedSinceCollection.addAndGet(s.unpublished);
                s.unpublished = 0;
                if (!collected && liveAfterCollection + since > budget) {
                    collected |= context.collect(m, CollectionKind.FULL, GcCause.OLD_GENERATION_BUDGET);
                    continue;
                }
            }
            long a = 0;
            if (usedBytes(s) + bytes <= limit) {
                a = cell ? s.allocator.allocate(bytes) : large.allocate(bytes);
            }
            if (a != 0) {
                memory.zero(a, bytes);
                s.unpublished += cell ? SizeClasses.size(SizeClasses.classOf(bytes)) : bytes;
                return a;
            }
            if (collected) {
                throw new HeapExhaustedException(bytes, usedBytes(s), limit);
            }
            context.collect(m, CollectionKind.FULL, GcCause.ALLOCATION_FAILURE);
            collected = true;
        }
    }

    @Override
    public void retireBuffer(MutatorView m) {
        long top = m.bufferTop();
        if (top == 0) {
            return;
        }
        if (top < m.bufferEnd() && m.planData() instanceof MutatorState s && s.lastCell == top) {
            // a one-cell buffer that was never used: the cell goes back to its block
            s.allocator.undo(top, s.lastSize);
        }
        m.setBuffer(0, 0);
    }

    /**
     * The bytes of objects now, as the limit counts them (cells at their size class, large objects,
     * what retired plans hold — see {@link MatureSpaces#liveBytes()}): the live bytes after the last
     * collection plus everything allocated since, {@code s}'s unpublished share included.
     */
    private long usedBytes(MutatorState s) {
        return liveAfterCollection + allocatedSinceCollection.get() + (s == null ? 0 : s.unpublished);
    }

    /** Formats every allocator's blocks and forgets them (world stopped). */
    private void releaseAllocators() {
        synchronized (states) {
            for (MutatorState s : states) {
                s.allocator.release();
                allocatedSinceCollection.addAndGet(s.unpublished);
                s.unpublished = 0;
            }
            states.clear();
            java.util.Arrays.fill(migration, null);
        }
        if (!retired) { // once retired, the mutators' plan data belongs to the successor
            for (MutatorView m : context.mutators()) {
                m.planData(null);
            }
        }
    }

    // =========================================================================== collection

    @Override
    public CollectionOutcome collect(CollectionKind kind, GcCause cause) {
        releaseAllocators();
        long before = usage().total();
        new Marking(context).markAll(context.workers());
        mature.sweep(context.workers());
        context.rememberedSet().drain(); // nothing is logged (empty barrier range); keep it empty
        long liveNow = mature.liveBytes() + context.retiredBytes();
        liveAfterCollection = liveNow;
        allocatedSinceCollection.set(0);
        budget = budgetFor(liveNow);
        space.decommitFreed(budget - mature.footprint() - context.retiredBytes());
        return new CollectionOutcome(CollectionKind.FULL, before, usage().total(), 0);
    }

    // =========================================================================== walking, checks

    @Override
    public void forEachObject(LongConsumer visitor) {
        releaseAllocators();
        space.forEachObject(visitor);
        large.forEachObject(visitor);
    }

    @Override
    public void verify(HeapChecker checker) {
        releaseAllocators();
        space.verify(context.objects(), checker);
        large.verify(checker);
    }

    @Override
    public SpaceUsage usage() {
        long unreleased = 0;
        synchronized (states) {
            for (MutatorState s : states) {
                unreleased += s.allocator.unreleasedBytes(); // racy read of mutators' counters: a statistic
            }
        }
        return new SpaceUsage(0, 0, space.usedBytes() + unreleased, large.usedBytes());
    }

    @Override
    public long bytesPromoted() {
        return 0;
    }

    @Override
    public long allocateForMigration(long bytes) {
        return allocateForMigration(0, bytes);
    }

    @Override
    public long allocateForMigration(int worker, long bytes) {
        long a;
        if (bytes <= cellLimit) {
            MutatorState s = migration[worker]; // world stopped: only GC thread 'worker' uses this slot
            if (s == null) {
                synchronized (states) {
                    migration[worker] = s = new MutatorState(space.newAllocator());
                    states.add(s);
                }
            }
            a = s.allocator.allocate(bytes);
            if (a != 0) {
                s.unpublished += SizeClasses.size(SizeClasses.classOf(bytes));
            }
        } else {
            a = large.allocate(bytes);
        }
        if (a == 0) {
            throw new HeapExhaustedException(bytes, usedBytes(null), limit);
        }
        return a;
    }

    /** Declares the one capability this plan offers a successor: the hand-over of its mature spaces. */
    @Override
    public <C> Optional<C> capability(Class<C> role) {
        return MatureSpaces.Owner.offer(role, this::handOverMatureSpaces);
    }

    /**
     * The {@link MatureSpaces.Owner} capability (see {@link #capability}): nothing lives outside the
     * mature spaces, so format the allocators' blocks and give the spaces up.
     */
    private MatureSpaces handOverMatureSpaces() {
        releaseAllocators();
        handedOver = true;
        return mature;
    }

    /** Objects stay in the spaces; only the allocators' blocks need formatting. */
    @Override
    public boolean retire() {
        releaseAllocators();
        retired = true;
        return true;
    }

    /** One sweep of both spaces against the successor's marks (world stopped, on the GC threads). */
    @Override
    public long sweepRetired() {
        return mature.sweepAll(context.workers());
    }

    @Override
    public void close() {
        if (!handedOver) {
            mature.release();
        }
    }

    @Override
    public String toString() {
        return "marksweep{space=" + space.usedBytes() + ", large=" + large.usedBytes() + ", budget=" + budget + "}";
    }
}
