package org.korlang.scheduler;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The handle of one spawned task: its state, its outcome, and the means to wait for it or cancel
 * it. A handle stays valid across policy swaps and scheduler shutdown.
 *
 * <p>Joining on a worker thread does not waste the worker: while the task is not done, the joiner
 * first runs other queued tasks (most often the very task it waits for), and only then blocks
 * inside a blocking section, so its slot goes to a spare thread.
 */
@ProviderType
public interface TaskHandle<T> {

    /**
     * Waits until the task is done and returns its value. Not interruptible (an interrupt is
     * remembered and restored on return), like {@code ForkJoinTask.join()}.
     *
     * @throws TaskFailedException if the task threw; the cause is what it threw
     * @throws CancellationException if the task was cancelled
     */
    T join();

    /**
     * Waits at most {@code timeout} for the task to be done and returns its value.
     *
     * <p><b>What the timeout bounds:</b> the time spent <i>waiting</i>. On a worker thread a join first
     * helps — it runs queued tasks itself, most often the very task it joins — and a task once started
     * runs to its end; so when helping ran the task inline, the join returns when the task ends, with
     * its value, even if that is later than {@code timeout} (a timed join never reports a timeout for a
     * task it finished itself). Helping stops once the deadline has passed, and the remaining wait is
     * bounded by the deadline. Off the scheduler's threads it is a plain timed wait.
     *
     * @throws TimeoutException if the task is not done in time (it keeps running)
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws TaskFailedException if the task threw; the cause is what it threw
     * @throws CancellationException if the task was cancelled
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    T join(Duration timeout) throws TimeoutException, InterruptedException;

    /**
     * Cancels the task. A queued task never runs: it is dropped from its queue (when a worker
     * reaches its entry, without running anything). A running task's handle is cancelled at once
     * and joins return; the running code is not interrupted, it runs to its end and its value is
     * discarded; a yielding task is not resumed again.
     *
     * @return whether this call cancelled the task ({@code false} if it was already done)
     */
    boolean cancel();

    /** The state now. */
    TaskState state();

    /** Whether the task succeeded, failed or was cancelled. */
    boolean isDone();

    /**
     * The value of a task that succeeded.
     *
     * @throws IllegalStateException if the task did not succeed (yet)
     */
    T resultNow();

    /**
     * The exception of a task that failed.
     *
     * @throws IllegalStateException if the task did not fail (yet)
     */
    Throwable exceptionNow();
}
