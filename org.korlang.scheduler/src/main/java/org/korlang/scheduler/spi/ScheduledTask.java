package org.korlang.scheduler.spi;

/**
 * A queue entry as a policy sees it. The scheduler implements it; a policy only queues entries
 * and calls {@link #run()}.
 */
public interface ScheduledTask {

    /**
     * Runs the task (or one step of a yielding task). Never throws: the task's own exceptions go to
     * its handle. Claims the task first, so calling it on a stale or duplicate entry, or on a
     * cancelled task, does nothing. A yielding task re-queues itself through the scheduler, which
     * calls {@link PolicyRuntime#submit} with {@link SubmitKind#YIELD}.
     */
    void run();
}
