package org.korlang.itest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.spi.CollectionOutcome;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.MutatorView;
import org.korlang.gc.spi.SpaceUsage;
import org.korlang.gc.spi.space.MatureSpaces;
import org.korlang.gc.spi.space.SegregatedSpace;
import org.korlang.gc.spi.space.SizeClasses;
import org.korlang.gc.spi.trace.Marking;

/**
 * A mark-sweep policy that a bundle other than gc builds from the gc bundle's exported parts only
 * (issue #16): the spaces of {@code org.korlang.gc.spi.space} ({@link MatureSpaces}: size-class cells
 * plus a large-object space) and the parallel {@link Marking} of {@code org.korlang.gc.spi.trace}.
 * Deliberately small: an allocator per mutator, as in the built-in mark-sweep plan (a refill hands
 * out one cell; an unused one goes back at retirement), but every call serialized on the plan; a
 * collection when the objects would pass the heap limit, or on request.
 *
 * <p>Because its long-lived objects are exactly {@link MatureSpaces}, it interoperates in place with
 * the built-in plans: it adopts the spaces of a generational or mark-sweep plan that offers them
 * ({@link MatureSpaces.Owner}) and offers its own the same way, so a switch between it and those
 * moves no object. From any other plan (semispace) the old plan retires and this plan's marking marks
 * its objects too (the heap then sweeps it); it can retire itself the same way.
 */
final class SharedPartsMarkSweepPolicy implements GcPolicy {

    static final String NAME = "itest-shared-parts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long windowBytes(HeapConfig config) {
        return MatureSpaces.windowBytes(config);
    }

    @Override
    public GcPlan createPlan(HeapContext context) {
        return new Plan(context, MatureSpaces.reserve(context.memory(), context.config(), context.workers().count()));
    }

    @Override
    public GcPlan adoptPlan(HeapContext context, GcPlan previous) {
        return previous.capability(MatureSpaces.Owner.class)
                .map(MatureSpaces.Owner::handOverMatureSpaces)
                .map(spaces -> new Plan(context, spaces))
                .orElse(null);
    }

    private static final class Plan implements GcPlan {

        private final HeapContext context;
        private final MatureSpaces mature;
        /** Every allocator this plan handed out (the mutators' and the migration's). */
        private final List<Slot> slots = new ArrayList<>();
        private final Slot migration;
        private final long limit;
        private boolean handedOver;
        private boolean retired;

        /** A mutator's allocator and the last cell it handed out (since its last release). */
        private static final class Slot {
            final SegregatedSpace.Allocator allocator;
            long lastCell;
            long lastSize;

            Slot(SegregatedSpace.Allocator allocator) {
                this.allocator = allocator;
            }
        }

        Plan(HeapContext context, MatureSpaces mature) {
            this.context = context;
            this.mature = mature;
            this.limit = context.config().heapLimitBytes();
            this.migration = new Slot(mature.cells.newAllocator());
            slots.add(migration);
        }

        private Slot slot(MutatorView m) {
            if (m.planData() instanceof Slot s) {
                return s;
            }
            Slot s = new Slot(mature.cells.newAllocator());
            slots.add(s);
            m.planData(s);
            return s;
        }

        /** Formats every allocator's blocks (world stopped). */
        private void releaseAllocators() {
            for (Slot s : slots) {
                s.allocator.release();
                s.lastCell = 0; // released: no cell can be given back any more
            }
        }

        private long unreleased() {
            long bytes = 0;
            for (Slot s : slots) {
                bytes += s.allocator.unreleasedBytes();
            }
            return bytes;
        }

        @Override
        public String policyName() {
            return NAME;
        }

        @Override
        public long barrierLow() {
            return 0;
        }

        @Override
        public long barrierHigh() {
            return 0;
        }

        /** A one-cell buffer (objects never move); the cell is remembered so an unused one goes back. */
        @Override
        public void refillBuffer(MutatorView m, long minBytes) {
            long a = allocate(m, minBytes);
            m.setBuffer(a, a + minBytes);
        }

        @Override
        public long allocateOutsideBuffer(MutatorView m, long bytes, boolean pinned) {
            return allocate(m, bytes);
        }

        private long allocate(MutatorView m, long bytes) {
            boolean collected = false;
            while (true) {
                long a = tryAllocate(m, bytes);
                if (a != 0) {
                    context.memory().zero(a, bytes);
                    return a;
                }
                if (collected) {
                    throw new HeapExhaustedException(bytes, used(), limit);
                }
                context.collect(m, CollectionKind.FULL, GcCause.ALLOCATION_FAILURE); // no lock held here
                collected = true;
            }
        }

        private synchronized long tryAllocate(MutatorView m, long bytes) {
            if (used() + bytes > limit) {
                return 0;
            }
            if (bytes > SizeClasses.MAX) {
                return mature.large.allocate(bytes);
            }
            Slot s = slot(m);
            long a = s.allocator.allocate(bytes);
            s.lastCell = a; // the allocator's latest cell: the one an unused buffer may give back
            s.lastSize = bytes;
            return a;
        }

        private synchronized long used() {
            return mature.liveBytes() + unreleased() + context.retiredBytes();
        }

        @Override
        public synchronized void retireBuffer(MutatorView m) {
            long top = m.bufferTop();
            if (top == 0) {
                return;
            }
            if (top < m.bufferEnd() && m.planData() instanceof Slot s && s.lastCell == top && s.lastSize <= SizeClasses.MAX) {
                s.allocator.undo(top, s.lastSize); // a cell never used goes back to its block
            }
            m.setBuffer(0, 0);
        }

        @Override
        public synchronized CollectionOutcome collect(CollectionKind kind, GcCause cause) {
            releaseAllocators();
            long before = usage().total();
            new Marking(context).markAll(context.workers());
            mature.sweep(context.workers());
            context.rememberedSet().drain(); // empty barrier range: nothing to remember
            mature.cells.decommitFreed(0);
            return new CollectionOutcome(CollectionKind.FULL, before, usage().total(), 0);
        }

        @Override
        public synchronized void forEachObject(LongConsumer visitor) {
            releaseAllocators();
            mature.cells.forEachObject(visitor);
            mature.large.forEachObject(visitor);
        }

        @Override
        public synchronized void verify(HeapChecker checker) {
            releaseAllocators();
            mature.cells.verify(context.objects(), checker);
            mature.large.verify(checker);
        }

        @Override
        public synchronized SpaceUsage usage() {
            return new SpaceUsage(0, 0, mature.cells.usedBytes() + unreleased(), mature.large.usedBytes());
        }

        @Override
        public long bytesPromoted() {
            return 0;
        }

        @Override
        public synchronized long allocateForMigration(long bytes) {
            long a = bytes <= SizeClasses.MAX ? migration.allocator.allocate(bytes) : mature.large.allocate(bytes);
            if (a == 0) {
                throw new HeapExhaustedException(bytes, used(), limit);
            }
            return a;
        }

        @Override
        public <C> Optional<C> capability(Class<C> role) {
            return MatureSpaces.Owner.offer(role, this::handOver);
        }

        private synchronized MatureSpaces handOver() {
            releaseAllocators();
            handedOver = true;
            if (!retired) {
                for (MutatorView m : context.mutators()) {
                    m.planData(null); // the successor's from now on
                }
            }
            return mature;
        }

        @Override
        public synchronized boolean retire() {
            releaseAllocators();
            retired = true;
            return true;
        }

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
    }
}
