package org.korlang.gc.internal.core;

import java.util.Arrays;

import org.korlang.gc.HandleMisuseException;
import org.korlang.gc.RootArea;
import org.korlang.gc.spi.RootVisitor;

/**
 * The heap's registry of {@link RootArea}s (VM stack chunks, program constants): a dense array of
 * open areas (swap-remove on close, so scanning never meets a hole) split into root partitions of
 * {@link #PER_PARTITION} areas for the GC threads.
 *
 * <h2>Scanning an area</h2>
 * With the world stopped: visit the area object itself (a moving collection may copy it: the
 * visitor's answer becomes its address), then read the live count in slot 0 of the (possibly new)
 * object and visit each non-zero word of the first {@code count} reference slots, storing back the
 * visitor's answer. The area's type has no reference slots, so the plans trace the object as a leaf
 * and never read those words themselves: only this scan does, up to the live count — words above it
 * are the owner's garbage (stale frames) and are never followed.
 *
 * <h2>Concurrency</h2>
 * Open and close happen while mutators run and may come from any thread; a scan happens with the
 * world stopped, but a non-mutator thread may still close an area then. Both take this object's
 * lock, as {@link GlobalHandles} do.
 */
final class RootAreas {

    static final int PER_PARTITION = 32;

    private final Arena mem;
    private Area[] areas = new Area[16];
    private int count;

    RootAreas(Arena mem) {
        this.mem = mem;
    }

    synchronized Area add(long address, int rootWords, int dataWords) {
        if (count == areas.length) {
            areas = Arrays.copyOf(areas, count * 2);
        }
        Area a = new Area(this, address, rootWords, dataWords, count);
        areas[count++] = a;
        return a;
    }

    private synchronized void remove(Area a) {
        int i = a.index;
        Area last = areas[--count];
        areas[i] = last;
        last.index = i;
        areas[count] = null;
    }

    synchronized int count() {
        return count;
    }

    /** Root partitions needed now (world stopped). */
    synchronized int partitions() {
        return (count + PER_PARTITION - 1) / PER_PARTITION;
    }

    synchronized void visit(int partition, RootVisitor visitor) {
        int end = Math.min(count, (partition + 1) * PER_PARTITION);
        for (int i = partition * PER_PARTITION; i < end; i++) {
            Area a = areas[i];
            long obj = visitor.visit(a.address);
            a.address = obj;
            long live = mem.getLong(obj + 8);
            int n = (int) Math.max(0, Math.min(live, a.rootWords));
            long slot = obj + 16;
            for (int k = 0; k < n; k++, slot += 8) {
                long v = mem.getLong(slot);
                if (v != 0) {
                    long nv = visitor.visit(v);
                    if (nv != v) {
                        mem.putLong(slot, nv);
                    }
                }
            }
        }
    }

    /** One open area: its current address (updated by scans with the world stopped). */
    static final class Area implements RootArea, org.korlang.gc.vmaccess.RawArea {
        private final RootAreas owner;
        /** Raw address of the area object; changes only while the world is stopped. */
        long address;
        final int rootWords;
        final int dataWords;
        int index;
        private volatile boolean open = true;

        Area(RootAreas owner, long address, int rootWords, int dataWords, int index) {
            this.owner = owner;
            this.address = address;
            this.rootWords = rootWords;
            this.dataWords = dataWords;
            this.index = index;
        }

        @Override
        public int rootWords() {
            return rootWords;
        }

        @Override
        public int dataWords() {
            return dataWords;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        boolean ownedBy(RootAreas registry) {
            return owner == registry;
        }

        /** The address, after checking the area is open. */
        long checkedAddress() {
            if (!open) {
                throw new HandleMisuseException("root area is closed");
            }
            return address;
        }

        @Override
        public void close() {
            synchronized (owner) {
                if (open) {
                    open = false;
                    owner.remove(this);
                }
            }
        }

        @Override
        public String toString() {
            return "RootArea[" + rootWords + " roots, " + dataWords + " data" + (open ? "" : ", closed") + "]";
        }

        @Override
        public long rawAddress() {
            return address;
        }
    }
}
