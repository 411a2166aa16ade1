/**
 * The Korlang task scheduler: run tasks on worker threads and wait for their outcome.
 *
 * <p>{@link org.korlang.scheduler.Scheduler} is the service. It spawns tasks and returns
 * {@link org.korlang.scheduler.TaskHandle}s (join with or without a timeout, cancel, result or
 * exception), runs fork-join groups ({@link org.korlang.scheduler.TaskGroup}), re-queues
 * {@link org.korlang.scheduler.YieldingTask}s that yield, and offers the blocking-section API
 * ({@code enterBlocking}/{@code exitBlocking}/{@code blocking}) through which code that is about to
 * block hands its worker slot to a spare thread. Which queues and threads run the tasks is decided
 * by a policy ({@link org.korlang.scheduler.spi.SchedulerPolicy}) that can be swapped while tasks
 * are running: handles stay valid and every task runs exactly once. A language runtime that runs its
 * own tasks on a few scheduler jobs publishes a {@link org.korlang.scheduler.TaskCountSource} (1.2) so
 * that {@code sched:stats} shows its {@link org.korlang.scheduler.TaskCounts}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.korlang.scheduler;
