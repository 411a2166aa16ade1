package org.korlang.scheduler.standalone;

import java.time.Duration;
import java.util.Set;

import org.korlang.scheduler.UnknownPolicyException;
import org.korlang.scheduler.internal.core.SchedulerSettings;
import org.korlang.scheduler.internal.core.TaskScheduler;
import org.korlang.scheduler.internal.fifo.FifoPolicy;
import org.korlang.scheduler.internal.workstealing.WorkStealingPolicy;

/** The standalone scheduler: a {@link TaskScheduler} with the built-in policies added by hand. */
final class StandaloneSchedulerImpl extends TaskScheduler implements StandaloneScheduler {

    private StandaloneSchedulerImpl(SchedulerSettings settings, String policy) {
        super(settings, policy);
    }

    static StandaloneScheduler start(String policy, int parallelism, int maxSpareThreads, Duration spareKeepAlive,
            Duration shutdownGrace) {
        Set<String> builtIn = Set.of(WorkStealingPolicy.NAME, FifoPolicy.NAME);
        if (!builtIn.contains(policy)) {
            throw new UnknownPolicyException(policy, builtIn);
        }
        StandaloneSchedulerImpl scheduler = new StandaloneSchedulerImpl(
                new SchedulerSettings(parallelism, maxSpareThreads, spareKeepAlive, shutdownGrace), policy);
        // the wanted policy first, so that the scheduler starts it directly instead of swapping to it
        if (policy.equals(FifoPolicy.NAME)) {
            scheduler.addPolicy(FifoPolicy.NAME, new FifoPolicy());
            scheduler.addPolicy(WorkStealingPolicy.NAME, new WorkStealingPolicy());
        } else {
            scheduler.addPolicy(WorkStealingPolicy.NAME, new WorkStealingPolicy());
            scheduler.addPolicy(FifoPolicy.NAME, new FifoPolicy());
        }
        return scheduler;
    }

    @Override
    public void close() {
        shutdown();
    }
}
