package org.korlang.gc.spi.space;

import java.util.Optional;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ParallelWorkers;
import org.korlang.gc.spi.Region;

/**
 * The non-moving spaces that the generational plan (as its old generation) and the mark-sweep plan
 * (as its whole heap) share: a size-class {@link SegregatedSpace} and a {@link LargeObjectSpace},
 * each in its own region. Because both plans keep their long-lived objects in exactly this shape,
 * a policy switch between them hands the spaces over in place (see {@link Owner}, a capability the
 * owning plan declares): objects keep their
 * addresses, the switch costs a promotion of the young generation at most — never a trace of the
 * whole heap. (A switch to any other policy does not move them either: the old plan retires with
 * its spaces, which it sweeps after the new plan's full collections until they are empty — see
 * {@code internal.core.PolicySwitch}; only a copying switch moves the live set.)
 *
 * <h2>Sizing</h2>
 * The heap limit bounds {@link #liveBytes()}, the bytes of objects (cells at their size class); a
 * block is 64 KiB of one size class, so after objects die the blocks may be partly free: new objects
 * of those classes fill them, others need new blocks, and the committed {@link #footprint()} may
 * exceed the limit, bounded by the region. Both plans reserve the same sizes ({@link #reserve}), so
 * whichever plan adopts the spaces finds the room it would have reserved itself: the heap limit plus, for the segregated space, the
 * generational plan's promotion reserve (every young byte at the worst size-class rounding, see
 * {@code GenerationalPlan.canEvacuate}) and the blocks that allocators hold partially used (one per
 * size class for each GC thread, the mutators and a switch). Reservations are virtual
 * ({@code MAP_NORESERVE}); only used blocks cost memory. Both policies declare these regions, plus
 * two young generations, as their plan window ({@link #windowBytes}).
 *
 * <h2>Ownership</h2>
 * Exactly one plan owns a {@code MatureSpaces} at a time; the owner formats its allocators' blocks
 * before handing over (every block not held by an allocator is fully formatted) and from then on
 * never touches the spaces, and its {@code close()} no longer releases them.
 */
public final class MatureSpaces {

    private final HeapMemory memory;
    public final SegregatedSpace cells;
    public final LargeObjectSpace large;

    private MatureSpaces(HeapMemory memory, SegregatedSpace cells, LargeObjectSpace large) {
        this.memory = memory;
        this.cells = cells;
        this.large = large;
    }

    /**
     * Reserves the regions for a heap of {@code config} collected by {@code gcThreads} threads, in
     * {@code memory} (the heap's, {@link org.korlang.gc.spi.HeapContext#memory()}).
     */
    public static MatureSpaces reserve(HeapMemory memory, HeapConfig config, int gcThreads) {
        long pageSize = memory.pageSize();
        Region cellRegion = memory.reserve("mature", cellRegionBytes(config, gcThreads));
        Region largeRegion;
        try {
            largeRegion = memory.reserve("mature-large", largeRegionBytes(config, pageSize));
        } catch (RuntimeException e) {
            memory.release(cellRegion);
            throw e;
        }
        return new MatureSpaces(memory, new SegregatedSpace(memory, cellRegion), new LargeObjectSpace(memory, largeRegion, pageSize));
    }

    private static long cellRegionBytes(HeapConfig config, int gcThreads) {
        long promotionReserve = (long) (config.youngGenerationBytes() * SizeClasses.MAX_WASTE_FACTOR);
        long heldByAllocators = (long) (gcThreads + 4) * SizeClasses.COUNT * SegregatedSpace.BLOCK;
        return config.heapLimitBytes() + promotionReserve + heldByAllocators + 17 * SegregatedSpace.BLOCK;
    }

    private static long largeRegionBytes(HeapConfig config, long pageSize) {
        return config.heapLimitBytes() + pageSize;
    }

    /**
     * The plan window ({@code GcPolicy.windowBytes}) of a plan over mature spaces — generational or
     * mark-sweep: both mature regions plus two young generations (the plan's own, if it has one, and
     * that of a generational plan it adopts, which stays in the window until that plan closes), each
     * region with {@link #REGION_SLACK} for page rounding.
     */
    public static long windowBytes(HeapConfig config) {
        long pageSizeAtMost = REGION_SLACK;
        return cellRegionBytes(config, config.gcThreads()) + largeRegionBytes(config, pageSizeAtMost)
                + 2 * config.youngGenerationBytes() + 4 * REGION_SLACK;
    }

    /** Room per region for rounding to pages (a page is at most this). */
    private static final long REGION_SLACK = 1L << 20;

    /**
     * Bytes of the objects: cells in use at their size class plus large objects at whole pages
     * (cells handed out by an allocator since its last release not included) — what a plan's budget
     * and the heap limit bound. Free cells in half-empty blocks do not count: objects of their size
     * class reuse them, so fragmentation does not exhaust the heap while its objects fit the limit.
     */
    public long liveBytes() {
        return cells.usedBytes() + large.usedBytes();
    }

    /**
     * Committed bytes: blocks in use (whole 64 KiB, free cells included) plus large objects — the
     * memory the spaces hold. Fragmentation can take it above {@link #liveBytes()}, and above the
     * heap limit by at most the slack the cell region is reserved with (see {@link #reserve}).
     */
    public long footprint() {
        return cells.committedBytes() + large.usedBytes();
    }

    /**
     * The one sweep of both spaces, on {@code workers} (world stopped, marks set): the cells' blocks
     * in parallel (dead cells onto free lists, empty blocks back to the block stack), then the
     * large objects. Used by the owner's full collection and by {@link #sweepAll}.
     */
    public void sweep(ParallelWorkers workers) {
        cells.startSweep();
        long[] live = new long[workers.count()];
        workers.run(i -> live[i] = cells.sweep());
        long liveCells = 0;
        for (long l : live) {
            liveCells += l;
        }
        cells.finishSweep(liveCells);
        large.sweep();
    }

    /**
     * One sweep of both spaces on {@code workers} against marks set from outside (a retired owner's
     * successor marked them): unmarked cells and large objects freed, their pages returned at once.
     * Returns the bytes of the objects left.
     */
    public long sweepAll(ParallelWorkers workers) {
        sweep(workers);
        cells.decommitFreed(0);
        return cells.usedBytes() + large.usedBytes();
    }

    /** Returns both regions to the heap (their owner is closing). */
    public void release() {
        memory.release(cells.region());
        memory.release(large.region());
    }

    /**
     * The capability ({@link org.korlang.gc.spi.GcPlan#capability}) of a plan that keeps its
     * long-lived objects in {@link MatureSpaces} and can give them to the plan that replaces it in a
     * policy switch. The owning plan declares it with {@link #offer}; an adopting policy asks the
     * previous plan for this role instead of testing the plan's class.
     */
    @FunctionalInterface
    public interface Owner {

        /**
         * World stopped, every mutator's buffer retired: brings every object that lives outside the
         * mature spaces into them (the generational plan promotes its young generation), formats
         * every allocator's blocks, clears the GC state that only this plan understands (remembered
         * bits), and gives the spaces up — from now on this plan does not touch them and its
         * {@code close()} leaves them alone. Returns null, with no object lost or moved, when it
         * cannot (the heap then copies the live set instead).
         */
        MatureSpaces handOverMatureSpaces();

        /** {@code owner} if {@code role} is this capability, else empty: what an owning plan's {@code capability} returns. */
        static <C> Optional<C> offer(Class<C> role, Owner owner) {
            return role == Owner.class ? Optional.of(role.cast(owner)) : Optional.empty();
        }
    }
}
