package org.korlang.sync;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A counting semaphore on a futex word: {@code acquire} takes permits, waiting while there are
 * too few; {@code release} returns them. Not fair (a thread arriving while permits are free may
 * take them before a woken waiter). Permits are not owned: any thread may release. The count
 * never exceeds {@link Integer#MAX_VALUE} (a release past it throws). Made by
 * {@link Sync#newSemaphore(int)}.
 */
public final class Semaphore {
    /*
     * Words: PERMITS (word 0) the free permits; WAITERS (word 1) threads that may sleep;
     * BULK_WAITERS (word 2) those among them that want more than one permit.
     *
     * acquire(n): CAS PERMITS p -> p-n while p >= n. Otherwise WAITERS += 1 (and BULK_WAITERS
     *             if n > 1), re-read p, and futex_wait(PERMITS, p) while p < n.
     * release(n): CAS PERMITS p -> p+n (overflow-checked); then if WAITERS != 0 wake n sleepers
     *             — or all of them when a bulk waiter exists, since n single wakes could all go
     *             to waiters that want more than is there while a small one keeps sleeping.
     *
     * Sleepers wait on PERMITS itself with the value they saw, so any release (or acquire) in
     * between makes the kernel return at once: no lost wake-up. The WAITERS check is safe
     * because a waiter increments WAITERS before it re-reads PERMITS, and release changes
     * PERMITS before reading WAITERS (sequentially consistent). A waiter that gives up
     * (timeout, interrupt) may have absorbed a wake meant for a permit it did not take; it
     * passes one wake on when permits are left.
     */
    private static final int PERMITS = 0;
    private static final int WAITERS = 1;
    private static final int BULK_WAITERS = 2;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int permits;
    private final int waiters;
    private final int bulkWaiters;
    private final long permitsAddress;

    Semaphore(FutexSync sync, int initialPermits) {
        if (initialPermits < 0) {
            throw new IllegalArgumentException("initial permits must be >= 0: " + initialPermits);
        }
        this.sync = sync;
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.permits = line.wordOffset(PERMITS);
        this.waiters = line.wordOffset(WAITERS);
        this.bulkWaiters = line.wordOffset(BULK_WAITERS);
        this.permitsAddress = line.wordAddress(PERMITS);
        Words.INT.setVolatile(words, permits, initialPermits);
    }

    /** Takes one permit, waiting until one is free or the thread is interrupted. */
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    /** Takes {@code n >= 1} permits at once, waiting until they are free or the thread is interrupted. */
    public void acquire(int n) throws InterruptedException {
        check(n);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!tryTake(n)) {
            acquireSlow(n, true, false, 0L);
        }
    }

    /** Takes one permit, waiting as long as needed (interrupts are not noticed). */
    public void acquireUninterruptibly() {
        acquireUninterruptibly(1);
    }

    /** Takes {@code n >= 1} permits, waiting as long as needed (interrupts are not noticed). */
    public void acquireUninterruptibly(int n) {
        check(n);
        if (!tryTake(n)) {
            try {
                acquireSlow(n, false, false, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    /** Takes one permit if one is free now. */
    public boolean tryAcquire() {
        return tryTake(1);
    }

    /** Takes {@code n >= 1} permits if that many are free now. */
    public boolean tryAcquire(int n) {
        check(n);
        return tryTake(n);
    }

    /** Takes one permit if one becomes free within the timeout. */
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return tryAcquire(1, timeout, unit);
    }

    /** Takes {@code n >= 1} permits if they become free within the timeout. */
    public boolean tryAcquire(int n, long timeout, TimeUnit unit) throws InterruptedException {
        check(n);
        long nanos = FutexSync.nanos(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryTake(n)) {
            return true;
        }
        boolean bounded = FutexSync.bounded(nanos);
        return acquireSlow(n, true, bounded, bounded ? FutexSync.deadline(nanos) : 0L);
    }

    /** Returns one permit. */
    public void release() {
        release(1);
    }

    /** Returns {@code n >= 1} permits. */
    public void release(int n) {
        check(n);
        int p = (int) Words.INT.getVolatile(words, permits);
        for (;;) {
            if (p > Integer.MAX_VALUE - n) {
                throw new IllegalStateException("Semaphore permit count would exceed Integer.MAX_VALUE");
            }
            int witness = (int) Words.INT.compareAndExchange(words, permits, p, p + n);
            if (witness == p) {
                break;
            }
            p = witness;
        }
        if ((int) Words.INT.getVolatile(words, waiters) != 0) {
            boolean bulk = (int) Words.INT.getVolatile(words, bulkWaiters) != 0;
            sync.wake(permitsAddress, bulk ? Integer.MAX_VALUE : n);
        }
    }

    /** Free permits now (a snapshot). */
    public int availablePermits() {
        return (int) Words.INT.getVolatile(words, permits);
    }

    /** Takes every free permit; returns how many. */
    public int drainPermits() {
        return (int) Words.INT.getAndSet(words, permits, 0);
    }

    private static void check(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("permits must be >= 1: " + n);
        }
    }

    private boolean tryTake(int n) {
        int p = (int) Words.INT.getVolatile(words, permits);
        while (p >= n) {
            int witness = (int) Words.INT.compareAndExchange(words, permits, p, p - n);
            if (witness == p) {
                return true;
            }
            p = witness;
        }
        return false;
    }

    private boolean acquireSlow(int n, boolean interruptible, boolean timed, long deadline) throws InterruptedException {
        for (int i = sync.spinLimit(); i > 0; i--) {
            Thread.onSpinWait();
            if (tryTake(n)) {
                return true;
            }
        }
        Words.INT.getAndAdd(words, waiters, 1);
        if (n > 1) {
            Words.INT.getAndAdd(words, bulkWaiters, 1);
        }
        boolean acquired = false;
        try {
            for (;;) {
                int p = (int) Words.INT.getVolatile(words, permits);
                if (p >= n) {
                    if ((boolean) Words.INT.compareAndSet(words, permits, p, p - n)) {
                        acquired = true;
                        return true;
                    }
                    continue;
                }
                if (!sync.park(permitsAddress, p, timed, deadline, interruptible)) {
                    return false;
                }
            }
        } finally {
            Words.INT.getAndAdd(words, waiters, -1);
            if (n > 1) {
                Words.INT.getAndAdd(words, bulkWaiters, -1);
            }
            if (!acquired && (int) Words.INT.getVolatile(words, permits) > 0
                    && (int) Words.INT.getVolatile(words, waiters) != 0) {
                sync.wake(permitsAddress, 1); // pass on a wake we may have absorbed
            }
            Reference.reachabilityFence(this);
        }
    }
}
