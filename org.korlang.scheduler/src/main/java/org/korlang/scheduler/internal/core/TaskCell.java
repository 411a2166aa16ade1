package org.korlang.scheduler.internal.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.korlang.scheduler.Step;
import org.korlang.scheduler.TaskFailedException;
import org.korlang.scheduler.TaskHandle;
import org.korlang.scheduler.TaskState;
import org.korlang.scheduler.YieldingTask;
import org.korlang.scheduler.spi.ScheduledTask;

/**
 * One task: at once the handle the spawner holds and the entry the policy queues.
 *
 * <p><b>State machine</b> (one {@code int}, changed only by CAS):
 * <pre>
 *   QUEUED --claim--> RUNNING --return--> SUCCEEDED
 *     |                 |  |---throw---> FAILED
 *     |                 |  `--yield----> QUEUED   (re-queued through the scheduler)
 *     `--cancel-->  CANCELLED  <--cancel--'
 * </pre>
 * <b>Exactly once.</b> {@link #run()} first claims the task ({@code QUEUED -> RUNNING}); a queue entry
 * whose claim fails is stale (the task is running, done, cancelled, or already claimed through a
 * duplicate entry) and does nothing. This is what lets a policy swap hand the same task over twice
 * without running it twice, and what makes cancelling a queued task "remove" it: its entry becomes
 * inert and is dropped when a worker reaches it. Exactly one CAS moves a task into a final state, and
 * only that CAS's owner counts the outcome and wakes the joiners.
 *
 * <p><b>Publication.</b> The value or exception is written to {@code outcome} before the completing
 * CAS and read only after reading a final state, so the volatile state carries it to every joiner.
 *
 * <p><b>Joiners</b> wait on a Treiber stack of {@link Waiter}s, as {@code FutureTask} does: a waiter
 * pushes its node, re-reads the state, and parks; the completer swaps the stack out after its CAS and
 * unparks everyone. Both sides write then read two volatiles, so one of them always sees the other.
 */
final class TaskCell<T> implements TaskHandle<T>, ScheduledTask, BooleanSupplier {

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int SUCCEEDED = 2;
    private static final int FAILED = 3;
    private static final int CANCELLED = 4;

    static final byte CALLABLE = 0;
    static final byte RUNNABLE = 1;
    static final byte YIELDING = 2;

    private static final VarHandle STATE;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(TaskCell.class, "state", int.class);
            WAITERS = lookup.findVarHandle(TaskCell.class, "waiters", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A thread waiting in a join. */
    static final class Waiter {
        volatile Thread thread;
        Waiter next;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }

    private final TaskScheduler scheduler;
    private final byte kind;
    private volatile int state;
    /** The Callable, Runnable or YieldingTask; dropped once the task is final. */
    private Object body;
    /** The value (SUCCEEDED) or the Throwable (FAILED). */
    private Object outcome;
    @SuppressWarnings("unused") // accessed through WAITERS
    private volatile Waiter waiters;

    TaskCell(TaskScheduler scheduler, byte kind, Object body) {
        this.scheduler = scheduler;
        this.kind = kind;
        this.body = body;
    }

    TaskScheduler scheduler() {
        return scheduler;
    }

    // ---------------------------------------------------------------- running (policy side)

    @Override
    public void run() {
        if (state != QUEUED || !STATE.compareAndSet(this, QUEUED, RUNNING)) {
            return; // stale or duplicate entry, or cancelled: nothing to run
        }
        ThreadRecord record = scheduler.currentRecord();
        if (scheduler.isTerminated()) {
            // shutdown's grace period is over: nothing starts any more
            complete(CANCELLED, null, record);
            return;
        }
        if (record != null) {
            record.pushRunning(this);
        }
        try {
            execute(record);
        } finally {
            if (record != null) {
                record.popRunning();
            }
            if (state > RUNNING) {
                body = null; // final: nobody reads the body again
            }
        }
    }

    /**
     * Runs the body (one step of a yielding task) and settles the outcome. A body that leaves blocking
     * sections open fails (see {@link TaskScheduler#closeLeakedSections}); that check is one compare.
     */
    @SuppressWarnings("unchecked")
    private void execute(ThreadRecord record) {
        Object task = body;
        Object value = null;
        Throwable failure = null;
        boolean again = false;
        try {
            switch (kind) {
                case CALLABLE:
                    value = ((Callable<T>) task).call();
                    break;
                case RUNNABLE:
                    ((Runnable) task).run();
                    break;
                default:
                    Step<T> step = ((YieldingTask<T>) task).step();
                    if (step == null) {
                        throw new NullPointerException(
                                "YieldingTask.step() returned null; return Step.again() or Step.done(value)");
                    }
                    if (step.isDone()) {
                        value = step.value();
                    } else {
                        again = true;
                    }
                    break;
            }
        } catch (Throwable thrown) {
            failure = thrown;
        }
        if (record != null && record.blockingDepth != record.blockingBase()) {
            failure = scheduler.closeLeakedSections(record, failure);
        }
        if (failure != null) {
            complete(FAILED, failure, record);
        } else if (!again) {
            complete(SUCCEEDED, value, record);
        } else if (STATE.compareAndSet(this, RUNNING, QUEUED)) {
            scheduler.requeue(this);
        }
        // else: cancelled during the step; the canceller completed the handle
    }

    /** Moves a RUNNING task to a final state; counts first so that a reader of the state sees it. */
    private void complete(int finalState, Object result, ThreadRecord record) {
        count(finalState, record, 1);
        outcome = result;
        if (STATE.compareAndSet(this, RUNNING, finalState)) {
            releaseWaiters();
        } else {
            count(finalState, record, -1); // cancelled while running: the canceller counted
        }
    }

    private void count(int finalState, ThreadRecord record, long delta) {
        if (record != null) {
            switch (finalState) {
                case SUCCEEDED -> record.addSucceeded(delta);
                case FAILED -> record.addFailed(delta);
                default -> record.addCancelled(delta);
            }
        } else {
            Accounting accounting = scheduler.accounting();
            switch (finalState) {
                case SUCCEEDED -> accounting.succeeded.add(delta);
                case FAILED -> accounting.failed.add(delta);
                default -> accounting.cancelled.add(delta);
            }
        }
    }

    // ---------------------------------------------------------------- the handle

    @Override
    public boolean cancel() {
        ThreadRecord record = scheduler.currentRecord();
        for (;;) {
            int s = state;
            if (s > RUNNING) {
                return false;
            }
            count(CANCELLED, record, 1);
            if (STATE.compareAndSet(this, s, CANCELLED)) {
                if (s == QUEUED) {
                    body = null; // no claim can succeed any more
                }
                releaseWaiters();
                return true;
            }
            count(CANCELLED, record, -1);
        }
    }

    @Override
    public T join() {
        if (state <= RUNNING) {
            scheduler.awaitDone(this);
        }
        return report();
    }

    @Override
    public T join(Duration timeout) throws TimeoutException, InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (state <= RUNNING) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long nanos;
            try {
                nanos = timeout.toNanos();
            } catch (ArithmeticException tooLong) {
                nanos = Long.MAX_VALUE;
            }
            if (!scheduler.awaitDone(this, nanos)) {
                throw new TimeoutException("task not done after " + timeout);
            }
        }
        return report();
    }

    @SuppressWarnings("unchecked")
    private T report() {
        switch (state) {
            case SUCCEEDED:
                return (T) outcome;
            case FAILED:
                throw new TaskFailedException((Throwable) outcome);
            case CANCELLED:
                throw new CancellationException("task was cancelled");
            default:
                throw new IllegalStateException("task is not done");
        }
    }

    @Override
    public TaskState state() {
        switch (state) {
            case QUEUED:
                return TaskState.QUEUED;
            case RUNNING:
                return TaskState.RUNNING;
            case SUCCEEDED:
                return TaskState.SUCCEEDED;
            case FAILED:
                return TaskState.FAILED;
            default:
                return TaskState.CANCELLED;
        }
    }

    @Override
    public boolean isDone() {
        return state > RUNNING;
    }

    @Override
    public boolean getAsBoolean() {
        return state > RUNNING;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T resultNow() {
        if (state != SUCCEEDED) {
            throw new IllegalStateException("task did not succeed; it is " + state());
        }
        return (T) outcome;
    }

    @Override
    public Throwable exceptionNow() {
        if (state != FAILED) {
            throw new IllegalStateException("task did not fail; it is " + state());
        }
        return (Throwable) outcome;
    }

    @Override
    public String toString() {
        return "Task[" + state() + "]";
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Parks the calling thread until the task is done or {@code nanos} elapse (when
     * {@code timed}). Returns whether it is done. If {@code interruptible}, an interrupt throws;
     * otherwise it is remembered and restored on return.
     */
    boolean park(boolean timed, long nanos, boolean interruptible) throws InterruptedException {
        long deadline = timed ? System.nanoTime() + nanos : 0L;
        Waiter node = null;
        boolean queued = false;
        boolean interrupted = false;
        try {
            for (;;) {
                if (state > RUNNING) {
                    return true;
                }
                if (node == null) {
                    node = new Waiter(Thread.currentThread());
                } else if (!queued) {
                    Waiter head = waiters;
                    node.next = head;
                    queued = WAITERS.compareAndSet(this, head, node);
                } else if (timed) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0L) {
                        return state > RUNNING;
                    }
                    LockSupport.parkNanos(this, remaining);
                } else {
                    LockSupport.park(this);
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    interrupted = true;
                }
            }
        } finally {
            if (node != null) {
                node.thread = null; // a later release skips it
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void releaseWaiters() {
        // The state CAS came first; a waiter pushes its node and then re-reads the state. So if no
        // node is visible here, any later waiter will see the final state: no atomic needed.
        if (waiters == null) {
            return;
        }
        Waiter node = (Waiter) WAITERS.getAndSet(this, null);
        while (node != null) {
            Thread thread = node.thread;
            if (thread != null) {
                node.thread = null;
                LockSupport.unpark(thread);
            }
            node = node.next;
        }
    }
}
