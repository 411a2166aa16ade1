package org.korlang.sync;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A mutual-exclusion lock on one futex word: a compare-and-set when free, a kernel wait when
 * contended, no system call on an uncontended unlock.
 *
 * <p>Not reentrant (a thread that locks a mutex it holds gets {@link IllegalStateException}),
 * not fair (a thread arriving while the mutex is free may take it before a woken waiter).
 * {@link #unlock()} by a thread that does not hold the mutex throws
 * {@link IllegalMonitorStateException}. Made by {@link Sync#newMutex()}.
 */
public final class Mutex {
    /*
     * The three-state futex mutex of Ulrich Drepper's "Futexes Are Tricky" (mutex #3):
     *
     *   0 UNLOCKED, 1 LOCKED (no thread sleeps on the word), 2 CONTENDED (a thread may sleep).
     *
     * lock:   CAS 0 -> 1; on failure spin a little while the word is 1 (a short critical
     *         section ends without anyone sleeping), then c = xchg(2) and, while c != 0,
     *         futex_wait(word, 2) and c = xchg(2) again. A thread that leaves the wait always
     *         takes the lock with 2, because it cannot know whether others still sleep.
     * unlock: xchg(0); only if the old value was 2 is there a futex_wake(1). So an uncontended
     *         lock/unlock pair is one CAS and one exchange, no system call.
     *
     * No lost wake-up: a sleeper only sleeps while the word is 2 (the kernel re-checks it), and
     * every unlock that finds 2 wakes one sleeper, which re-marks the word 2 when it takes or
     * waits again. A waiter that gives up (timeout, interrupt) leaves 2 behind: the next unlock
     * then makes one unneeded wake call, which is harmless.
     *
     * The owner thread is a plain field written after acquiring and cleared before releasing
     * (the release exchange publishes it); it serves the unlock check and the reentrancy check.
     */
    static final int UNLOCKED = 0;
    static final int LOCKED = 1;
    static final int CONTENDED = 2;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int state;
    private final long stateAddress;
    private Thread owner;

    Mutex(FutexSync sync) {
        this.sync = sync;
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.state = line.wordOffset(0);
        this.stateAddress = line.wordAddress(0);
    }

    /** A mutex on word {@code word} of a line owned by another primitive. */
    Mutex(FutexSync sync, Line line, int word) {
        this.sync = sync;
        this.words = line.buffer;
        this.state = line.wordOffset(word);
        this.stateAddress = line.wordAddress(word);
    }

    /** Takes the mutex, waiting as long as needed; interrupts are not noticed (the status is kept). */
    public void lock() {
        if (!(boolean) Words.INT.compareAndSet(words, state, UNLOCKED, LOCKED)) {
            try {
                acquireSlow(false, false, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }
        owner = Thread.currentThread();
    }

    /** Takes the mutex, waiting until it is free or the thread is interrupted. */
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!(boolean) Words.INT.compareAndSet(words, state, UNLOCKED, LOCKED)) {
            acquireSlow(true, false, 0L);
        }
        owner = Thread.currentThread();
    }

    /** Takes the mutex if it is free now. */
    public boolean tryLock() {
        if ((boolean) Words.INT.compareAndSet(words, state, UNLOCKED, LOCKED)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    /**
     * Takes the mutex if it becomes free within the timeout.
     *
     * @return whether the mutex was taken
     */
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if ((boolean) Words.INT.compareAndSet(words, state, UNLOCKED, LOCKED)) {
            owner = Thread.currentThread();
            return true;
        }
        boolean bounded = FutexSync.bounded(nanos);
        if (acquireSlow(true, bounded, bounded ? FutexSync.deadline(nanos) : 0L)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    /** Releases the mutex, waking one waiter if any may sleep. */
    public void unlock() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("Mutex.unlock by a thread that does not hold it");
        }
        owner = null;
        if ((int) Words.INT.getAndSet(words, state, UNLOCKED) == CONTENDED) {
            sync.wake(stateAddress, 1);
        }
    }

    /** Whether some thread holds the mutex (a snapshot). */
    public boolean isLocked() {
        return (int) Words.INT.getVolatile(words, state) != UNLOCKED;
    }

    /** Whether the current thread holds the mutex. */
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /** Throws IllegalMonitorStateException unless the current thread holds the mutex. */
    void checkHeld() {
        if (owner != Thread.currentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold the mutex");
        }
    }

    /** The contended path; returns false only when the deadline passed. */
    private boolean acquireSlow(boolean interruptible, boolean timed, long deadline) throws InterruptedException {
        if (owner == Thread.currentThread()) {
            throw new IllegalStateException("Mutex is not reentrant: the current thread already holds it");
        }
        try {
            int spins = sync.spinLimit();
            for (int i = 0; i < spins; i++) {
                int s = (int) Words.INT.getAcquire(words, state);
                if (s == UNLOCKED) {
                    if ((boolean) Words.INT.compareAndSet(words, state, UNLOCKED, LOCKED)) {
                        return true;
                    }
                } else if (s == CONTENDED) {
                    break; // others sleep already: spinning would only delay our turn in the queue
                }
                Thread.onSpinWait();
            }
            int c = (int) Words.INT.getAndSet(words, state, CONTENDED);
            while (c != UNLOCKED) {
                if (!sync.park(stateAddress, CONTENDED, timed, deadline, interruptible)) {
                    return false;
                }
                // a woken thread often finds a barging holder: let it finish before sleeping again
                for (int i = 0; i < spins && (int) Words.INT.getAcquire(words, state) != UNLOCKED; i++) {
                    Thread.onSpinWait();
                }
                c = (int) Words.INT.getAndSet(words, state, CONTENDED);
            }
            return true;
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
