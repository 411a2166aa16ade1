package org.korlang.scheduler.internal.fifo;

import org.korlang.scheduler.spi.PolicyContext;
import org.korlang.scheduler.spi.PolicyRuntime;
import org.korlang.scheduler.spi.SchedulerPolicy;
import org.osgi.service.component.annotations.Component;

/** The simple baseline: one shared FIFO queue served by a pool of threads. See {@link FifoRuntime}. */
@Component(service = SchedulerPolicy.class, property = SchedulerPolicy.NAME_PROPERTY + "=" + FifoPolicy.NAME)
public final class FifoPolicy implements SchedulerPolicy {

    /** The policy's name. */
    public static final String NAME = "fifo";

    @Override
    public PolicyRuntime start(PolicyContext context) {
        return new FifoRuntime(context);
    }
}
