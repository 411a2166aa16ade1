package org.korlang.gc.spi.trace;

import static org.korlang.gc.spi.ObjectHeader.MARKED;

import java.util.concurrent.atomic.AtomicInteger;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.internal.core.Arena;
import org.korlang.gc.internal.core.TypeTable;
import org.korlang.gc.internal.work.GreyStack;
import org.korlang.gc.internal.work.WorkPool;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.ParallelWorkers;
import org.korlang.gc.spi.Roots;
import org.korlang.gc.spi.scan.ReferenceSlots;
import org.korlang.gc.spi.scan.SlotVisitor;

/**
 * The marking phase of a full-heap collection, shared by every plan that marks — the built-in
 * generational and mark-sweep plans and any policy bundle's (MMTk style: plans share the trace as
 * they share spaces): a parallel transitive closure from the roots over every object the roots
 * reach, whichever space or plan holds it (young objects included, so old objects reachable only
 * through young ones are found). After it, every reachable object's header carries
 * {@link ObjectHeader#MARKED}; a plan's sweep (e.g. {@link org.korlang.gc.spi.space.SegregatedSpace#sweep},
 * {@link org.korlang.gc.spi.space.LargeObjectSpace#sweep}) frees the unmarked ones and clears the bit.
 *
 * <h2>Algorithm</h2>
 * A GC thread marks an object by CAS-ing MARK into its header — the winner pushes it on its own
 * grey stack (primitive arrays are not pushed: they have no slots); threads share work through a
 * work pool (packets of grey objects, termination when every thread is idle). Root partitions are
 * handed out by an atomic counter. Each reference is checked to be 8-aligned and inside the heap's
 * memory, and its header to be a typed, unforwarded object, before it is followed; otherwise
 * {@link HeapCorruptionException} (every other thread then stops). An object's reference slots are
 * found by the one slot scanner every collector shares ({@link ReferenceSlots}).
 *
 * <h2>Use</h2>
 * World stopped: {@code new Marking(context)}, then {@link #markAll} (or {@link #run} on each of the
 * heap's GC threads), then {@link #markedBytes}. One instance per collection: it captures the
 * heap's object model of that moment (the type table is replaced when types are registered).
 *
 * <h2>Why it takes the heap's own memory only</h2>
 * This loop is the hot path of every full collection. It reads headers and slots with raw access
 * behind its own range check and calls the heap's memory and type table as their exact final
 * classes, so that the JIT compiles direct (inlined) calls, not interface dispatch. The constructor
 * therefore accepts only what {@link HeapContext#memory()} and {@link HeapContext#objects()} return
 * (anything else: {@link IllegalArgumentException}); the SPI signatures name only SPI types.
 */
public final class Marking {

    private static final sun.misc.Unsafe U = Arena.UNSAFE;

    private final Arena mem;
    private final TypeTable types;
    private final WorkPool pool;
    private final Roots roots;
    private final int rootTasks;
    private final AtomicInteger nextTask = new AtomicInteger();
    private final long[] markedBytes;

    /**
     * A marking over the heap of {@code context} (world stopped): its memory, current object model,
     * roots, for its {@link HeapContext#workers() GC threads}.
     */
    public Marking(HeapContext context) {
        this(context.memory(), context.objects(), context.workers().count(), context.roots());
    }

    /**
     * A marking for {@code threads} GC threads from {@code roots}.
     *
     * @param memory the heap's memory ({@link HeapContext#memory()})
     * @param model the heap's current object model ({@link HeapContext#objects()})
     * @throws IllegalArgumentException if {@code memory} or {@code model} is not the heap's own, or
     *         {@code threads < 1}
     */
    public Marking(HeapMemory memory, ObjectModel model, int threads, Roots roots) {
        if (!(memory instanceof Arena arena) || !(model instanceof TypeTable table)) {
            throw new IllegalArgumentException("marking runs over the heap's own memory and object model "
                    + "(HeapContext.memory(), HeapContext.objects()), not " + memory + " / " + model);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("marking needs at least one thread, not " + threads);
        }
        this.mem = arena;
        this.types = table;
        this.pool = new WorkPool(threads);
        this.roots = roots;
        this.rootTasks = roots.partitions();
        this.markedBytes = new long[threads];
    }

    /**
     * Marks everything reachable from the roots on {@code workers} (which must have as many
     * threads as this marking was made for) and returns the bytes marked.
     */
    public long markAll(ParallelWorkers workers) {
        if (workers.count() != markedBytes.length) {
            throw new IllegalArgumentException("marking made for " + markedBytes.length + " threads, run on "
                    + workers.count());
        }
        workers.run(this::run);
        return markedBytes();
    }

    /** Bytes of the objects marked (by every thread), once all threads' {@link #run} returned. */
    public long markedBytes() {
        long sum = 0;
        for (long b : markedBytes) {
            sum += b;
        }
        return sum;
    }

    /**
     * Runs GC thread {@code worker}'s share of the marking (0 to threads − 1, each exactly once,
     * all concurrently: a thread returns only when no thread has work left). If it throws, the
     * other threads stop too.
     */
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
