package org.korlang.gc.internal.generational;

import static org.korlang.gc.spi.ObjectHeader.FORWARDED;
import static org.korlang.gc.spi.ObjectHeader.REMEMBERED;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.internal.core.Arena;
import org.korlang.gc.internal.core.ObjectStarts;
import org.korlang.gc.internal.core.TypeTable;
import org.korlang.gc.internal.work.GreyStack;
import org.korlang.gc.internal.work.WorkPool;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Roots;
import org.korlang.gc.spi.scan.ReferenceSlots;
import org.korlang.gc.spi.scan.SlotVisitor;
import org.korlang.gc.spi.space.BumpSpace;
import org.korlang.gc.spi.space.SegregatedSpace;

/**
 * One minor collection: parallel copying of the live young objects (eden and the from-survivor)
 * into the to-survivor, or into the old generation once they reach the tenuring age.
 *
 * <h2>Roots</h2>
 * The handles (partitions of {@link Roots}) and the remembered set: old objects that the write
 * barrier logged because a young reference was stored into them. Old objects are otherwise never
 * scanned. A remembered entry is claimed by clearing its REMEMBERED bit with a CAS (the set may hold
 * duplicates); after scanning, an object that still points into the young generation (its referents
 * now in the to-survivor) is logged again.
 *
 * <h2>Forwarding</h2>
 * A GC thread copies the object speculatively into its own buffer, writes the copy's header (age + 1,
 * GC bits cleared), then installs {@code newAddress | FORWARDED} in the old header with one CAS (a
 * full fence on x86, so the copy is visible before the pointer). The loser of a race gives its copy
 * back (bump pointer rollback, or the old-space cell back to its block) and uses the winner's; only
 * the winner records its copy's object start (atomically: LABs and blocks of different threads may
 * share a map granule). No thread ever waits for another; the header's BUSY bit stays reserved for
 * policies that need an exclusive claim. With one GC thread plain stores replace the CAS. Each thread copies into its
 * own survivor buffer (32 KiB chunks claimed by CAS from the to-space) and its own old-space
 * {@link SegregatedSpace.Allocator}, so copying takes no lock. Copies are pushed on the thread's
 * {@link GreyStack} and scanned later (depth-first order keeps parents and children close); an
 * object's reference slots are found by the slot scanner every collector shares ({@link ReferenceSlots}).
 *
 * <h2>Promotion never fails</h2>
 * The plan only starts an evacuation when the old space has free blocks for every young byte at the
 * worst size-class rounding (see {@code GenerationalPlan.canEvacuate}), so an allocation here cannot
 * fail; if it does anyway that is a bug and is reported as heap corruption.
 */
final class Evacuation {

    private static final sun.misc.Unsafe U = Arena.UNSAFE;
    private static final long LAB_BYTES = 32 << 10;

    private final GenerationalPlan plan;
    private final Arena mem;
    private final ObjectStarts starts;
    private final TypeTable types;
    /** Eden and the from-survivor, adjacent by construction: what is evacuated. */
    private final long evacLo;
    private final long evacSpan;
    private final long youngLo;
    private final long youngSpan;
    private final BumpSpace to;
    private final SegregatedSpace old;
    private final int tenure;
    private final WorkPool pool;
    private final boolean parallel;
    private final Roots roots;
    private final long[] remembered;
    private final int rootTasks;
    private final int rememberedTasks;
    private final AtomicInteger nextTask = new AtomicInteger();
    final Worker[] workers;

    static final int REMEMBERED_CHUNK = 1024;

    Evacuation(GenerationalPlan plan, BumpSpace eden, BumpSpace from, BumpSpace to, SegregatedSpace old, int threads,
            Roots roots, long[] remembered) {
        this.plan = plan;
        this.mem = plan.memory();
        this.starts = mem.starts();
        this.types = plan.types();
        this.evacLo = Math.min(eden.start(), from.start());
        this.evacSpan = eden.capacity() + from.capacity();
        if (Math.max(eden.end(), from.end()) - evacLo != evacSpan) {
            throw new IllegalArgumentException("eden and the from-survivor must be adjacent");
        }
        this.youngLo = plan.barrierLow();
        this.youngSpan = plan.barrierHigh() - plan.barrierLow();
        this.to = to;
        this.old = old;
        this.tenure = plan.tenuringThreshold();
        this.pool = new WorkPool(threads);
        this.parallel = threads > 1;
        this.roots = roots;
        this.remembered = remembered;
        this.rootTasks = roots.partitions();
        this.rememberedTasks = (remembered.length + REMEMBERED_CHUNK - 1) / REMEMBERED_CHUNK;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
        }
    }

    /** Runs worker {@code i}'s share (called on each GC thread). */
    void run(int i) {
        try {
            workers[i].work();
        } catch (RuntimeException | Error e) {
            pool.abort();
            throw e;
        }
    }

    private boolean evacuating(long v) {
        return Long.compareUnsigned(v - evacLo, evacSpan) < 0;
    }

    /**
     * Size of a young object from its header: fixed layouts from the header's slot count, others
     * through the type table; anything that is not a live typed object is corruption.
     */
    private long sizeOf(long v, long h) {
        int slots = (int) (h >>> ObjectHeader.SLOTS_SHIFT) & 0xFFFF;
        int t = ObjectHeader.typeId(h);
        long size;
        if (slots != 0 && t >= ObjectHeader.FIRST_USER_TYPE && t < types.count()) {
            size = 8 + ((long) slots << 3);
        } else {
            size = types.sizeOf(v, h);
            int kind = types.scanKind(t);
            if (size <= 0 || kind == ObjectModel.GAP || kind == ObjectModel.INVALID) {
                throw new HeapCorruptionException(String.format("reference 0x%x to a young non-object (header 0x%x, %s)",
                        v, h, types.typeName(t)));
            }
        }
        if (Long.compareUnsigned(v - evacLo, evacSpan - size) > 0) {
            throw new HeapCorruptionException(String.format("young object 0x%x (%d bytes) extends past its space", v, size));
        }
        return size;
    }

    private boolean young(long v) {
        return Long.compareUnsigned(v - youngLo, youngSpan) < 0;
    }

    /** One GC thread's state. */
    final class Worker implements SlotVisitor {
        private final GreyStack grey = new GreyStack(pool);
        /** Whether a slot of the object being scanned points into the young generation after its visit. */
        private boolean pointsYoung;
        private final SegregatedSpace.Allocator oldAlloc = old.newAllocator();
        private long labTop;
        private long labEnd;
        long promotedBytes;
        long copiedBytes;
        long[] relog = new long[64];
        int relogCount;

        void work() {
            int task;
            while ((task = nextTask.getAndIncrement()) < rootTasks + rememberedTasks) {
                if (task < rootTasks) {
                    roots.visit(task, v -> evacuating(v) ? forward(v) : v);
                } else {
                    int from = (task - rootTasks) * REMEMBERED_CHUNK;
                    int end = Math.min(remembered.length, from + REMEMBERED_CHUNK);
                    for (int i = from; i < end; i++) {
                        scanRemembered(remembered[i]);
                    }
                }
                long o;
                while ((o = grey.popLocal()) != 0) {
                    scan(o);
                }
            }
            long o;
            while ((o = grey.pop()) != 0) {
                scan(o);
            }
            BumpSpace.fill(mem, labTop, labEnd);
            labTop = labEnd = 0;
            oldAlloc.release();
        }

        private void scanRemembered(long o) {
            if (!mem.contains(o, 16)) {
                throw new HeapCorruptionException(String.format("remembered set holds 0x%x, outside the heap", o));
            }
            long h = U.getLongVolatile(null, o);
            while (true) {
                if ((h & REMEMBERED) == 0) {
                    return;
                }
                if (U.compareAndSwapLong(null, o, h, h & ~REMEMBERED)) {
                    break;
                }
                h = U.getLongVolatile(null, o);
            }
            scan(o);
        }

        private long forward(long v) {
            if ((v & 7) != 0) {
                throw new HeapCorruptionException(String.format("misaligned reference 0x%x", v));
            }
            long h = U.getLongVolatile(null, v);
            if ((h & FORWARDED) != 0) {
                return h & ~7L;
            }
            long size = sizeOf(v, h);
            int age = ObjectHeader.age(h) + 1;
            long dst = 0;
            boolean promoted = false;
            if (age < tenure) {
                dst = allocSurvivor(size);
            }
            if (dst == 0) {
                dst = oldAlloc.allocate(size);
                if (dst == 0) {
                    throw new HeapCorruptionException("promotion failed: the old generation has no cell for " + size
                            + " bytes although the plan checked room before the collection");
                }
                promoted = true;
            }
            // copy first, then install the forwarding pointer with one CAS; the loser of a race undoes
            // its copy (object bodies do not change during the collection, so both copies are equal)
            if (size <= 64) {
                for (long off = 8; off < size; off += 8) {
                    U.putLong(dst + off, U.getLong(v + off));
                }
            } else {
                U.copyMemory(v + 8, dst + 8, size - 8);
            }
            long nh = h & ObjectHeader.COPY_MASK;
            if (!promoted) {
                nh |= (long) age << ObjectHeader.AGE_SHIFT;
            }
            U.putLong(dst, nh);
            if (parallel) {
                if (!U.compareAndSwapLong(null, v, h, dst | FORWARDED)) {
                    if (promoted) {
                        oldAlloc.undo(dst, size);
                    } else if (labTop == dst + size) {
                        labTop = dst;
                    } else {
                        BumpSpace.fill(mem, dst, dst + size);
                    }
                    long now = U.getLongVolatile(null, v);
                    if ((now & FORWARDED) == 0) {
                        throw new HeapCorruptionException(String.format("header of 0x%x changed during evacuation", v));
                    }
                    return now & ~7L;
                }
            } else {
                U.putLong(v, dst | FORWARDED);
            }
            starts.set(dst);
            if (promoted) {
                promotedBytes += size;
            }
            copiedBytes += size;
            grey.push(dst);
            return dst;
        }

        private long allocSurvivor(long size) {
            long t = labTop;
            if (t + size <= labEnd) {
                labTop = t + size;
                return t;
            }
            if (size > LAB_BYTES / 4) {
                return to.allocate(size);
            }
            long lab = to.allocate(LAB_BYTES);
            if (lab == 0) {
                return to.allocate(size);
            }
            BumpSpace.fill(mem, labTop, labEnd);
            labTop = lab + size;
            labEnd = lab + LAB_BYTES;
            return lab;
        }

        /**
         * Evacuates the young referents of every reference slot of {@code o} (the one slot scanner,
         * this worker its visitor) and logs {@code o} again if it is old and still points young.
         */
        private void scan(long o) {
            pointsYoung = false;
            ReferenceSlots.forEach(o, U.getLong(o), types, mem, this);
            if (pointsYoung && !young(o)) {
                relog(o);
            }
        }

        @Override
        public void visit(long slot) {
            if (slot(slot)) {
                pointsYoung = true;
            }
        }

        /** Logs an old object that still points into the young generation after this collection. */
        private void relog(long o) {
            long hh = U.getLong(o);
            if ((hh & REMEMBERED) == 0) {
                U.putLong(o, hh | REMEMBERED);
                if (relogCount == relog.length) {
                    relog = Arrays.copyOf(relog, relogCount * 2);
                }
                relog[relogCount++] = o;
            }
        }

        private boolean slot(long s) {
            long v = U.getLong(s);
            if (evacuating(v)) {
                v = forward(v);
                U.putLong(s, v);
            }
            return young(v);
        }
    }
}
