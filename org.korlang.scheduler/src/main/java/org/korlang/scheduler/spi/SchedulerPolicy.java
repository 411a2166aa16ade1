package org.korlang.scheduler.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A scheduling policy: a factory of {@link PolicyRuntime}s. Register it as a service with the
 * property {@value #NAME_PROPERTY} set to its name; the scheduler binds every policy dynamically
 * and activates the one its configuration names (falling back to {@value #DEFAULT_POLICY}).
 */
@ConsumerType
public interface SchedulerPolicy {

    /** The service property that names a policy. */
    String NAME_PROPERTY = "scheduler.policy";

    /** The policy the scheduler uses unless configured otherwise, and falls back to. */
    String DEFAULT_POLICY = "work-stealing";

    /**
     * Starts a fresh runtime: creates its queues and its worker threads (subclasses of
     * {@link PolicyThread}) and returns it ready to accept tasks. May be called again after a
     * previous runtime of the same policy was closed.
     */
    PolicyRuntime start(PolicyContext context);
}
