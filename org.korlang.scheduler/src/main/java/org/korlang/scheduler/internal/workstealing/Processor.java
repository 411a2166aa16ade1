package org.korlang.scheduler.internal.workstealing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.korlang.scheduler.spi.ScheduledTask;

/**
 * A worker slot (Go's "P"): the run queues a worker thread owns while it holds the slot. A blocked
 * thread gives its slot up and a spare thread takes it, queues and all.
 *
 * <p><b>Queues.</b> A {@link ChaseLevDeque} (owner pushes and pops at the bottom, thieves steal at
 * the top) and a LIFO slot holding the task spawned last. Spawning puts the new task in the LIFO slot
 * and pushes the task it displaces onto the deque, so the freshest task — whose data is hot in this
 * core's cache, and which a message-passing partner is usually waiting for — runs next.
 *
 * <p><b>Bounded LIFO.</b> Two tasks that keep spawning each other through the LIFO slot would starve
 * the deque. After {@value #LIFO_LIMIT} consecutive runs from the LIFO slot the owner takes from the
 * deque first; the LIFO task stays in its slot and runs next.
 *
 * <p><b>Yield.</b> A task that yields is pushed on the deque (never into the LIFO slot) and the next
 * pick takes the <i>oldest</i> task of the deque (a steal from its own top), so yielding tasks on one
 * worker take turns in FIFO order instead of the last one running again at once.
 *
 * <p><b>Sharing.</b> The LIFO slot is stealable, so a task parked there is never stranded behind a
 * long-running owner. The owner puts and takes with plain (opaque/release) accesses; a thief takes
 * with a CAS. A task can thus be handed out twice at the same moment, never lost — see
 * {@link #putLifo} and {@link #takeLifo()} — and the scheduler's claim makes the duplicate inert. Thieves only look at the slot
 * in their last stealing round, which gives the owner a moment to run the task itself. Owner-only fields
 * ({@code tick}, {@code lifoStreak}, {@code oldestNext}) pass to the next owner through the runtime's
 * lock, under which slots change hands. Statistics are written by the owner with opaque stores.
 */
final class Processor {

    /** Consecutive LIFO-slot runs before the deque goes first (Tokio's MAX_LIFO_POLLS_PER_TICK). */
    static final int LIFO_LIMIT = 3;

    private static final VarHandle LIFO;
    private static final VarHandle STEALS;
    private static final VarHandle PARKS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LIFO = lookup.findVarHandle(Processor.class, "lifo", ScheduledTask.class);
            STEALS = lookup.findVarHandle(Processor.class, "steals", long.class);
            PARKS = lookup.findVarHandle(Processor.class, "parks", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    final ChaseLevDeque<ScheduledTask> deque = new ChaseLevDeque<>(256);
    private volatile ScheduledTask lifo;

    /** Scheduling ticks of this slot (owner only). */
    int tick;
    private int lifoStreak;
    private boolean oldestNext;
    private int yields;

    private long steals;
    private long parks;

    Processor(int index) {
        this.index = index;
    }

    /**
     * Owner: a freshly spawned task goes to the LIFO slot; returns the task it displaces (which the
     * caller pushes on the deque). Plain accesses: a thief that CASes the displaced task out at the
     * same moment only duplicates it (the caller pushes it as well), and cannot clear the new task,
     * whose reference its CAS does not expect. The release store publishes the task.
     */
    ScheduledTask putLifo(ScheduledTask task) {
        ScheduledTask displaced = (ScheduledTask) LIFO.getOpaque(this);
        LIFO.setRelease(this, task);
        return displaced;
    }

    /**
     * Owner: takes the LIFO task, if any, without an atomic instruction. A thief's CAS may take the
     * same task at the same moment; then it is handed out twice, which the scheduler's claim makes
     * harmless (one entry runs it, the other is stale). It cannot be lost: only the owner stores a
     * task here, and a thief only clears the very task it read.
     */
    ScheduledTask takeLifo() {
        ScheduledTask task = (ScheduledTask) LIFO.getOpaque(this);
        if (task != null) {
            LIFO.setOpaque(this, null);
        }
        return task;
    }

    /** Thief (or a closing runtime): takes the LIFO task, if any, with a CAS. */
    ScheduledTask stealLifo() {
        ScheduledTask task = lifo;
        return task != null && LIFO.compareAndSet(this, task, null) ? task : null;
    }

    /** Owner: a yielding task goes to the deque, and the next pick takes the oldest task. */
    void pushYielded(ScheduledTask task) {
        deque.push(task);
        oldestNext = true;
        yields++;
    }

    /** Owner: how many tasks yielded on this slot so far (joins stop helping when it moves). */
    int yields() {
        return yields;
    }

    /** Whether the LIFO slot holds a task (at one moment). */
    boolean hasLifo() {
        return lifo != null;
    }

    /** Owner: the next task of this slot's own queues, honouring the LIFO bound and yields. */
    ScheduledTask nextLocal() {
        ScheduledTask task;
        if (oldestNext) {
            oldestNext = false;
            if ((task = deque.pollOldest()) != null) {
                lifoStreak = 0;
                return task;
            }
        }
        if (lifoStreak < LIFO_LIMIT && (task = takeLifo()) != null) {
            lifoStreak++;
            return task;
        }
        if ((task = deque.pop()) != null) {
            lifoStreak = 0;
            return task;
        }
        if ((task = takeLifo()) != null) {
            lifoStreak = 1;
            return task;
        }
        return null;
    }

    /** Whether a task waits in this slot's queues (at one moment). */
    boolean hasWork() {
        return lifo != null || !deque.isEmpty();
    }

    /** Tasks waiting in this slot's queues (at one moment). */
    int queued() {
        return deque.size() + (lifo != null ? 1 : 0);
    }

    void countSteal() {
        STEALS.setOpaque(this, steals + 1);
    }

    void countPark() {
        PARKS.setOpaque(this, parks + 1);
    }

    long steals() {
        return (long) STEALS.getOpaque(this);
    }

    long parks() {
        return (long) PARKS.getOpaque(this);
    }
}
