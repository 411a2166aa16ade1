/**
 * The scheduler policy SPI: how queues and worker threads plug into the
 * {@link org.korlang.scheduler.Scheduler}.
 *
 * <p>A policy is a DS service {@link org.korlang.scheduler.spi.SchedulerPolicy} with the service
 * property {@value org.korlang.scheduler.spi.SchedulerPolicy#NAME_PROPERTY} naming it. The
 * scheduler starts a {@link org.korlang.scheduler.spi.PolicyRuntime} from it (queues + threads),
 * hands it {@link org.korlang.scheduler.spi.ScheduledTask}s, and closes it on a swap. The scheduler
 * keeps everything a swap must preserve — handles, outcomes, counters, the exactly-once claim of
 * each task — so a runtime only moves tasks around: it may even hand the same task over twice
 * (a stale entry's {@code run()} does nothing), but it must never drop one.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.scheduler.spi;
