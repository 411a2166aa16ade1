package org.korlang.scheduler.internal.workstealing;

import org.korlang.scheduler.spi.PolicyContext;
import org.korlang.scheduler.spi.PolicyRuntime;
import org.korlang.scheduler.spi.SchedulerPolicy;
import org.osgi.service.component.annotations.Component;

/**
 * The default policy: one worker per slot, each with its own Chase-Lev deque and LIFO slot, a
 * global injection queue, stealing of half a random victim's deque, spin-then-park idling, and
 * blocking compensation by handing slots to spare threads. See {@link WorkStealingRuntime}.
 */
@Component(service = SchedulerPolicy.class, property = SchedulerPolicy.NAME_PROPERTY + "=" + WorkStealingPolicy.NAME)
public final class WorkStealingPolicy implements SchedulerPolicy {

    /** The policy's name. */
    public static final String NAME = "work-stealing";

    @Override
    public PolicyRuntime start(PolicyContext context) {
        WorkStealingRuntime runtime = new WorkStealingRuntime(context);
        runtime.startWorkers();
        return runtime;
    }
}
