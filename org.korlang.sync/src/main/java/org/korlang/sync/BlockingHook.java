package org.korlang.sync;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a thread does around a wait in the kernel: the primitives call {@link #enter()} just
 * before their first futex wait of a blocking operation and {@link Section#exit()} when that
 * operation stops waiting (acquired, timed out, interrupted or failed). Spinning and the
 * uncontended paths never call the hook.
 *
 * <p>The Korlang scheduler provides one (registered as a service by this bundle when a
 * {@code org.korlang.scheduler.Scheduler} service is present): on a scheduler worker thread it
 * enters the scheduler's blocking section, so the scheduler can run its other tasks on another
 * worker meanwhile; on any other thread it does nothing. A hook must be cheap and must not
 * block on primitives of the same {@link Sync}.
 */
@ConsumerType
@FunctionalInterface
public interface BlockingHook {

    /** A hook that does nothing: plain threads. */
    BlockingHook NONE = () -> null;

    /**
     * Called on the thread that is about to sleep in the kernel.
     *
     * @return the section to exit when the blocking operation ends, or {@code null} when this
     *         thread needs none
     */
    Section enter();

    /** A blocking section entered by {@link BlockingHook#enter()}. */
    @FunctionalInterface
    interface Section {
        /** Ends the section, on the thread that entered it. */
        void exit();
    }
}
