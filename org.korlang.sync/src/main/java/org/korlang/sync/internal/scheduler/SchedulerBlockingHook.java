package org.korlang.sync.internal.scheduler;

import org.korlang.scheduler.Scheduler;
import org.korlang.sync.BlockingHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/*
 * The scheduler awareness of the sync primitives, kept apart so that the bundle works without a
 * scheduler: this is the only class that names org.korlang.scheduler (an optional import). Its
 * reference to Scheduler is mandatory, so the component is satisfied — and its class loaded —
 * only when a Scheduler service exists; the Sync component then binds the BlockingHook this
 * registers (optional, dynamic), and loses it again when the scheduler goes.
 *
 * enter(): on one of the scheduler's threads, enterBlocking() hands the worker slot to a spare
 * so queued tasks keep running while this task sleeps in the kernel; the returned section calls
 * exitBlocking() on that same scheduler instance. On any other thread: nothing, no allocation.
 */
@Component(service = BlockingHook.class, property = "korlang.blocking.hook=scheduler")
public final class SchedulerBlockingHook implements BlockingHook {

    private final Scheduler scheduler;

    @Activate
    public SchedulerBlockingHook(@Reference(name = "scheduler") Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Section enter() {
        Scheduler s = scheduler;
        if (!s.isWorkerThread()) {
            return null;
        }
        s.enterBlocking();
        return s::exitBlocking;
    }
}
