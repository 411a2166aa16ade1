package org.korlang.scheduler.spi;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One running instance of a policy: its queues and its threads.
 *
 * <p><b>Contract.</b> Every task given to {@link #submit} is eventually run by one of this runtime's
 * threads or, once the runtime is closed, handed to {@link PolicyContext#forward} — never dropped.
 * Handing a task over twice is harmless (the scheduler's claim makes the second entry inert);
 * dropping one is not. After {@link #close()}, the runtime starts no new task: threads finish the
 * tasks they are running, forward what is still queued, and end.
 *
 * <p>{@link #submit} may race {@link #close()} (the scheduler routes to the runtime it read just
 * before a swap published the next one), and a closed runtime's threads still running tasks may move
 * tasks between its queues: a task that enters any queue after close() has drained it must be
 * forwarded too. The built-in policies argue this in their class comments (a write-fence-re-check
 * handshake on every path into a queue).
 */
@ConsumerType
public interface PolicyRuntime {

    /** Queues a task; callable from any thread. */
    void submit(ScheduledTask task, SubmitKind kind);

    /**
     * Called on one of this runtime's threads that waits for {@code done}: run other queued tasks
     * meanwhile, for as long as useful. Returns whether {@code done} holds; when it returns false
     * the scheduler blocks the thread inside a blocking section. The scheduler calls it only while
     * the thread's nesting of tasks run inside joins is shallow, so helping cannot overflow the stack.
     *
     * @param awaited the task waited for. A policy may run it right here ({@code awaited.run()}
     *     claims it, so its queue entry simply goes stale) — useful when the policy cannot tell where
     *     the task is queued.
     */
    boolean helpWhileWaiting(PolicyThread self, ScheduledTask awaited, BooleanSupplier done);

    /**
     * The thread {@code self} (one of this runtime's) is about to block: hand its slot over so the
     * slot's queue keeps being served. Called once per outermost blocking section.
     */
    void enterBlocking(PolicyThread self);

    /** The thread {@code self} is no longer blocked: it may take a free slot back. */
    void exitBlocking(PolicyThread self);

    /**
     * Stops the runtime: from now on every task it holds or receives is forwarded to the scheduler
     * (see the class comment). Returns without waiting for running tasks. Calling it again on a
     * closed runtime forwards once more whatever its queues hold (shutdown does so after its grace
     * period, for runtimes whose threads are still running).
     */
    void close();

    /** Waits until every thread of a closed runtime has ended. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;

    /** The threads alive now. */
    Collection<? extends PolicyThread> threads();

    /** Queue lengths, thread counts and counters, taken without stopping anything. */
    PolicyStats stats();
}
