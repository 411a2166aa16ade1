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
        GreyStack grey = new GreyStack(pool);
        long[] bytes = {0};
        // one visitor per GC thread and collection, not per object
        SlotVisitor visitor = slot -> {
            long v = U.getLong(slot);
            if (v != 0) {
                mark(grey, bytes, v);
            }
        };
        int task;
        while ((task = nextTask.getAndIncrement()) < rootTasks) {
            roots.visit(task, v -> {
                mark(grey, bytes, v);
                return v;
            });
            long o;
            while ((o = grey.popLocal()) != 0) {
                scan(visitor, o);
            }
        }
        long o;
        while ((o = grey.pop()) != 0) {
            scan(visitor, o);
        }
        markedBytes[worker] = bytes[0];
    }

    private void mark(GreyStack grey, long[] bytes, long v) {
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
                bytes[0] += types.sizeOf(v, h);
                if (kind != ObjectModel.PRIMITIVE_ARRAY) {
                    grey.push(v);
                }
                return;
            }
            h = U.getLongVolatile(null, v);
        }
    }

    /** Marks the referent of every non-null reference slot of {@code o} (the one slot scanner). */
    private void scan(SlotVisitor visitor, long o) {
        ReferenceSlots.forEach(o, U.getLong(o), types, mem, visitor);
    }
}
