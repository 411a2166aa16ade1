package org.korlang.sync;

import java.util.concurrent.TimeUnit;

/**
 * Go's WaitGroup: a counter of outstanding work. {@link #add(int)} before starting work,
 * {@link #done()} when a piece finishes, {@link #await()} until the counter is zero. Reusable:
 * after reaching zero it may be raised again (an {@code add} that raises it from zero must
 * happen before the {@code await} that should wait for that work). A counter that would go
 * negative throws {@link IllegalStateException}. Made by {@link Sync#newWaitGroup()}.
 */
public final class WaitGroup {
    /* A ZeroWaiter in this group's own line; see there for the futex protocol. */
    private final ZeroWaiter counter;

    WaitGroup(FutexSync sync) {
        this.counter = new ZeroWaiter(sync, 0);
    }

    /** Adds {@code delta} (may be negative) to the counter; waiters wake when it reaches zero. */
    public void add(int delta) {
        counter.add(delta, false);
    }

    /** Subtracts one. */
    public void done() {
        counter.add(-1, false);
    }

    /** The counter now (a snapshot). */
    public int count() {
        return counter.count();
    }

    /** Waits until the counter is zero or the thread is interrupted. */
    public void await() throws InterruptedException {
        counter.awaitZero(true, false, 0L);
    }

    /** Waits until the counter is zero; false if the timeout elapsed first. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        boolean bounded = FutexSync.bounded(nanos);
        return counter.awaitZero(true, bounded, bounded ? FutexSync.deadline(nanos) : 0L);
    }

    /** Waits until the counter is zero, ignoring interrupts (the status is kept). */
    public void awaitUninterruptibly() {
        try {
            counter.awaitZero(false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
