package org.korlang.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Observes a scheduler's policy swaps. Called on the thread that swapped, while the swap lock is
 * still held: a listener must be quick and must not switch policies or shut the scheduler down; an
 * exception it throws is swallowed.
 *
 * @since 1.1
 */
@ConsumerType
@FunctionalInterface
public interface SchedulerListener {

    /** A swap finished: tasks now go to {@link PolicySwitch#to()}. */
    void policySwitched(PolicySwitch event);
}
