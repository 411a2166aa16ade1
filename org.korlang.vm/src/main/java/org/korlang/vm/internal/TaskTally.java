package org.korlang.vm.internal;

import java.util.ArrayList;
import java.util.List;

import org.korlang.scheduler.TaskCounts;

/**
 * The Korlang task counts of one VM over all its program runs, for {@code sched:stats} (through the
 * scheduler API's {@code TaskCountSource}) and the observe console.
 *
 * <p>Each run's {@link TaskRuntime} keeps its own counters (the hot paths touch only those: no
 * counter shared between concurrent programs). This tally holds the runtimes of the runs in progress
 * and the spawned/completed totals of the runs that ended. A snapshot sums the totals and the current
 * counts of every running runtime; a run that ends is moved from the running list into the totals
 * under the same lock as the snapshot, so a snapshot sees each run exactly once, either running or
 * ended. Tasks still live when a run ends are abandoned (as in Go): they stop counting as live or
 * parked and never count as completed. Within one running program live and parked are read together
 * from one atomic word, and no task is ever counted twice ({@link TaskRuntime#counts()}).
 */
public final class TaskTally {

    private final List<TaskRuntime> running = new ArrayList<>();
    private long endedSpawned;
    private long endedCompleted;

    /** {@code runtime}'s run has started: its tasks count from now. */
    public synchronized void started(TaskRuntime runtime) {
        running.add(runtime);
    }

    /** {@code runtime}'s run has ended (its carriers have left): its spawned and completed become totals. */
    public synchronized void ended(TaskRuntime runtime) {
        if (running.remove(runtime)) {
            TaskCounts last = runtime.counts();
            endedSpawned += last.spawned();
            endedCompleted += last.completed();
        }
    }

    /** The counts now: live and parked over the running programs, spawned and completed over all. */
    public synchronized TaskCounts snapshot() {
        TaskCounts sum = new TaskCounts(0, 0, endedSpawned, endedCompleted);
        for (TaskRuntime runtime : running) {
            sum = sum.plus(runtime.counts());
        }
        return sum;
    }
}
