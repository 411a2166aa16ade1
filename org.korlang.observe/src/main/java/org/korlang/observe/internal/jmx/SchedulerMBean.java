package org.korlang.observe.internal.jmx;

/**
 * {@code org.korlang:type=Scheduler}: the task scheduler's counters. Writing {@code Policy}
 * switches it exactly as {@code sched:policy <name>} does (persisted through ConfigAdmin). Emits an
 * {@code AttributeChangeNotification} for {@code Policy} after every swap.
 */
public interface SchedulerMBean {

    String getPolicy();

    void setPolicy(String name);

    String[] getAvailablePolicies();

    int getParallelism();

    int getWorkers();

    int getParkedWorkers();

    int getSpareThreads();

    int getBlockedThreads();

    long getGlobalQueueLength();

    int[] getLocalQueueLengths();

    /** Global plus every local queue. */
    long getQueuedTasks();

    long getSteals();

    long getParks();

    long getSpawned();

    long getSucceeded();

    long getFailed();

    long getCancelled();

    long getPending();

    long getSwaps();

    int getRetiringPolicies();

    /** Live tasks of the language runtimes that publish them (the Korlang VM), summed; 0 without one. */
    long getLanguageTasksLive();

    /** Of those, the ones parked in a wait queue (a channel, an await). */
    long getLanguageTasksParked();

    long getLanguageTasksSpawned();

    long getLanguageTasksCompleted();
}
