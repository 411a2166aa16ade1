package org.korlang.scheduler.internal.workstealing;

import org.korlang.scheduler.spi.PolicyRuntime;
import org.korlang.scheduler.spi.PolicyThread;

/**
 * A thread of the work-stealing runtime (Go's "M"). It runs tasks while it holds a
 * {@link Processor}; without one (it gave its slot up to block, or it is a spare) it finishes the
 * task it is running and then waits for a slot, or retires after the keep-alive.
 *
 * <p>{@code processor} is written by the thread itself, or by another thread under the runtime's lock
 * while this thread is parked waiting for a slot (then published by the volatile {@code parked}).
 * {@code spinning} follows the same rule: a waker sets it before clearing {@code parked}.
 */
final class WsWorker extends PolicyThread {

    final WorkStealingRuntime runtime;
    Processor processor;
    volatile boolean parked;
    boolean spinning;
    private int seed;

    WsWorker(WorkStealingRuntime runtime, Processor processor, String name) {
        super(runtime.context(), name);
        this.runtime = runtime;
        this.processor = processor;
        this.seed = name.hashCode() | 1;
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
        Processor p = processor;
        return p == null ? -1 : p.index;
    }

    /** A xorshift step: where to start looking for a victim. */
    int nextRandom(int bound) {
        int x = seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return (x & Integer.MAX_VALUE) % bound;
    }
}
