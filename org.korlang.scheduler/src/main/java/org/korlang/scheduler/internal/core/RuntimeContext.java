package org.korlang.scheduler.internal.core;

import org.korlang.scheduler.spi.PolicyContext;
import org.korlang.scheduler.spi.PolicyThread;
import org.korlang.scheduler.spi.ScheduledTask;
import org.korlang.scheduler.spi.SubmitKind;

/**
 * What one policy runtime gets from its scheduler: the settings it was started with, the route
 * back for tasks (forward), and thread registration. Its identity also tells the scheduler which
 * threads are its own ({@link TaskScheduler#currentRecord()}).
 */
final class RuntimeContext implements PolicyContext {

    final TaskScheduler scheduler;
    private final String policyName;
    private final SchedulerSettings settings;

    RuntimeContext(TaskScheduler scheduler, String policyName, SchedulerSettings settings) {
        this.scheduler = scheduler;
        this.policyName = policyName;
        this.settings = settings;
    }

    @Override
    public String policyName() {
        return policyName;
    }

    @Override
    public int parallelism() {
        return settings.parallelism();
    }

    @Override
    public int maxSpareThreads() {
        return settings.maxSpareThreads();
    }

    @Override
    public long spareKeepAliveNanos() {
        return settings.spareKeepAlive().toNanos();
    }

    @Override
    public void forward(ScheduledTask task) {
        if (!(task instanceof TaskCell<?> cell) || cell.scheduler() != scheduler) {
            throw new IllegalArgumentException("not a task of this scheduler: " + task);
        }
        scheduler.route(cell, SubmitKind.SPAWN);
    }

    @Override
    public Object openThreadRecord(PolicyThread thread) {
        if (thread != Thread.currentThread()) {
            throw new IllegalStateException("a policy thread registers itself: " + thread.getName());
        }
        return scheduler.accounting().open(thread);
    }

    @Override
    public void closeThreadRecord(PolicyThread thread, Object record) {
        if (record instanceof ThreadRecord threadRecord) {
            scheduler.accounting().close(threadRecord);
        }
    }
}
