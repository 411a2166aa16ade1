package org.korlang.scheduler.spi;

import java.util.Objects;

/**
 * The base class of every thread a policy runs tasks on. It ties the thread to the scheduler (so
 * {@link org.korlang.scheduler.Scheduler#isWorkerThread()}, blocking sections and joins know whose
 * thread it is) and carries the scheduler's per-thread bookkeeping, registered when the thread
 * starts and unregistered when it ends. Policies implement {@link #work()}.
 */
public abstract class PolicyThread extends Thread {

    private final PolicyContext context;
    private Object record;

    /** A daemon thread named {@code name}, owned by the runtime started with {@code context}. */
    protected PolicyThread(PolicyContext context, String name) {
        super(Objects.requireNonNull(name, "name"));
        this.context = Objects.requireNonNull(context, "context");
        setDaemon(true);
    }

    @Override
    public final void run() {
        record = context.openThreadRecord(this);
        try {
            work();
        } finally {
            context.closeThreadRecord(this, record);
        }
    }

    /** The thread's body: the policy's scheduling loop. */
    protected abstract void work();

    /** The runtime this thread belongs to. */
    public abstract PolicyRuntime runtime();

    /** The worker slot this thread holds now, or -1 if it holds none (blocked, or a spare). */
    public abstract int processorIndex();

    /** The context of the runtime this thread belongs to. */
    public final PolicyContext context() {
        return context;
    }

    /**
     * The scheduler's bookkeeping for this thread (opaque to policies); null before the thread
     * runs. Only meaningful when read by the thread itself.
     */
    public final Object threadRecord() {
        return record;
    }
}
