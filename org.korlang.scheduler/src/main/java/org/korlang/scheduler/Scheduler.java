package org.korlang.scheduler;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs Korlang tasks on worker threads.
 *
 * <p>The scheduler owns the task handles and their accounting; the active
 * {@link org.korlang.scheduler.spi.SchedulerPolicy} owns the queues and the worker threads. The
 * policy can be switched at any time: queued tasks move to the new policy, running tasks finish
 * on the thread they run on, and every handle stays valid — no task is lost or run twice.
 *
 * <p>A task's exception never kills a worker: it completes the task's handle exceptionally and
 * {@link TaskHandle#join()} throws it wrapped in a {@link TaskFailedException}. A task spawned
 * after the scheduler was shut down is rejected with a
 * {@link java.util.concurrent.RejectedExecutionException}; shutting down completes or cancels
 * every handle, so no join hangs.
 *
 * <p><b>Blocking sections.</b> Code running on a worker that is about to block (a contended lock,
 * a blocking system call, a wait for another task) calls {@link #enterBlocking()} before and
 * {@link #exitBlocking()} after, or wraps the call in {@link #blocking(Callable)}. While it is
 * blocked, its worker slot is handed to a spare thread so that queued tasks keep running; the
 * number of spare threads is bounded and they retire when idle. On threads that are not workers of
 * this scheduler the three methods only run the action: they are safe to call anywhere. Sections
 * nest; only the outermost one hands the slot over.
 *
 * <p>A blocking section belongs to the task that enters it: a task must exit every section it enters
 * before it ends, and cannot exit one it did not enter ({@link IllegalStateException}). A task that
 * ends with sections still open <i>fails</i> — its handle completes with an
 * {@link IllegalStateException} naming the leak (attached as suppressed to the task's own exception if
 * it threw) — and the scheduler closes those sections, so the worker thread is fully usable again.
 */
@ProviderType
public interface Scheduler {

    /**
     * Queues a task that computes a value.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler was shut down
     */
    <T> TaskHandle<T> spawn(Callable<T> task);

    /**
     * Queues a task that computes nothing; its handle's value is {@code null}.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler was shut down
     */
    TaskHandle<Void> spawn(Runnable task);

    /**
     * Queues a long task that gives the worker back between steps: each time
     * {@link YieldingTask#step()} returns {@link Step#again()}, the task re-queues itself behind
     * the work that is already waiting, and a later step runs it on (possibly) another worker.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler was shut down
     */
    <T> TaskHandle<T> spawnYielding(YieldingTask<T> task);

    /** A new, empty fork-join group whose tasks run on this scheduler. */
    <T> TaskGroup<T> newGroup();

    /**
     * Spawns every task and joins them all (fork-join): the results in the order of the
     * collection.
     *
     * @throws TaskFailedException the first failure in collection order, once every task is done
     *     (the other failures are attached as suppressed exceptions)
     * @throws java.util.concurrent.CancellationException if a task was cancelled
     */
    <T> List<T> forkJoin(Collection<? extends Callable<T>> tasks);

    /**
     * Marks the start of a section in which the calling code may block. On one of this
     * scheduler's workers, the worker slot is handed over so other tasks keep running; elsewhere
     * it does nothing. Sections nest. The calling task must exit it before it ends (see the class
     * comment: otherwise the task fails).
     */
    void enterBlocking();

    /**
     * Marks the end of the innermost blocking section; the outermost one takes a worker slot back
     * when one is free (otherwise the task runs on, and the thread becomes a spare once the task
     * ends). Does nothing on threads that are not workers of this scheduler.
     *
     * @throws IllegalStateException on a worker that is not inside a blocking section entered by the
     *     calling task
     */
    void exitBlocking();

    /**
     * Runs {@code action} inside a blocking section and returns its value.
     *
     * @throws Exception whatever {@code action} throws
     */
    <T> T blocking(Callable<T> action) throws Exception;

    /** Whether the calling thread is one of this scheduler's threads (worker or spare). */
    boolean isWorkerThread();

    /**
     * The index of the worker slot the calling thread holds in the active policy, or empty if the
     * calling thread is not a worker of this scheduler or holds no slot (it is blocked, or it is a
     * spare).
     */
    OptionalInt currentWorker();

    /** A snapshot of the scheduler's counters and the active policy's queues and threads. */
    SchedulerMetrics metrics();

    /** The name of the active policy, or empty while no policy is available. */
    Optional<String> activePolicy();

    /** The names of the policies that are available now. */
    Set<String> availablePolicies();

    /**
     * Switches to the policy with this name, as a swap: no task is lost or run twice. The choice
     * lasts until the next configuration change (the persisted choice is the {@code policy}
     * property of the configuration {@code org.korlang.scheduler}).
     *
     * @throws UnknownPolicyException if no policy of that name is available
     * @throws IllegalStateException if the scheduler was shut down
     */
    void switchPolicy(String name);

    /**
     * Adds a listener that is told of every policy swap from now on (see {@link SchedulerListener}).
     *
     * @since 1.1
     */
    void addListener(SchedulerListener listener);

    /**
     * Removes a listener added by {@link #addListener}.
     *
     * @since 1.1
     */
    void removeListener(SchedulerListener listener);
}
