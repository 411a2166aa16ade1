package org.korlang.sync;

import java.util.concurrent.TimeUnit;

/**
 * A one-shot count-down latch: {@link #await()} waits until {@link #countDown()} has been
 * called as many times as the initial count; after that the latch stays open. Counting down
 * an open latch does nothing. Made by {@link Sync#newLatch(int)}.
 */
public final class Latch {
    /* A ZeroWaiter in this latch's own line; see there for the futex protocol. */
    private final ZeroWaiter counter;

    Latch(FutexSync sync, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count);
        }
        this.counter = new ZeroWaiter(sync, count);
    }

    /** Counts down by one; the count that reaches zero opens the latch and wakes every waiter. */
    public void countDown() {
        counter.add(-1, true);
    }

    /** Count-downs still needed (a snapshot). */
    public int count() {
        return counter.count();
    }

    /** Waits until the latch is open or the thread is interrupted. */
    public void await() throws InterruptedException {
        counter.awaitZero(true, false, 0L);
    }

    /** Waits until the latch is open; false if the timeout elapsed first. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        boolean bounded = FutexSync.bounded(nanos);
        return counter.awaitZero(true, bounded, bounded ? FutexSync.deadline(nanos) : 0L);
    }
}
