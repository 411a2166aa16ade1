package org.korlang.scheduler.internal.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import org.korlang.scheduler.spi.PolicyThread;

/**
 * The scheduler's bookkeeping for one policy thread: task counters, the depth of nested blocking
 * sections, and the stack of tasks it is running (a join that helps runs tasks inside tasks).
 *
 * <p><b>Blocking sections belong to tasks.</b> Each running task remembers the blocking depth at its
 * start ({@link #blockingBase()}); the task may not exit below it, and when it ends the scheduler
 * closes whatever it left open (see {@code TaskScheduler}).
 *
 * <p>Only the thread itself writes a record, with plain or opaque stores, so counting costs no
 * atomic instruction. Counters are incremented <i>before</i> the CAS that completes a task's handle
 * (and decremented again if that CAS loses), so anyone who saw the handle done also sees the count.
 * Other threads read the counters with opaque loads; {@link Accounting} folds a record into its
 * totals under its lock when the thread ends.
 */
final class ThreadRecord {

    private static final VarHandle SPAWNED;
    private static final VarHandle SUCCEEDED;
    private static final VarHandle FAILED;
    private static final VarHandle CANCELLED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SPAWNED = lookup.findVarHandle(ThreadRecord.class, "spawned", long.class);
            SUCCEEDED = lookup.findVarHandle(ThreadRecord.class, "succeeded", long.class);
            FAILED = lookup.findVarHandle(ThreadRecord.class, "failed", long.class);
            CANCELLED = lookup.findVarHandle(ThreadRecord.class, "cancelled", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final PolicyThread thread;
    /** The scheduler this thread works for. */
    final Object owner;
    private long spawned;
    private long succeeded;
    private long failed;
    private long cancelled;

    /** Nesting depth of blocking sections; owner only. */
    int blockingDepth;

    private TaskCell<?>[] running = new TaskCell<?>[8];
    /** The blocking depth when each running task started; parallel to {@code running}. */
    private int[] blockingBases = new int[8];
    private int runningDepth;

    ThreadRecord(PolicyThread thread, Object owner) {
        this.thread = thread;
        this.owner = owner;
    }

    void addSpawned(long delta) {
        SPAWNED.setOpaque(this, spawned + delta);
    }

    void addSucceeded(long delta) {
        SUCCEEDED.setOpaque(this, succeeded + delta);
    }

    void addFailed(long delta) {
        FAILED.setOpaque(this, failed + delta);
    }

    void addCancelled(long delta) {
        CANCELLED.setOpaque(this, cancelled + delta);
    }

    long spawned() {
        return (long) SPAWNED.getOpaque(this);
    }

    long succeeded() {
        return (long) SUCCEEDED.getOpaque(this);
    }

    long failed() {
        return (long) FAILED.getOpaque(this);
    }

    long cancelled() {
        return (long) CANCELLED.getOpaque(this);
    }

    void pushRunning(TaskCell<?> task) {
        int depth = runningDepth;
        if (depth == running.length) {
            running = java.util.Arrays.copyOf(running, depth * 2);
            blockingBases = java.util.Arrays.copyOf(blockingBases, depth * 2);
        }
        running[depth] = task;
        blockingBases[depth] = blockingDepth;
        runningDepth = depth + 1;
    }

    /** The blocking depth at the start of the innermost running task (0 when none runs). */
    int blockingBase() {
        int depth = runningDepth;
        return depth == 0 ? 0 : blockingBases[depth - 1];
    }

    /** How many tasks this thread is running, nested inside each other by helping joins. */
    int runningDepth() {
        return runningDepth;
    }

    void popRunning() {
        running[--runningDepth] = null;
    }

    /**
     * The tasks this thread is running, outermost first. Racy when read by another thread; used
     * only by shutdown on threads that did not end within the grace period.
     */
    List<TaskCell<?>> runningTasks() {
        TaskCell<?>[] snapshot = running;
        List<TaskCell<?>> tasks = new ArrayList<>();
        for (TaskCell<?> task : snapshot) {
            if (task != null) {
                tasks.add(task);
            }
        }
        return tasks;
    }
}
