package org.korlang.scheduler.internal.component;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The scheduler's ConfigAdmin configuration (PID {@value #PID}). Changing {@code policy} swaps the
 * policy live; changing any other attribute restarts the active policy with the new settings (also a
 * live swap). Persisted by ConfigAdmin, so the choice survives restarts.
 */
@ObjectClassDefinition(id = SchedulerConfig.PID, name = "Korlang scheduler",
        description = "Task scheduler: the active policy and its thread settings. Changes apply live, "
                + "as a policy swap: no task is lost or run twice.")
public @interface SchedulerConfig {

    /** The configuration PID. */
    String PID = "org.korlang.scheduler";

    @AttributeDefinition(name = "Policy",
            description = "Name of the scheduler policy to run (the scheduler.policy property of a SchedulerPolicy "
                    + "service): work-stealing or fifo, or one from another bundle. If it is not available the "
                    + "scheduler runs work-stealing until it is.")
    String policy() default "work-stealing";

    @AttributeDefinition(name = "Parallelism", min = "0",
            description = "Worker slots; 0 means one per available processor.")
    int parallelism() default 0;

    @AttributeDefinition(name = "Maximum spare threads", min = "0", max = "32767",
            description = "Threads allowed beyond the worker slots, to keep tasks running while others are blocked.")
    int maxSpareThreads() default 256;

    @AttributeDefinition(name = "Spare keep-alive (ms)", min = "1",
            description = "How long an idle spare thread waits for work before it exits.")
    long spareKeepAliveMillis() default 5000;

    @AttributeDefinition(name = "Shutdown grace (ms)", min = "0",
            description = "How long shutdown lets running tasks finish before it cancels their handles.")
    long shutdownGraceMillis() default 2000;
}
