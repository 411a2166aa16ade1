package org.korlang.gc.internal.trace;

import static org.korlang.gc.spi.ObjectHeader.MARKED;

import java.util.concurrent.atomic.AtomicInteger;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.internal.core.Arena;
import org.korlang.gc.internal.core.TypeTable;
import org.korlang.gc.internal.work.GreyStack;
import org.korlang.gc.internal.work.WorkPool;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Roots;
import org.korlang.gc.spi.scan.ReferenceSlots;
import org.korlang.gc.spi.scan.SlotVisitor;

/**
 * The marking phase of a full-heap collection, shared by the plans that mark (generational, mark-sweep): parallel transitive closure from the handles over every
 * space (young objects included, so old objects reachable only through young ones are found). A GC
 * thread marks an object by CAS-ing MARK into its header — the winner pushes it on its
 * {@link GreyStack}; threads share work through a {@link WorkPool}. Each reference is checked to
 * point at a typed object inside the heap before it is followed. An object's reference slots are found
 * by the one slot scanner every collector shares ({@link ReferenceSlots}).
 */
public final class Marking {

    private static final sun.misc.Unsafe U = Arena.UNSAFE;

    private final Arena mem;
    private final TypeTable types;
    private final WorkPool pool;
    private final Roots roots;
    private final int rootTasks;
    private final AtomicInteger nextTask = new AtomicInteger();
    public final long[] markedBytes;

    public Marking(Arena mem, TypeTable types, int threads, Roots roots) {
        this.mem = mem;
        this.types = types;
        this.pool = new WorkPool(threads);
        this.roots = roots;
        this.rootTasks = roots.partitions();
        this.markedBytes = new long[threads];
    }

    public void run(int worker) {
        try {
            mark(worker);
        } catch (RuntimeException | Error e) {
            pool.abort();
            throw e;
        }
    }

    private void mark(int worker) {
        Tracer tracer = new Tracer(new GreyStack(pool));
        int task;
        while ((task = nextTask.getAndIncrement()) < rootTasks) {
            roots.visit(task, v -> {
                tracer.mark(v);
                return v;
            });
            tracer.drainLocal();
        }
        tracer.drain();
        markedBytes[worker] = tracer.bytes;
    }

    /**
     * One GC thread's marking state, and the visitor the slot scanner calls for each slot of the
     * objects it scans. A final class passed as {@code this}: wherever the JIT inlines
     * {@link ReferenceSlots#forEach} into {@link #scan}, the visitor's exact class is known and the
     * per-slot call is direct, whatever other collectors' visitors the shared scanner has seen.
     */
    private final class Tracer implements SlotVisitor {
        // the marking's own fields, copied so that the per-slot path reads them without going
        // through the enclosing instance
        private final Arena mem = Marking.this.mem;
        private final TypeTable types = Marking.this.types;
        private final GreyStack grey;
        private long bytes;

        Tracer(GreyStack grey) {
            this.grey = grey;
        }

        /** Scans what this thread pushed, without taking shared work (between root tasks). */
        void drainLocal() {
            long o;
            while ((o = grey.popLocal()) != 0) {
                scan(o);
            }
        }

        /** Scans until no thread has work left. */
        void drain() {
            long o;
            while ((o = grey.pop()) != 0) {
                scan(o);
            }
        }

        /** Marks the referent of every non-null reference slot of {@code o} (the one slot scanner). */
        private void scan(long o) {
            ReferenceSlots.forEach(o, U.getLong(o), types, mem, this);
        }

        @Override
        public void visit(long slot) {
            long v = U.getLong(slot);
            if (v != 0) {
                mark(v);
            }
        }

        void mark(long v) {
            if ((v & 7) != 0 || !mem.contains(v, 16)) {
                throw new HeapCorruptionException(String.format("reference 0x%x points outside the heap", v));
            }
            long h = U.getLongVolatile(null, v);
            while ((h & MARKED) == 0) {
                if (U.compareAndSwapLong(null, v, h, h | MARKED)) {
                    int kind = types.scanKind(ObjectHeader.typeId(h));
                    if (kind == ObjectModel.GAP || kind == ObjectModel.INVALID || (h & ObjectHeader.FORWARDED) != 0) {
                        throw new HeapCorruptionException(String.format("reference 0x%x to a non-object (header 0x%x, %s)",
                                v, h, types.typeName(ObjectHeader.typeId(h))));
                    }
                    bytes += types.sizeOf(v, h);
                    if (kind != ObjectModel.PRIMITIVE_ARRAY) {
                        grey.push(v);
                    }
                    return;
                }
                h = U.getLongVolatile(null, v);
            }
        }
    }
}
