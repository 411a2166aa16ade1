package org.korlang.gc.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.internal.work.GreyStack;
import org.korlang.gc.internal.work.WorkPool;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.ParallelWorkers;
import org.korlang.gc.spi.Roots;
import org.korlang.gc.spi.scan.ReferenceSlots;
import org.korlang.gc.spi.scan.SlotVisitor;

/**
 * Carries every live object into a new plan when a policy switch can neither let the new plan adopt
 * the old one's spaces nor retire the old plan (a plan that cannot retire, a switch while an earlier
 * switch's retired plan still holds objects, or a policy whose bundle is leaving), world stopped, on
 * the heap's GC threads. Objects are found from the roots wherever they live, retired plans included.
 *
 * <h2>Algorithm (parallel copying, as in an evacuating collection)</h2>
 * GC threads claim root partitions; each root's object is copied into memory from the new plan's
 * {@link GcPlan#allocateForMigration(int, long)} (each thread its own allocation state). A thread
 * copies speculatively — body first, then the copy's header (the old header without GC state bits;
 * PIN and the layout cache stay) — and installs {@code copy | FORWARDED} in the old header with one
 * CAS, which publishes the copy. The loser of a race uses the winner's copy; its own is left
 * unreachable in the new plan, whose next collection reclaims it (races need two threads reaching
 * one object at the same instant: rare), with its body zeroed — it was never scanned, and its slots
 * must not keep pointing into the old plan's memory, which is released after the switch (the heap
 * verifier walks garbage too). Every copy's object start is recorded, the loser's too (it is a
 * well-formed object of the new plan until collected); a roll-back forgets them. Copies go on the winner's {@link GreyStack} and are scanned later —
 * each reference slot (found by the shared slot scanner, {@link ReferenceSlots}) has its target copied the same way and is updated — with work shared through
 * a {@link WorkPool} until every thread is idle: then every reachable object has been copied exactly
 * once and every slot and root points into the new plan. Old objects are only read, never written
 * except for their header. Unreachable objects are not copied: a moving switch is also a collection.
 *
 * <h2>Failure without damage</h2>
 * Each thread logs the old address of every object whose forwarding it installed (8 bytes per live
 * object, in fixed chunks so the log never copies itself). If the new plan runs out of memory
 * midway ({@link org.korlang.gc.HeapExhaustedException}), {@link #rollBack} restores each logged
 * object's header from its copy (which has the original header minus GC state: the age of young
 * objects restarts at 0, and the caller re-sets the remembered bits of the entries it re-logs), turns
 * each copy's header into a forwarding word back to its original and maps every root that already
 * points at a copy back with one header read. Old objects' slots were never changed, so the heap
 * goes on with the old plan exactly as before.
 *
 * <h2>Checks</h2>
 * Every reference followed is checked to be an aligned object start inside the heap with a typed,
 * unforwarded header, as in marking; a violation is {@link HeapCorruptionException}.
 */
final class Migration {

    private static final sun.misc.Unsafe U = Arena.UNSAFE;
    /** Log entries per chunk: 128 KiB arrays, below the JVM's humongous-object size for small heaps. */
    private static final int LOG_CHUNK = 1 << 14;

    private final Arena mem;
    private final TypeTable types;
    private final GcPlan target;
    private final ParallelWorkers workers;
    private final WorkPool pool;
    private final Worker[] state;
    private Roots roots;
    private final AtomicInteger nextRootTask = new AtomicInteger();

    Migration(Arena mem, TypeTable types, GcPlan target, ParallelWorkers workers) {
        this.mem = mem;
        this.types = types;
        this.target = target;
        this.workers = workers;
        this.pool = new WorkPool(workers.count());
        this.state = new Worker[workers.count()];
        for (int i = 0; i < state.length; i++) {
            state[i] = new Worker(i);
        }
    }

    /** Copies everything reachable from {@code roots}; returns the bytes copied. */
    long run(Roots roots) {
        this.roots = roots;
        workers.run(i -> {
            try {
                state[i].work();
            } catch (RuntimeException | Error e) {
                pool.abort();
                throw e;
            }
        });
        long bytes = 0;
        for (Worker w : state) {
            bytes += w.bytes;
        }
        return bytes;
    }

    /** Objects copied (winners of the forwarding race only). */
    long objects() {
        long n = 0;
        for (Worker w : state) {
            n += w.logged();
        }
        return n;
    }

    /** One GC thread's share: its grey stack, allocation index and undo log. */
    private final class Worker implements SlotVisitor {
        private final int index;
        private final GreyStack grey = new GreyStack(pool);
        private final List<long[]> log = new ArrayList<>();
        private long[] chunk;
        private int inChunk = LOG_CHUNK;
        long bytes;

        Worker(int index) {
            this.index = index;
        }

        void work() {
            int task;
            while ((task = nextRootTask.getAndIncrement()) < roots.partitions()) {
                roots.visit(task, this::copy);
                long o;
                while ((o = grey.popLocal()) != 0) {
                    scan(o);
                }
            }
            long o;
            while ((o = grey.pop()) != 0) {
                scan(o);
            }
        }

        long logged() {
            return log.isEmpty() ? 0 : (long) (log.size() - 1) * LOG_CHUNK + inChunk;
        }

        private void logOld(long v) {
            if (inChunk == LOG_CHUNK) {
                chunk = new long[LOG_CHUNK];
                log.add(chunk);
                inChunk = 0;
            }
            chunk[inChunk++] = v;
        }

        private long copy(long v) {
            if ((v & 7) != 0 || !mem.contains(v, 16)) {
                throw new HeapCorruptionException(String.format("reference 0x%x points outside the heap", v));
            }
            long h = U.getLongVolatile(null, v);
            if ((h & ObjectHeader.FORWARDED) != 0) {
                return ObjectHeader.forwardee(h);
            }
            int kind = types.scanKind(ObjectHeader.typeId(h));
            if (kind == ObjectModel.GAP || kind == ObjectModel.INVALID) {
                throw new HeapCorruptionException(String.format("reference 0x%x to a non-object (header 0x%x, %s)", v, h,
                        types.typeName(ObjectHeader.typeId(h))));
            }
            long size = types.sizeOf(v, h);
            long n = target.allocateForMigration(index, size);
            if (!mem.contains(n, size)) {
                throw new HeapCorruptionException(String.format("plan %s gave migration memory 0x%x outside the heap",
                        target.policyName(), n));
            }
            if (size <= 64) { // small objects: word copies beat the copyMemory call
                for (long o = 8; o < size; o += 8) {
                    U.putLong(n + o, U.getLong(v + o));
                }
            } else {
                U.copyMemory(v + 8, n + 8, size - 8);
            }
            U.putLong(n, h & ObjectHeader.COPY_MASK);
            // an object of the new plan from now on, winner's or not: its start is recorded
            mem.starts().set(n);
            if (!U.compareAndSwapLong(null, v, h, n | ObjectHeader.FORWARDED)) {
                long now = U.getLongVolatile(null, v);
                if ((now & ObjectHeader.FORWARDED) == 0) {
                    throw new HeapCorruptionException(String.format("header of 0x%x changed during a policy switch", v));
                }
                // another thread won: our copy stays behind as garbage of the new plan, so it must not
                // keep references into the old plan's memory, which is about to be released
                long body = kind == ObjectModel.FIXED ? 8 : ObjectHeader.ARRAY_BASE;
                U.setMemory(n + body, size - body, (byte) 0);
                return ObjectHeader.forwardee(now);
            }
            logOld(v);
            bytes += size;
            if (kind != ObjectModel.PRIMITIVE_ARRAY) {
                grey.push(n);
            }
            return n;
        }

        /** Copies the referent of every non-null reference slot of {@code o} and updates the slot. */
        private void scan(long o) {
            ReferenceSlots.forEach(o, U.getLong(o), types, mem, this);
        }

        /** One reference slot of a copy being scanned (the worker is its own visitor: no allocation per object). */
        @Override
        public void visit(long slot) {
            long v = U.getLong(slot);
            if (v != 0) {
                U.putLong(slot, copy(v));
            }
        }

        /** Original header back on every object this thread forwarded; the copy forwards to it. */
        void undo() {
            for (int c = 0; c < log.size(); c++) {
                long[] a = log.get(c);
                int n = c == log.size() - 1 ? inChunk : LOG_CHUNK;
                for (int i = 0; i < n; i++) {
                    long v = a[i];
                    long copy = ObjectHeader.forwardee(U.getLong(v));
                    U.putLong(v, U.getLong(copy));
                    U.putLong(copy, v | ObjectHeader.FORWARDED);
                    mem.starts().clear(copy);
                }
            }
        }
    }

    /**
     * Undoes a partial migration (all GC threads stopped): original headers back; every copy's
     * header becomes a forwarding word back to its original (copies are garbage from now on), so each
     * root that already points at a copy is mapped back with one header read — no table.
     */
    void rollBack(Roots roots) {
        for (Worker w : state) {
            w.undo();
        }
        int parts = roots.partitions();
        for (int p = 0; p < parts; p++) {
            roots.visit(p, r -> {
                long h = U.getLong(r);
                return (h & ObjectHeader.FORWARDED) != 0 ? ObjectHeader.forwardee(h) : r;
            });
        }
    }
}
