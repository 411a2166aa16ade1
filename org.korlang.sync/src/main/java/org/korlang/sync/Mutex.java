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
     * A futex mutex that counts its sleepers (after Drepper's "Futexes Are Tricky", with the
     * "may sleep" state of his mutex #3 replaced by a count, as WebKit's Lock keeps a has-parked
     * bit): the unlocking thread makes a system call only when some thread really is registered
     * to sleep, never because a waiter once slept. One 64-bit native word:
     *
     *   low 32 bits (the futex word): bit 0 LOCKED; bits 1..31 SLEEPERS, the threads registered
     *                                 to sleep on the word (each adds 2);
     *   high 32 bits: the holder's thread id (truncated; 0 = none), for the unlock check and the
     *                 reentrancy check.
     *
     * lock:    CAS 0 -> (me, LOCKED). Slow path: spin a little, taking the mutex whenever LOCKED is
     *          clear (CAS that sets LOCKED and the owner, keeping SLEEPERS), with exponential
     *          backoff between reads (1, 2, 4 … 64 pauses): a spinner that re-reads the word
     *          at once pulls its cache line away from the holder on every iteration, and two
     *          threads then hand the line (and the lock) back and forth on every operation —
     *          measured 3x slower than letting the holder run a burst. Then register: CAS
     *          the word (still LOCKED) to SLEEPERS + 1, futex_wait(low half, that value), and
     *          deregister (SLEEPERS - 1) whatever ended the wait; spin again — longer after each
     *          wake-up that found the mutex taken (up to 4x), as AQS does for its first waiter —
     *          and retry. With the default spin limit of 20 reads a waiter spins ≈ 1,000 pauses
     *          (≈ 25 µs here) before it sleeps, about the cost of a futex sleep and wake.
     * unlock:  check the owner, then one atomic add of -(me | LOCKED) clears owner and LOCKED and
     *          keeps SLEEPERS; only if SLEEPERS was non-zero is there a futex_wake(1). An
     *          uncontended pair is one CAS, one read and one atomic add on one cache line.
     *
     * No lost wake-up. A thread sleeps only while the word equals what it registered with, which
     * has LOCKED set (the kernel re-checks), so it never sleeps on a free mutex; the holder at that
     * moment unlocks later, sees SLEEPERS > 0 and wakes one thread. A woken thread deregisters and
     * competes; if it takes the mutex its own unlock wakes the next sleeper, if a barging thread
     * takes it that thread's unlock does. A waiter that gives up (timeout, interrupt) may have
     * consumed the wake meant for another sleeper, so after deregistering it wakes one more if the
     * mutex is free and sleepers remain. Wakes may be spent on a thread that then finds the word
     * changed — harmless; spinning threads are not registered, so they cost the holder nothing.
     *
     * Every Java access is a 64-bit access to the whole word, so the two halves never tear; the
     * kernel reads the low half, the first 4 bytes on the little-endian processors this runs on.
     * Keeping state and owner in one native word (rather than an owner field in this Java object)
     * means one cache line moves between cores per hand-over, and the Java object stays read-only
     * and shared. Truncated thread ids can only collide after 2^32 threads, which would weaken the
     * misuse checks, never the locking.
     */
    static final long LOCKED = 1;
    static final long SLEEPER = 2;
    /** 32-bit words a mutex takes in a line (one 8-aligned 64-bit word). */
    static final int WORDS = 2;
    private static final long STATE_MASK = 0xFFFF_FFFFL;
    private static final long SLEEPERS_MASK = STATE_MASK & ~LOCKED;
    /** Post-wake spinning grows to at most this many times the spin limit. */
    private static final int MAX_SPIN_GROWTH = 4;
    /** Pauses between two reads of a spinning waiter grow to at most this many. */
    private static final int MAX_BACKOFF = 64;

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

    /** Releases the mutex, waking one sleeping waiter if there is one. */
    public void unlock() {
        long me = me();
        long w = (long) Words.LONG.getOpaque(words, word);
        if ((w & ~STATE_MASK) != me || (w & LOCKED) == 0) {
            throw new IllegalMonitorStateException("Mutex.unlock by a thread that does not hold it");
        }
        if (((long) Words.LONG.getAndAdd(words, word, -(me | LOCKED)) & SLEEPERS_MASK) != 0) {
            sync.wake(stateAddress, 1);
        }
    }

    /** Whether some thread holds the mutex (a snapshot). */
    public boolean isLocked() {
        return ((long) Words.LONG.getVolatile(words, word) & LOCKED) != 0;
    }

    /** Whether the current thread holds the mutex. */
    public boolean isHeldByCurrentThread() {
        long w = (long) Words.LONG.getOpaque(words, word);
        return (w & LOCKED) != 0 && (w & ~STATE_MASK) == me();
    }

    /** Throws IllegalMonitorStateException unless the current thread holds the mutex. */
    void checkHeld() {
        if (!isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("the current thread does not hold the mutex");
        }
    }

    /**
     * Spins up to {@code spins} times, taking the mutex whenever it is free; true if taken. Not
     * registered as a sleeper meanwhile, so the holder's unlock stays free of system calls.
     */
    private boolean spinAcquire(long me, int spins) {
        int backoff = 1;
        for (int i = 0; i < spins; i++) {
            long w = (long) Words.LONG.getAcquire(words, word);
            if ((w & LOCKED) == 0 && (boolean) Words.LONG.compareAndSet(words, word, w, w | me | LOCKED)) {
                return true;
            }
            for (int k = 0; k < backoff; k++) {
                Thread.onSpinWait();
            }
            backoff = Math.min(backoff << 1, MAX_BACKOFF);
        }
        return false;
    }

    /** The contended path; returns false only when the deadline passed. */
    private boolean acquireSlow(boolean interruptible, boolean timed, long deadline) throws InterruptedException {
        long me = me();
        if (isHeldByCurrentThread()) {
            throw new IllegalStateException("Mutex is not reentrant: the current thread already holds it");
        }
        try {
            int limit = sync.spinLimit();
            int spins = limit;
            for (;;) {
                if (spinAcquire(me, spins)) {
                    return true;
                }
                long w = (long) Words.LONG.getVolatile(words, word);
                if ((w & LOCKED) == 0) {
                    if ((boolean) Words.LONG.compareAndSet(words, word, w, w | me | LOCKED)) {
                        return true;
                    }
                    continue;
                }
                long registered = w + SLEEPER;
                if (!(boolean) Words.LONG.compareAndSet(words, word, w, registered)) {
                    continue;
                }
                boolean woken = false;
                try {
                    woken = sync.park(stateAddress, (int) (registered & STATE_MASK), timed, deadline, interruptible);
                } finally {
                    long now = (long) Words.LONG.getAndAdd(words, word, -SLEEPER) - SLEEPER;
                    if (!woken && (now & LOCKED) == 0 && (now & SLEEPERS_MASK) != 0) {
                        sync.wake(stateAddress, 1); // pass on a wake this thread may have consumed
                    }
                }
                if (!woken) {
                    return false;
                }
                // a woken thread often finds a barging holder: spin longer each time before sleeping
                // again (a spin limit of 0 keeps meaning "never spin")
                spins = Math.min(spins * 2, limit * MAX_SPIN_GROWTH);
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }
}
