package org.korlang.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A service published by a language runtime whose own tasks run multiplexed on the scheduler's
 * workers (the Korlang VM), so that the scheduler's tools can show them without knowing that runtime:
 * {@code sched:stats} prints one line per source that is present (an optional, dynamic, multiple
 * reference — sources come and go with their bundles). The dependency points down: the runtime
 * implements this interface of the scheduler's API, the scheduler never imports the runtime.
 * {@link #taskCounts()} is called from shell and monitoring threads at any time and must be cheap and
 * non-blocking for the tasks it counts.
 *
 * @since 1.2
 */
@ConsumerType
public interface TaskCountSource {

    /** A short lowercase name for the tasks counted, shown as the label of their line (e.g. "korlang"). */
    String name();

    /** The counts now, over everything the source runs (all programs at once). */
    TaskCounts taskCounts();
}
