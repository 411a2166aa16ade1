package org.korlang.sync;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A readers-writer lock on futex words: many readers or one writer. Writers are preferred, so a
 * writer is never starved by a stream of readers: once a writer waits, new readers wait behind
 * it (under a steady stream of writers, readers may wait long instead).
 *
 * <p>Not reentrant, for readers either (a reader that read-locks again while a writer waits
 * deadlocks itself). Read holds are counted, not owned: {@link #readUnlock()} with no read hold
 * throws {@link IllegalMonitorStateException}; {@link #writeUnlock()} by a thread other than the
 * writer throws the same. Made by {@link Sync#newRwLock()}.
 */
public final class RwLock {
    /*
     * Two words: STATE (word 0) and WRITER_NOTIFY (word 1).
     *
     * STATE bits 0..29: the number of readers, or all ones (WRITE_LOCKED) when a writer holds
     * the lock; bit 30 READERS_WAITING: readers may sleep on STATE; bit 31 WRITERS_WAITING:
     * writers may sleep on WRITER_NOTIFY.
     *
     * read lock:  CAS count+1, allowed only when the count is below the maximum and neither
     *             waiting bit is set ("read-lockable") — the writers-waiting bit is what stops
     *             writer starvation. Otherwise set READERS_WAITING and futex_wait(STATE, that value).
     * write lock: CAS an unlocked STATE (count 0, bits kept) to WRITE_LOCKED. Otherwise set
     *             WRITERS_WAITING, read WRITER_NOTIFY, re-check STATE, futex_wait(WRITER_NOTIFY).
     *             After having slept a writer takes the lock with WRITERS_WAITING set, because
     *             other writers may still sleep (its own wake-up cleared the bit).
     * unlock:     the last reader, or the writer, that leaves STATE unlocked with a waiting bit
     *             set wakes: a writer first (clear WRITERS_WAITING, WRITER_NOTIFY += 1,
     *             futex_wake(1)); only if no writer was asleep to take that wake, the readers
     *             (clear READERS_WAITING, futex_wake(STATE, all)).
     *
     * No lost wake-ups: readers sleep on the very word whose bits they set, and the waker
     * changes that word before waking, so the kernel's re-check catches a late sleeper; a
     * writer reads WRITER_NOTIFY before its final re-check of STATE, so a wake it missed makes
     * its futex_wait return at once. A waiter that gives up (timeout, interrupt) may leave its
     * waiting bit set; that only happens while someone holds the lock, whose unlock clears it.
     * Relying on futex_wake's count ("was a writer asleep?") is exact on Linux; a woken writer
     * never gives up (it returns to re-check the state).
     */
    private static final int STATE = 0;
    private static final int WRITER_NOTIFY = 1;

    static final int MASK = (1 << 30) - 1;
    static final int WRITE_LOCKED = MASK;
    static final int MAX_READERS = MASK - 1;
    static final int READERS_WAITING = 1 << 30;
    static final int WRITERS_WAITING = 1 << 31;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int state;
    private final int notify;
    private final long stateAddress;
    private final long notifyAddress;
    private Thread writer;

    RwLock(FutexSync sync) {
        this.sync = sync;
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.state = line.wordOffset(STATE);
        this.notify = line.wordOffset(WRITER_NOTIFY);
        this.stateAddress = line.wordAddress(STATE);
        this.notifyAddress = line.wordAddress(WRITER_NOTIFY);
    }

    // ---------------------------------------------------------------------------------- read

    /** Takes a read hold, waiting as long as needed (interrupts are not noticed). */
    public void readLock() {
        if (!tryReadFast()) {
            try {
                readSlow(false, false, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }

    /** Takes a read hold, waiting until possible or interrupted. */
    public void readLockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!tryReadFast()) {
            readSlow(true, false, 0L);
        }
    }

    /** Takes a read hold if possible now (not while a writer holds or waits). */
    public boolean tryReadLock() {
        for (;;) {
            int s = (int) Words.INT.getVolatile(words, state);
            if (!readLockable(s)) {
                checkReaderOverflow(s);
                return false;
            }
            if ((boolean) Words.INT.compareAndSet(words, state, s, s + 1)) {
                return true;
            }
        }
    }

    /** Takes a read hold if possible within the timeout. */
    public boolean tryReadLock(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryReadFast()) {
            return true;
        }
        boolean bounded = FutexSync.bounded(nanos);
        return readSlow(true, bounded, bounded ? FutexSync.deadline(nanos) : 0L);
    }

    /** Releases one read hold. */
    public void readUnlock() {
        int s = (int) Words.INT.getVolatile(words, state);
        for (;;) {
            int count = s & MASK;
            if (count == 0 || count == WRITE_LOCKED) {
                throw new IllegalMonitorStateException("RwLock.readUnlock without a read hold");
            }
            int witness = (int) Words.INT.compareAndExchange(words, state, s, s - 1);
            if (witness == s) {
                break;
            }
            s = witness;
        }
        s -= 1;
        if ((s & MASK) == 0 && (s & (READERS_WAITING | WRITERS_WAITING)) != 0) {
            wakeWriterOrReaders();
        }
    }

    // --------------------------------------------------------------------------------- write

    /** Takes the write hold, waiting as long as needed (interrupts are not noticed). */
    public void writeLock() {
        if (!(boolean) Words.INT.compareAndSet(words, state, 0, WRITE_LOCKED)) {
            try {
                writeSlow(false, false, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }
        writer = Thread.currentThread();
    }

    /** Takes the write hold, waiting until possible or interrupted. */
    public void writeLockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!(boolean) Words.INT.compareAndSet(words, state, 0, WRITE_LOCKED)) {
            writeSlow(true, false, 0L);
        }
        writer = Thread.currentThread();
    }

    /** Takes the write hold if the lock is free now. */
    public boolean tryWriteLock() {
        for (;;) {
            int s = (int) Words.INT.getVolatile(words, state);
            if ((s & MASK) != 0) {
                return false;
            }
            if ((boolean) Words.INT.compareAndSet(words, state, s, s | WRITE_LOCKED)) {
                writer = Thread.currentThread();
                return true;
            }
        }
    }

    /** Takes the write hold if possible within the timeout. */
    public boolean tryWriteLock(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryWriteLock()) {
            return true;
        }
        boolean bounded = FutexSync.bounded(nanos);
        if (writeSlow(true, bounded, bounded ? FutexSync.deadline(nanos) : 0L)) {
            writer = Thread.currentThread();
            return true;
        }
        return false;
    }

    /** Releases the write hold. */
    public void writeUnlock() {
        if (writer != Thread.currentThread()) {
            throw new IllegalMonitorStateException("RwLock.writeUnlock by a thread that does not hold the write lock");
        }
        writer = null;
        int s = (int) Words.INT.getAndAdd(words, state, -WRITE_LOCKED) - WRITE_LOCKED;
        if ((s & (READERS_WAITING | WRITERS_WAITING)) != 0) {
            wakeWriterOrReaders();
        }
    }

    // ---------------------------------------------------------------------------- inspection

    /** Whether a writer holds the lock (a snapshot). */
    public boolean isWriteLocked() {
        return ((int) Words.INT.getVolatile(words, state) & MASK) == WRITE_LOCKED;
    }

    /** The number of read holds (a snapshot). */
    public int readHolds() {
        int count = (int) Words.INT.getVolatile(words, state) & MASK;
        return count == WRITE_LOCKED ? 0 : count;
    }

    /** Whether the current thread holds the write lock. */
    public boolean isWriteHeldByCurrentThread() {
        return writer == Thread.currentThread();
    }

    /** Whether a writer may be waiting (the WRITERS_WAITING bit; for tests). */
    boolean writersWaiting() {
        return ((int) Words.INT.getVolatile(words, state) & WRITERS_WAITING) != 0;
    }

    // -------------------------------------------------------------------------------- engine

    private static boolean readLockable(int s) {
        return (s & MASK) < MAX_READERS && (s & (READERS_WAITING | WRITERS_WAITING)) == 0;
    }

    private static void checkReaderOverflow(int s) {
        if ((s & MASK) == MAX_READERS) {
            throw new IllegalStateException("RwLock: too many read holds (" + MAX_READERS + ")");
        }
    }

    private boolean tryReadFast() {
        int s = (int) Words.INT.getVolatile(words, state);
        return readLockable(s) && (boolean) Words.INT.compareAndSet(words, state, s, s + 1);
    }

    /** Spins while a writer holds the lock and nobody sleeps yet; returns the last state seen. */
    private int spinRead() {
        int s = (int) Words.INT.getAcquire(words, state);
        for (int i = sync.spinLimit(); i > 0 && (s & MASK) == WRITE_LOCKED
                && (s & (READERS_WAITING | WRITERS_WAITING)) == 0; i--) {
            Thread.onSpinWait();
            s = (int) Words.INT.getAcquire(words, state);
        }
        return s;
    }

    private int spinWrite() {
        int s = (int) Words.INT.getAcquire(words, state);
        for (int i = sync.spinLimit(); i > 0 && (s & MASK) != 0
                && (s & (READERS_WAITING | WRITERS_WAITING)) == 0; i--) {
            Thread.onSpinWait();
            s = (int) Words.INT.getAcquire(words, state);
        }
        return s;
    }

    private boolean readSlow(boolean interruptible, boolean timed, long deadline) throws InterruptedException {
        try {
            int s = spinRead();
            for (;;) {
                if (readLockable(s)) {
                    int witness = (int) Words.INT.compareAndExchange(words, state, s, s + 1);
                    if (witness == s) {
                        return true;
                    }
                    s = witness;
                    continue;
                }
                checkReaderOverflow(s);
                if ((s & READERS_WAITING) == 0) {
                    int witness = (int) Words.INT.compareAndExchange(words, state, s, s | READERS_WAITING);
                    if (witness != s) {
                        s = witness;
                        continue;
                    }
                }
                if (!sync.park(stateAddress, s | READERS_WAITING, timed, deadline, interruptible)) {
                    return false;
                }
                s = spinRead();
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private boolean writeSlow(boolean interruptible, boolean timed, long deadline) throws InterruptedException {
        if (writer == Thread.currentThread()) {
            throw new IllegalStateException("RwLock is not reentrant: the current thread already holds the write lock");
        }
        try {
            int otherWritersWaiting = 0;
            int s = spinWrite();
            for (;;) {
                if ((s & MASK) == 0) {
                    int witness = (int) Words.INT.compareAndExchange(words, state, s, s | WRITE_LOCKED | otherWritersWaiting);
                    if (witness == s) {
                        return true;
                    }
                    s = witness;
                    continue;
                }
                if ((s & WRITERS_WAITING) == 0) {
                    int witness = (int) Words.INT.compareAndExchange(words, state, s, s | WRITERS_WAITING);
                    if (witness != s) {
                        s = witness;
                        continue;
                    }
                }
                otherWritersWaiting = WRITERS_WAITING;
                int seq = (int) Words.INT.getVolatile(words, notify);
                s = (int) Words.INT.getVolatile(words, state);
                if ((s & MASK) == 0 || (s & WRITERS_WAITING) == 0) {
                    continue; // unlocked, or a waker already consumed our bit: retry, don't sleep
                }
                if (!sync.park(notifyAddress, seq, timed, deadline, interruptible)) {
                    return false;
                }
                s = spinWrite();
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Called by whoever left STATE unlocked with a waiting bit set. */
    private void wakeWriterOrReaders() {
        int s = (int) Words.INT.getVolatile(words, state);
        for (;;) {
            if ((s & MASK) != 0) {
                return; // someone holds the lock again: its unlock will wake
            }
            if (s == WRITERS_WAITING) {
                int witness = (int) Words.INT.compareAndExchange(words, state, s, 0);
                if (witness != s) {
                    s = witness;
                    continue;
                }
                wakeWriter();
                return; // no reader was waiting
            }
            if (s == (READERS_WAITING | WRITERS_WAITING)) {
                int witness = (int) Words.INT.compareAndExchange(words, state, s, READERS_WAITING);
                if (witness != s) {
                    s = witness;
                    continue;
                }
                if (wakeWriter()) {
                    return; // that writer's unlock will wake the readers
                }
                s = READERS_WAITING;
            }
            if (s == READERS_WAITING) {
                int witness = (int) Words.INT.compareAndExchange(words, state, s, 0);
                if (witness != s) {
                    s = witness;
                    continue;
                }
                sync.wake(stateAddress, Integer.MAX_VALUE);
            }
            return;
        }
    }

    private boolean wakeWriter() {
        Words.INT.getAndAdd(words, notify, 1);
        return sync.wake(notifyAddress, 1) > 0;
    }
}
