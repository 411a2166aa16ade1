package org.korlang.scheduler.internal.core;

import java.util.List;
import java.util.Optional;

import org.korlang.scheduler.SchedulerMetrics;
import org.korlang.scheduler.spi.PolicyStats;

/** An immutable {@link SchedulerMetrics}: the policy's stats plus the scheduler's counters. */
record MetricsSnapshot(Optional<String> policy, PolicyStats stats, Accounting.Totals totals, long swaps,
        int retiringPolicies) implements SchedulerMetrics {

    static final PolicyStats NO_POLICY = new PolicyStats(0, 0, 0, 0, 0, 0, List.of(), 0, 0);

    @Override
    public int parallelism() {
        return stats.parallelism();
    }

    @Override
    public int workers() {
        return stats.workers();
    }

    @Override
    public int spareThreads() {
        return stats.spareThreads();
    }

    @Override
    public int blockedThreads() {
        return stats.blockedThreads();
    }

    @Override
    public int parkedWorkers() {
        return stats.parkedWorkers();
    }

    @Override
    public long globalQueueLength() {
        return stats.globalQueueLength();
    }

    @Override
    public List<Integer> localQueueLengths() {
        return stats.localQueueLengths();
    }

    @Override
    public long steals() {
        return stats.steals();
    }

    @Override
    public long parks() {
        return stats.parks();
    }

    @Override
    public long spawned() {
        return totals.spawned();
    }

    @Override
    public long succeeded() {
        return totals.succeeded();
    }

    @Override
    public long failed() {
        return totals.failed();
    }

    @Override
    public long cancelled() {
        return totals.cancelled();
    }

    @Override
    public long pending() {
        return totals.spawned() - totals.succeeded() - totals.failed() - totals.cancelled();
    }
}
