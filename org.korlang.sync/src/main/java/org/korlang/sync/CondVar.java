package org.korlang.sync;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A condition variable used with a {@link Mutex}: {@link #await(Mutex)} releases the mutex,
 * sleeps until {@link #signal()} or {@link #broadcast()}, and takes the mutex again.
 *
 * <p><b>Spurious wake-ups:</b> an await may return although nobody signalled (and one signal may
 * return more than one waiter). Always wait for a condition in a loop, or use
 * {@link #awaitUntil(Mutex, BooleanSupplier)}, which does so. Wake-ups are never lost: a
 * signal made after a waiter released the mutex in {@code await} wakes that waiter or another.
 * Made by {@link Sync#newCondVar()}.
 */
public final class CondVar {
    /*
     * A sequence-counter futex condition variable.
     *
     * Words: SEQ (word 0) counts signals; WAITERS (word 1) counts threads inside await.
     *
     * await:  WAITERS += 1; key = SEQ (both while the caller holds the mutex); unlock the mutex;
     *         futex_wait(SEQ, key); WAITERS -= 1; lock the mutex.
     * signal: SEQ += 1; if WAITERS != 0, futex_wake(SEQ, 1)   (broadcast wakes all).
     *
     * Why no wake-up is lost: a signal that follows the waiter's unlock increments SEQ after
     * the waiter read its key, so the kernel sees SEQ != key and either does not put the waiter
     * to sleep or the wake finds it asleep. The WAITERS check cannot skip a needed wake: the
     * waiter increments WAITERS before reading SEQ and the signaller increments SEQ before
     * reading WAITERS (all sequentially consistent), so if the signaller saw 0 the waiter's
     * key already includes that signal — the waiter had not started waiting.
     *
     * Interrupts: an interruptible wait sleeps in slices (see FutexSync). A waiter that is
     * interrupted after SEQ moved may have absorbed a signal; it passes one signal on before
     * throwing (the j.u.c.Condition rule), so the signal is not lost for the others.
     * The mutex is always re-taken, uninterruptibly, before await returns or throws.
     */
    private static final int SEQ = 0;
    private static final int WAITERS = 1;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int seq;
    private final int waiters;
    private final long seqAddress;

    CondVar(FutexSync sync) {
        this.sync = sync;
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.seq = line.wordOffset(SEQ);
        this.waiters = line.wordOffset(WAITERS);
        this.seqAddress = line.wordAddress(SEQ);
    }

    /** A condition variable on words {@code first} and {@code first + 1} of another primitive's line. */
    CondVar(FutexSync sync, Line line, int first) {
        this.sync = sync;
        this.words = line.buffer;
        this.seq = line.wordOffset(first + SEQ);
        this.waiters = line.wordOffset(first + WAITERS);
        this.seqAddress = line.wordAddress(first + SEQ);
    }

    /**
     * Releases {@code mutex} (which the current thread must hold), waits for a signal, a
     * broadcast, an interrupt or spuriously, and takes {@code mutex} again.
     *
     * @throws InterruptedException if the thread is interrupted (the mutex is held again)
     * @throws IllegalMonitorStateException if the current thread does not hold {@code mutex}
     */
    public void await(Mutex mutex) throws InterruptedException {
        awaitCore(mutex, false, 0L, true);
    }

    /**
     * {@link #await(Mutex)} for at most the timeout.
     *
     * @return {@code false} if the timeout elapsed without a signal, {@code true} otherwise
     *         (possibly spuriously)
     */
    public boolean await(Mutex mutex, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        boolean bounded = FutexSync.bounded(nanos);
        return awaitCore(mutex, bounded, bounded ? FutexSync.deadline(nanos) : 0L, true);
    }

    /** {@link #await(Mutex)} that ignores interrupts (the interrupt status is kept). */
    public void awaitUninterruptibly(Mutex mutex) {
        try {
            awaitCore(mutex, false, 0L, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Waits, holding {@code mutex} around each evaluation, until {@code condition} is true: the
     * predicate loop that makes spurious wake-ups harmless.
     */
    public void awaitUntil(Mutex mutex, BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            await(mutex);
        }
    }

    /**
     * {@link #awaitUntil(Mutex, BooleanSupplier)} for at most the timeout.
     *
     * @return the condition's last value: {@code false} means the timeout elapsed first
     */
    public boolean awaitUntil(Mutex mutex, BooleanSupplier condition, long timeout, TimeUnit unit)
            throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        boolean bounded = FutexSync.bounded(nanos);
        long deadline = bounded ? FutexSync.deadline(nanos) : 0L;
        while (!condition.getAsBoolean()) {
            if (bounded && deadline - System.nanoTime() <= 0) {
                return false;
            }
            awaitCore(mutex, bounded, deadline, true);
        }
        return true;
    }

    /** Wakes one waiting thread, if any. The caller need not hold the mutex. */
    public void signal() {
        Words.INT.getAndAdd(words, seq, 1);
        if ((int) Words.INT.getVolatile(words, waiters) != 0) {
            sync.wake(seqAddress, 1);
        }
    }

    /** Wakes every waiting thread. The caller need not hold the mutex. */
    public void broadcast() {
        Words.INT.getAndAdd(words, seq, 1);
        if ((int) Words.INT.getVolatile(words, waiters) != 0) {
            sync.wake(seqAddress, Integer.MAX_VALUE);
        }
    }

    /** Threads currently inside an await (a snapshot, for diagnostics and tests). */
    public int waiters() {
        return (int) Words.INT.getVolatile(words, waiters);
    }

    private boolean awaitCore(Mutex mutex, boolean timed, long deadline, boolean interruptible)
            throws InterruptedException {
        mutex.checkHeld();
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Words.INT.getAndAdd(words, waiters, 1);
        int key = (int) Words.INT.getVolatile(words, seq);
        mutex.unlock();
        boolean woken;
        try {
            woken = sync.park(seqAddress, key, timed, deadline, interruptible);
        } catch (InterruptedException e) {
            Words.INT.getAndAdd(words, waiters, -1);
            if ((int) Words.INT.getVolatile(words, seq) != key) {
                signal(); // we may have absorbed a signal: pass it on
            }
            mutex.lock();
            throw e;
        } catch (RuntimeException | Error e) {
            Words.INT.getAndAdd(words, waiters, -1);
            mutex.lock();
            throw e;
        } finally {
            Reference.reachabilityFence(this);
        }
        Words.INT.getAndAdd(words, waiters, -1);
        mutex.lock();
        return woken || (int) Words.INT.getVolatile(words, seq) != key;
    }
}
