package org.korlang.vm.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The live tasks of one run, by slot number (#12). A task's slot is written into its heap Task object
 * (slot 5), so a waker that finds a parked Task object in a wait queue gets its {@link VmTask} with
 * one array read — this lookup is on the path of every channel hand-off, where a hash map keyed by a
 * boxed serial cost a tenth of the fan-in benchmark's time. Slots of ended tasks are reused.
 *
 * <p>Concurrency: every write (reserve, set, release, growth) happens under one lock; {@link #get}
 * reads the volatile table without it. A reader looks up only a task it found parked in a wait queue,
 * i.e. one whose {@link #set} happened before it was first made ready (the ready queue and the
 * wait queue's stripe order the two), and a growth copies the table under the lock, so old and new
 * table both hold every live task that a reader can ask for. A stale table may still show a task
 * that has ended since; nobody asks for one (an ended task is in no wait queue).
 */
final class LiveTasks {

    private final Object lock = new Object();
    private volatile VmTask[] table = new VmTask[256];
    private int[] free = new int[64];
    private int freeCount;
    private int used;

    /** A slot for a task about to be made; {@link #set} fills it, {@link #release} gives it back. */
    int reserve() {
        synchronized (lock) {
            if (freeCount > 0) {
                return free[--freeCount];
            }
            int slot = used++;
            if (slot >= table.length) {
                table = Arrays.copyOf(table, table.length * 2);
            }
            return slot;
        }
    }

    void set(int slot, VmTask task) {
        synchronized (lock) {
            table[slot] = task;
        }
    }

    /** The task has ended (or was never made): its slot may be reused. */
    void release(int slot) {
        synchronized (lock) {
            table[slot] = null;
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, free.length * 2);
            }
            free[freeCount++] = slot;
        }
    }

    /** The live task in {@code slot} (see the class comment for who may ask). */
    VmTask get(int slot) {
        return table[slot];
    }

    /** Every live task (for the end of the run). */
    List<VmTask> all() {
        synchronized (lock) {
            List<VmTask> out = new ArrayList<>();
            for (VmTask t : table) {
                if (t != null) {
                    out.add(t);
                }
            }
            return out;
        }
    }
}
