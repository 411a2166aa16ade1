package org.korlang.scheduler.spi;

import org.osgi.annotation.versioning.ProviderType;

/** What the scheduler gives a runtime: its settings and the way back for tasks it cannot keep. */
@ProviderType
public interface PolicyContext {

    /** The name this runtime's policy is registered under (for thread names and statistics). */
    String policyName();

    /** The number of worker slots to run (at least 1). */
    int parallelism();

    /** How many threads beyond {@link #parallelism()} may exist to compensate for blocked ones. */
    int maxSpareThreads();

    /** How long an idle spare thread waits for work before it exits, in nanoseconds. */
    long spareKeepAliveNanos();

    /**
     * Hands a task back to the scheduler, which routes it to the active runtime. A closed runtime
     * passes every task it still holds or still receives through here.
     */
    void forward(ScheduledTask task);

    /**
     * Registers the calling thread as one of this runtime's threads; returns the scheduler's
     * bookkeeping record for it. Called by {@link PolicyThread} itself.
     */
    Object openThreadRecord(PolicyThread thread);

    /** Unregisters a thread that is about to end. Called by {@link PolicyThread} itself. */
    void closeThreadRecord(PolicyThread thread, Object record);
}
