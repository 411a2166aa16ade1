package org.korlang.scheduler;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of a scheduler. Task counters are exact once the counted tasks' handles are seen done
 * by the reader; queue lengths and thread counts are taken without stopping anything, so they may
 * be a moment out of date while the scheduler is busy.
 */
@ProviderType
public interface SchedulerMetrics {

    /** The active policy, or empty while none is available. */
    Optional<String> policy();

    /** Worker slots of the active policy (its parallelism). */
    int parallelism();

    /** Threads that hold a worker slot. */
    int workers();

    /**
     * Threads beyond the number of slots, started to compensate for blocked ones (bounded by the
     * maximum spare threads; they retire after the keep-alive when idle).
     */
    int spareThreads();

    /** Threads inside a blocking section now. */
    int blockedThreads();

    /** Workers parked because they found no work. */
    int parkedWorkers();

    /** Tasks in the active policy's shared queue (the injection queue, or the one FIFO queue). */
    long globalQueueLength();

    /** Tasks in each worker slot's own queue, by slot index (empty for a policy without them). */
    List<Integer> localQueueLengths();

    /** Successful steal operations (each may move several tasks) since the policy started. */
    long steals();

    /** Times a worker parked for lack of work since the policy started. */
    long parks();

    /** Tasks spawned since the scheduler started. */
    long spawned();

    /** Tasks that returned a value. */
    long succeeded();

    /** Tasks that threw. */
    long failed();

    /** Tasks that were cancelled (by a handle or by shutdown). */
    long cancelled();

    /** Tasks spawned and not done yet: {@code spawned - succeeded - failed - cancelled}. */
    long pending();

    /** Policy swaps (including restarts after a configuration change) since the scheduler started. */
    long swaps();

    /** Earlier policy instances whose threads are still finishing the tasks they were running. */
    int retiringPolicies();
}
