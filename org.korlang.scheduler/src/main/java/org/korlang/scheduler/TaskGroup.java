package org.korlang.scheduler;

import java.util.List;
import java.util.concurrent.Callable;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A fork-join group: spawn any number of tasks, then join them all. Safe to use from several
 * threads.
 */
@ProviderType
public interface TaskGroup<T> {

    /**
     * Spawns a task as a member of this group.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws java.util.concurrent.RejectedExecutionException if the scheduler was shut down
     */
    TaskHandle<T> spawn(Callable<T> task);

    /**
     * Waits until every member spawned so far is done and returns their values in spawn order.
     *
     * @throws TaskFailedException the first failure in spawn order, once every member is done (the
     *     other failures are attached as suppressed exceptions)
     * @throws java.util.concurrent.CancellationException if a member was cancelled
     */
    List<T> joinAll();

    /** Cancels every member that is not done yet; returns how many this call cancelled. */
    int cancelAll();

    /** The members spawned so far, in spawn order. */
    List<TaskHandle<T>> members();
}
