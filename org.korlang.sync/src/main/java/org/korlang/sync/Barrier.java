package org.korlang.sync;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cyclic barrier: {@link #await()} returns once {@link #parties()} threads have called it,
 * then the barrier is ready for the next round. If a waiter is interrupted or times out, or
 * {@link #reset()} is called while threads wait, the round is broken: every waiter of that
 * round, and every later caller until {@code reset()}, gets {@link BrokenBarrierException}
 * (the {@link java.util.concurrent.CyclicBarrier} rules). Made by {@link Sync#newBarrier(int)}.
 */
public final class Barrier {
    /*
     * A Mutex (words 0-1) and a CondVar (words 2-3) in this barrier's own line, guarding the
     * Java fields below. Each round is a Generation object: the last arrival replaces it and
     * broadcasts; a waiter is released when the generation it arrived in is no longer current,
     * and fails when its generation is broken. Waiters loop on that predicate, so the condvar's
     * spurious wake-ups are harmless.
     */
    private static final class Generation {
        boolean broken;
    }

    private final int parties;
    private final Mutex mutex;
    private final CondVar tripped;
    /** Arrivals in the current generation; guarded by mutex. */
    private int arrived;
    /** Guarded by mutex. */
    private Generation generation = new Generation();

    Barrier(FutexSync sync, int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1: " + parties);
        }
        this.parties = parties;
        Line line = sync.allocate(this);
        this.mutex = new Mutex(sync, line, 0);
        this.tripped = new CondVar(sync, line, Mutex.WORDS);
    }

    /** The number of threads that make a round. */
    public int parties() {
        return parties;
    }

    /**
     * Waits until all parties have arrived.
     *
     * @return the arrival index: {@code parties() - 1} for the first to arrive, 0 for the last
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return awaitCore(false, 0L);
        } catch (TimeoutException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** {@link #await()} for at most the timeout; a timeout breaks the round. */
    public int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException {
        long nanos = FutexSync.nanos(timeout, unit);
        boolean bounded = FutexSync.bounded(nanos);
        return awaitCore(bounded, bounded ? FutexSync.deadline(nanos) : 0L);
    }

    /** Whether the current round is broken. */
    public boolean isBroken() {
        mutex.lock();
        try {
            return generation.broken;
        } finally {
            mutex.unlock();
        }
    }

    /** Threads waiting in the current round. */
    public int waiting() {
        mutex.lock();
        try {
            return arrived;
        } finally {
            mutex.unlock();
        }
    }

    /** Breaks the current round (its waiters get BrokenBarrierException) and starts a fresh one. */
    public void reset() {
        mutex.lock();
        try {
            breakRound();
            generation = new Generation();
        } finally {
            mutex.unlock();
        }
    }

    private int awaitCore(boolean timed, long deadline)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        mutex.lock();
        try {
            Generation g = generation;
            if (g.broken) {
                throw new BrokenBarrierException();
            }
            if (Thread.interrupted()) {
                breakRound();
                throw new InterruptedException();
            }
            int index = parties - 1 - arrived;
            if (index == 0) {
                arrived = 0;
                generation = new Generation();
                tripped.broadcast();
                return 0;
            }
            arrived++;
            for (;;) {
                boolean timedOut = false;
                try {
                    if (timed) {
                        timedOut = !tripped.await(mutex, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    } else {
                        tripped.await(mutex);
                    }
                } catch (InterruptedException e) {
                    if (g == generation && !g.broken) {
                        breakRound();
                        throw e;
                    }
                    Thread.currentThread().interrupt(); // the round ended anyway: keep the status
                }
                if (g.broken) {
                    throw new BrokenBarrierException();
                }
                if (g != generation) {
                    return index;
                }
                if (timedOut || (timed && deadline - System.nanoTime() <= 0)) {
                    breakRound();
                    throw new TimeoutException();
                }
            }
        } finally {
            mutex.unlock();
            java.lang.ref.Reference.reachabilityFence(this);
        }
    }

    /** Guarded by mutex. */
    private void breakRound() {
        generation.broken = true;
        arrived = 0;
        tripped.broadcast();
    }
}
