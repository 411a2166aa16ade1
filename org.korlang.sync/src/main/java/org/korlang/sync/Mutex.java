package org.korlang.sync;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
     * The three-state futex mutex of Ulrich Drepper's "Futexes Are Tricky" (mutex #3), on the
     * low half of a 64-bit word whose high half names the owner:
     *
     *   low 32 bits (the futex word): 0 UNLOCKED, 1 LOCKED (no thread sleeps on the word),
     *                                 2 CONTENDED (a thread may sleep);
     *   high 32 bits: the holder's thread id (truncated; 0 = none), for the unlock check and the
     *                 reentrancy check.
     *
     * lock:   CAS word 0 -> (me, 1); on failure spin a little while the state is 1 (a short
     *         critical section ends without anyone sleeping), then exchange the state for 2 and,
     *         while the old state was not 0, futex_wait(low half, 2) and exchange again. The
     *         exchange that finds 0 takes the lock and writes the owner in the same CAS; a
     *         thread that leaves the wait always takes the lock with 2, because it cannot know
     *         whether others still sleep.
     * unlock: check the owner, then exchange the whole word for 0; only if the old state was 2
     *         is there a futex_wake(1). So an uncontended lock/unlock pair is one CAS, one read
     *         and one exchange on one cache line, and no system call.
     *
     * No lost wake-up: a sleeper only sleeps while the state is 2 (the kernel re-checks it), and
     * every unlock that finds 2 wakes one sleeper, which re-marks the state 2 when it takes the
     * lock or waits again. A waiter that gives up (timeout, interrupt) leaves 2 behind: the next
     * unlock then makes one unneeded wake call, which is harmless.
     *
     * Every Java access is a 64-bit access to the whole word (the "exchange the state" is a CAS
     * loop that keeps the owner half), so the two halves never tear; the kernel reads the low
     * half, which is the first 4 bytes on the little-endian processors this runs on. Keeping
     * state and owner in one native word (rather than an owner field in this Java object)
     * means one cache line moves between cores per hand-over, and the Java object stays
     * read-only and shared. Truncated thread ids can only collide after 2^32 threads, which
     * would weaken the misuse checks, never the locking.
     */
    static final int UNLOCKED = 0;
    static final int LOCKED = 1;
    static final int CONTENDED = 2;
    /** 32-bit words a mutex takes in a line (one 8-aligned 64-bit word). */
    static final int WORDS = 2;
    private static final long STATE_MASK = 0xFFFF_FFFFL;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int word;
    private final long stateAddress;

    Mutex(FutexSync sync) {
        this.sync = sync;
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.word = line.wordOffset(0);
        this.stateAddress = stateAddress(line, 0);
    }

    /** A mutex on words {@code [first, first + WORDS)} ({@code first} even) of a line owned by another primitive. */
    Mutex(FutexSync sync, Line line, int first) {
        if ((first & 1) != 0) {
            throw new IllegalArgumentException("a mutex starts at an even word: " + first);
        }
        line.wordOffset(first + WORDS - 1); // checks that the mutex fits in the line
        this.sync = sync;
        this.words = line.buffer;
        this.word = line.wordOffset(first);
        this.stateAddress = stateAddress(line, first);
    }

    private static long stateAddress(Line line, int first) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("Mutex needs a little-endian processor");
        }
        return line.wordAddress(first);
    }

    /** The current thread's owner tag: its id truncated to 32 bits, never 0. */
    private static long me() {
        int id = (int) Thread.currentThread().getId();
        return (id == 0 ? 0x8000_0000L : id & STATE_MASK) << 32;
    }

    /** Takes the mutex, waiting as long as needed; interrupts are not noticed (the status is kept). */
    public void lock() {
        if (!(boolean) Words.LONG.compareAndSet(words, word, 0L, me() | LOCKED)) {
            try {
                acquireSlow(false, false, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    /** Takes the mutex, waiting until it is free or the thread is interrupted. */
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!(boolean) Words.LONG.compareAndSet(words, word, 0L, me() | LOCKED)) {
            acquireSlow(true, false, 0L);
        }
    }

    /** Takes the mutex if it is free now. */
    public boolean tryLock() {
        return (boolean) Words.LONG.compareAndSet(words, word, 0L, me() | LOCKED);
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
        if ((boolean) Words.LONG.compareAndSet(words, word, 0L, me() | LOCKED)) {
            return true;
        }
        boolean bounded = FutexSync.bounded(nanos);
        return acquireSlow(true, bounded, bounded ? FutexSync.deadline(nanos) : 0L);
    }

    /** Releases the mutex, waking one waiter if any may sleep. */
    public void unlock() {
        long w = (long) Words.LONG.getOpaque(words, word);
        if ((w & ~STATE_MASK) != me() || (w & STATE_MASK) == UNLOCKED) {
            throw new IllegalMonitorStateException("Mutex.unlock by a thread that does not hold it");
        }
        if (((long) Words.LONG.getAndSet(words, word, 0L) & STATE_MASK) == CONTENDED) {
            sync.wake(stateAddress, 1);
        }
    }

    /** Whether some thread holds the mutex (a snapshot). */
    public boolean isLocked() {
        return ((long) Words.LONG.getVolatile(words, word) & STATE_MASK) != UNLOCKED;
    }

    /** Whether the current thread holds the mutex. */
    public boolean isHeldByCurrentThread() {
        long w = (long) Words.LONG.getOpaque(words, word);
        return (w & STATE_MASK) != UNLOCKED && (w & ~STATE_MASK) == me();
    }

    /** Throws IllegalMonitorStateException unless the current thread holds the mutex. */
    void checkHeld() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold the mutex");
        }
    }

    /**
     * Sets the state to CONTENDED, keeping the owner — or, if the mutex was free, taking it with
     * the current thread as owner. Returns the previous state.
     */
    private int exchangeContended(long me) {
        long w = (long) Words.LONG.getVolatile(words, word);
        for (;;) {
            long next = (w & STATE_MASK) == UNLOCKED ? me | CONTENDED : (w & ~STATE_MASK) | CONTENDED;
            long witness = (long) Words.LONG.compareAndExchange(words, word, w, next);
            if (witness == w) {
                return (int) (w & STATE_MASK);
            }
            w = witness;
        }
    }

    /** The contended path; returns false only when the deadline passed. */
    private boolean acquireSlow(boolean interruptible, boolean timed, long deadline) throws InterruptedException {
        long me = me();
        if (isHeldByCurrentThread()) {
            throw new IllegalStateException("Mutex is not reentrant: the current thread already holds it");
        }
        try {
            int spins = sync.spinLimit();
            for (int i = 0; i < spins; i++) {
                long w = (long) Words.LONG.getAcquire(words, word);
                if (w == 0L) {
                    if ((boolean) Words.LONG.compareAndSet(words, word, 0L, me | LOCKED)) {
                        return true;
                    }
                } else if ((w & STATE_MASK) == CONTENDED) {
                    break; // others sleep already: spinning would only delay our turn in the queue
                }
                Thread.onSpinWait();
            }
            int c = exchangeContended(me);
            while (c != UNLOCKED) {
                if (!sync.park(stateAddress, CONTENDED, timed, deadline, interruptible)) {
                    return false;
                }
                // a woken thread often finds a barging holder: let it finish before sleeping again
                for (int i = 0; i < spins && ((long) Words.LONG.getAcquire(words, word) & STATE_MASK) != UNLOCKED; i++) {
                    Thread.onSpinWait();
                }
                c = exchangeContended(me);
            }
            return true;
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
