package org.korlang.scheduler.internal.fifo;

import org.korlang.scheduler.spi.PolicyRuntime;
import org.korlang.scheduler.spi.PolicyThread;

/** A thread of the FIFO runtime. Its "slot" is its number in the pool while it is not blocked. */
final class FifoWorker extends PolicyThread {

    final FifoRuntime runtime;
    final int number;
    /** Owner only. */
    boolean blocked;
    /** Set under the runtime's lock when the thread decided to retire (already uncounted). */
    boolean retired;

    FifoWorker(FifoRuntime runtime, int number, String name) {
        super(runtime.context(), name);
        this.runtime = runtime;
        this.number = number;
    }

    @Override
    protected void work() {
        runtime.runWorker(this);
    }

    @Override
    public PolicyRuntime runtime() {
        return runtime;
    }

    @Override
    public int processorIndex() {
        return blocked ? -1 : number;
    }
}
