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
     * The owner is the holder's thread id, a plain 64-bit store into the same native line,
     * 8 bytes after the state word (written after acquiring, cleared before the releasing
     * exchange, which publishes it); it serves the unlock check and the reentrancy check. It
     * lives next to the state rather than in a Java field so that a lock hand-over moves one
     * cache line between cores, not two: the Java object stays read-only and shared.
     * Thread ids are never reused while the JVM runs.
     *
     * Layout from the first word w (even, so the owner is 8-aligned): word w the state,
     * words w+2..w+3 the owner; a mutex takes WORDS = 4 words.
     */
    static final int WORDS = 4;
    static final int UNLOCKED = 0;
    static final int LOCKED = 1;
    static final int CONTENDED = 2;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int state;
    private final long stateAddress;
    private final int owner;

    Mutex(FutexSync sync) {
        this.sync = sync;
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.state = line.wordOffset(0);
        this.stateAddress = line.wordAddress(0);
        this.owner = line.wordOffset(2);
    }

    /** A mutex on words {@code [word, word + WORDS)} ({@code word} even) of a line owned by another primitive. */
    Mutex(FutexSync sync, Line line, int word) {
        if ((word & 1) != 0) {
            throw new IllegalArgumentException("a mutex starts at an even word: " + word);
        }
        this.sync = sync;
        this.words = line.buffer;
        this.state = line.wordOffset(word);
        this.stateAddress = line.wordAddress(word);
        this.owner = line.wordOffset(word + 2);
        line.wordOffset(word + WORDS - 1); // checks that the mutex fits in the line
    }

    private static long me() {
        return Thread.currentThread().getId();
    }

    private long owner() {
        return (long) Words.LONG.getOpaque(words, owner);
    }

    private void setOwner(long tid) {
        Words.LONG.setOpaque(words, owner, tid);
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
        setOwner(me());
    }

    /** Takes the mutex, waiting until it is free or the thread is interrupted. */
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!(boolean) Words.INT.compareAndSet(words, state, UNLOCKED, LOCKED)) {
            acquireSlow(true, false, 0L);
        }
        setOwner(me());
    }

    /** Takes the mutex if it is free now. */
    public boolean tryLock() {
        if ((boolean) Words.INT.compareAndSet(words, state, UNLOCKED, LOCKED)) {
            setOwner(me());
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
            setOwner(me());
            return true;
        }
        boolean bounded = FutexSync.bounded(nanos);
        if (acquireSlow(true, bounded, bounded ? FutexSync.deadline(nanos) : 0L)) {
            setOwner(me());
            return true;
        }
        return false;
    }

    /** Releases the mutex, waking one waiter if any may sleep. */
    public void unlock() {
        if (owner() != me()) {
            throw new IllegalMonitorStateException("Mutex.unlock by a thread that does not hold it");
        }
        setOwner(0L);
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
        return owner() == me();
    }

    /** Throws IllegalMonitorStateException unless the current thread holds the mutex. */
    void checkHeld() {
        if (owner() != me()) {
            throw new IllegalMonitorStateException("the current thread does not hold the mutex");
        }
    }

    /** The contended path; returns false only when the deadline passed. */
    private boolean acquireSlow(boolean interruptible, boolean timed, long deadline) throws InterruptedException {
        if (owner() == me()) {
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
