package org.korlang.scheduler.spi;

import java.util.List;

/**
 * What a runtime reports about itself.
 *
 * @param parallelism worker slots
 * @param workers threads holding a slot
 * @param spareThreads threads beyond the number of slots (compensation for blocked threads)
 * @param blockedThreads threads inside a blocking section
 * @param parkedWorkers workers parked for lack of work
 * @param globalQueueLength tasks in the shared queue
 * @param localQueueLengths tasks in each slot's own queue (empty if the policy has none)
 * @param steals successful steal operations
 * @param parks times a worker parked for lack of work
 */
public record PolicyStats(int parallelism, int workers, int spareThreads, int blockedThreads, int parkedWorkers,
        long globalQueueLength, List<Integer> localQueueLengths, long steals, long parks) {

    public PolicyStats {
        localQueueLengths = List.copyOf(localQueueLengths);
    }
}
