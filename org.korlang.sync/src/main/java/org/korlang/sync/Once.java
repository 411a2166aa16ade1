package org.korlang.sync;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;

/**
 * Runs an action exactly once, however many threads call {@link #run(Runnable)}: the first
 * caller runs it, the others wait until it has finished. If the action throws, the exception
 * reaches that caller and the Once stays not-done: the next caller (or a waiting one) runs its
 * own action. An action that calls {@code run} on its own Once gets
 * {@link IllegalStateException}. Made by {@link Sync#newOnce()}.
 */
public final class Once {
    /*
     * One futex word: 0 INCOMPLETE, 1 RUNNING, 2 RUNNING with possible sleepers, 3 COMPLETE.
     * The winner of CAS 0 -> 1 runs the action and then exchanges the word to 3 (or back to 0
     * on failure); only if it finds 2 does it wake everyone. A waiter marks 1 -> 2 and sleeps
     * while the word is 2. The completing exchange is a release and every reader uses an
     * acquiring read, so whatever the action wrote is visible to every caller that returns.
     */
    private static final int INCOMPLETE = 0;
    private static final int RUNNING = 1;
    private static final int RUNNING_WAITERS = 2;
    private static final int COMPLETE = 3;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int state;
    private final long stateAddress;
    private volatile Thread runner;

    Once(FutexSync sync) {
        this.sync = sync;
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.state = line.wordOffset(0);
        this.stateAddress = line.wordAddress(0);
    }

    /** Whether an action has completed. */
    public boolean isDone() {
        return (int) Words.INT.getAcquire(words, state) == COMPLETE;
    }

    /**
     * Runs {@code action} unless an action already completed; waits (uninterruptibly) while
     * another thread runs one. Returns once an action has completed.
     */
    public void run(Runnable action) {
        if (action == null) {
            throw new NullPointerException("action");
        }
        if ((int) Words.INT.getAcquire(words, state) == COMPLETE) {
            return;
        }
        try {
            for (;;) {
                int s = (int) Words.INT.getAcquire(words, state);
                switch (s) {
                    case COMPLETE:
                        return;
                    case INCOMPLETE:
                        if ((boolean) Words.INT.compareAndSet(words, state, INCOMPLETE, RUNNING)) {
                            runAction(action);
                            return;
                        }
                        break;
                    case RUNNING:
                        if (runner == Thread.currentThread()) {
                            throw new IllegalStateException("Once.run called from its own action");
                        }
                        Words.INT.compareAndSet(words, state, RUNNING, RUNNING_WAITERS);
                        break;
                    case RUNNING_WAITERS:
                        if (runner == Thread.currentThread()) {
                            throw new IllegalStateException("Once.run called from its own action");
                        }
                        sync.parkUninterruptibly(stateAddress, RUNNING_WAITERS, false, 0L);
                        break;
                    default:
                        throw new IllegalStateException("corrupt Once word: " + s);
                }
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private void runAction(Runnable action) {
        runner = Thread.currentThread();
        boolean done = false;
        try {
            action.run();
            done = true;
        } finally {
            runner = null;
            int previous = (int) Words.INT.getAndSet(words, state, done ? COMPLETE : INCOMPLETE);
            if (previous == RUNNING_WAITERS) {
                sync.wake(stateAddress, Integer.MAX_VALUE);
            }
        }
    }
}
