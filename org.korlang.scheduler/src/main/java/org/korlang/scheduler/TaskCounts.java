package org.korlang.scheduler;

/**
 * How many tasks of a language runtime that multiplexes its own tasks on the scheduler's workers
 * (the Korlang VM's tasks run on a few carrier jobs) exist now and have existed: {@code live}
 * (spawned and not ended: running, ready, sleeping or parked), {@code parked} (live and waiting in a
 * wait queue for another task: a channel, an await), {@code spawned} and {@code completed} (ended,
 * with a value or an error) since the runtime started. The scheduler sees only the carrier jobs; these
 * counts are what {@code sched:stats} shows of the tasks on them.
 *
 * @since 1.2
 */
public record TaskCounts(long live, long parked, long spawned, long completed) {

    /** No tasks. */
    public static final TaskCounts NONE = new TaskCounts(0, 0, 0, 0);

    /** The counts of two runtimes (or two programs of one runtime) together. */
    public TaskCounts plus(TaskCounts other) {
        return new TaskCounts(live + other.live, parked + other.parked, spawned + other.spawned,
                completed + other.completed);
    }
}
