package org.korlang.sync;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;

/*
 * A counter word that threads can wait on until it reaches zero: the engine of WaitGroup and
 * Latch. Words: COUNT (word 0) and WAITERS (word 1) in the owner's line.
 *
 * The ZeroWaiter owns its line (not the WaitGroup/Latch around it), because the waiting
 * thread keeps this object reachable while it sleeps.
 *
 * Waiters: if COUNT is 0, done. Else WAITERS += 1, then loop { c = COUNT; if c == 0 done;
 * futex_wait(COUNT, c) }. The decrement that reaches 0 wakes everyone if WAITERS != 0.
 * The sleeper's expected value is the count it saw, so any change in between (a decrement, or
 * the final one) makes the kernel return at once; WAITERS is incremented before the re-read
 * and read after the final decrement (both sequentially consistent), so the wake is never
 * skipped while someone may sleep.
 */
final class ZeroWaiter {
    private static final int COUNT = 0;
    private static final int WAITERS = 1;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int count;
    private final int waiters;
    private final long countAddress;

    /** A counter in its own line; this object owns the line (it is what waiters keep reachable). */
    ZeroWaiter(FutexSync sync, int initial) {
        this.sync = sync;
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.count = line.wordOffset(COUNT);
        this.waiters = line.wordOffset(WAITERS);
        this.countAddress = line.wordAddress(COUNT);
        Words.INT.setVolatile(words, count, initial);
    }

    int count() {
        return (int) Words.INT.getVolatile(words, count);
    }

    /**
     * Adds {@code delta} to the count; with {@code clampAtZero} a decrement at 0 does nothing,
     * otherwise a result below 0 throws. Returns the new count.
     */
    int add(int delta, boolean clampAtZero) {
        int c = (int) Words.INT.getVolatile(words, count);
        int next;
        for (;;) {
            long sum = (long) c + delta;
            if (sum < 0) {
                if (clampAtZero) {
                    return c;
                }
                throw new IllegalStateException("counter would become negative: " + c + " + " + delta);
            }
            if (sum > Integer.MAX_VALUE) {
                throw new IllegalStateException("counter would exceed Integer.MAX_VALUE: " + c + " + " + delta);
            }
            next = (int) sum;
            int witness = (int) Words.INT.compareAndExchange(words, count, c, next);
            if (witness == c) {
                break;
            }
            c = witness;
        }
        if (next == 0 && c != 0 && (int) Words.INT.getVolatile(words, waiters) != 0) {
            sync.wake(countAddress, Integer.MAX_VALUE);
        }
        return next;
    }

    /** Waits until the count is 0; false if the deadline passed first. */
    boolean awaitZero(boolean interruptible, boolean timed, long deadline) throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        if ((int) Words.INT.getVolatile(words, count) == 0) {
            return true;
        }
        for (int i = sync.spinLimit(); i > 0; i--) {
            Thread.onSpinWait();
            if ((int) Words.INT.getAcquire(words, count) == 0) {
                return true;
            }
        }
        Words.INT.getAndAdd(words, waiters, 1);
        try {
            for (;;) {
                int c = (int) Words.INT.getVolatile(words, count);
                if (c == 0) {
                    return true;
                }
                if (!sync.park(countAddress, c, timed, deadline, interruptible)) {
                    return false;
                }
            }
        } finally {
            Words.INT.getAndAdd(words, waiters, -1);
            Reference.reachabilityFence(this);
        }
    }
}
