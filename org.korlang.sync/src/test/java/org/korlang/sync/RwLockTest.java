package org.korlang.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

class RwLockTest {

    @Test
    void readersShareWritersExclude() throws Exception {
        RwLock lock = SHARED.newRwLock();
        lock.readLock();
        AtomicBoolean otherRead = new AtomicBoolean();
        AtomicBoolean otherWrite = new AtomicBoolean(true);
        joinOrFail(start("r", () -> {
            otherRead.set(lock.tryReadLock());
            otherWrite.set(lock.tryWriteLock());
            lock.readUnlock();
        }));
        assertTrue(otherRead.get(), "a second reader gets in");
        assertFalse(otherWrite.get(), "a writer does not");
        assertEquals(1, lock.readHolds());
        lock.readUnlock();
        assertTrue(lock.tryWriteLock());
        assertTrue(lock.isWriteLocked());
        assertFalse(lock.tryReadLock());
        lock.writeUnlock();
    }

    @Test
    void mixedStressKeepsTheInvariant() throws Exception {
        FutexSync sync = noSpin(new CountingOs());
        RwLock lock = sync.newRwLock();
        long[] pair = {0, 0};
        AtomicLong reads = new AtomicLong();
        int writers = 2;
        int readers = 4;
        int rounds = 5_000;
        runThreads(writers + readers, i -> {
            for (int r = 0; r < rounds; r++) {
                if (i < writers) {
                    lock.writeLock();
                    try {
                        pair[0]++;
                        if ((r & 31) == 0) {
                            Thread.yield();
                        }
                        pair[1]++;
                    } finally {
                        lock.writeUnlock();
                    }
                } else {
                    lock.readLock();
                    try {
                        if (pair[0] != pair[1]) {
                            throw new AssertionError("a reader saw a half-done write");
                        }
                        reads.incrementAndGet();
                    } finally {
                        lock.readUnlock();
                    }
                }
            }
        });
        assertEquals((long) writers * rounds, pair[0]);
        assertEquals(pair[0], pair[1]);
        assertEquals((long) readers * rounds, reads.get());
        assertEquals(0, lock.readHolds());
        assertFalse(lock.isWriteLocked());
    }

    /**
     * Readers overlap continuously, so the lock is never free; a writer must still get in, and
     * while it waits new readers are turned away.
     */
    @Test
    void aWriterIsNotStarvedByOverlappingReaders() throws Exception {
        RwLock lock = noSpin(new CountingOs()).newRwLock();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        Thread[] readers = new Thread[3];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = start("reader" + i, () -> {
                while (!stop.get()) {
                    lock.readLock();
                    try {
                        reads.incrementAndGet();
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        lock.readUnlock();
                    }
                }
            });
        }
        eventually("readers running", () -> reads.get() > 30);
        AtomicReference<Object> got = new AtomicReference<>();
        AtomicBoolean holding = new AtomicBoolean();
        AtomicBoolean release = new AtomicBoolean();
        Thread writer = start("writer", () -> {
            try {
                boolean ok = lock.tryWriteLock(20, TimeUnit.SECONDS);
                got.set(ok);
                if (ok) {
                    holding.set(true);
                    while (!release.get()) {
                        Thread.onSpinWait();
                    }
                    lock.writeUnlock();
                }
            } catch (Throwable e) {
                got.set(e);
            }
        });
        eventually("the writer waits or holds", () -> lock.writersWaiting() || holding.get());
        if (!holding.get()) {
            assertFalse(lock.tryReadLock(), "a new reader must not pass a waiting writer");
        }
        eventually("the writer holds the lock", () -> got.get() != null);
        assertEquals(Boolean.TRUE, got.get(), "the writer got the lock");
        assertEquals(0, lock.readHolds(), "no reader inside while the writer holds");
        release.set(true);
        joinOrFail(writer);
        stop.set(true);
        for (Thread r : readers) {
            joinOrFail(r);
        }
    }

    @Test
    void timedAndInterruptibleWaits() throws Exception {
        RwLock lock = SHARED.newRwLock();
        lock.readLock();
        AtomicReference<Object> result = new AtomicReference<>();
        joinOrFail(start("timed-writer", () -> {
            try {
                result.set(lock.tryWriteLock(50, TimeUnit.MILLISECONDS));
            } catch (Throwable e) {
                result.set(e);
            }
        }));
        assertEquals(Boolean.FALSE, result.get());
        Thread w = start("interrupted-writer", () -> {
            try {
                lock.writeLockInterruptibly();
                result.set("acquired");
            } catch (Throwable e) {
                result.set(e);
            }
        });
        awaitBlocked(w);
        w.interrupt();
        joinOrFail(w);
        assertInstanceOf(InterruptedException.class, result.get());
        lock.readUnlock();
        // the bits the departed writers left must not block anyone now
        assertTrue(lock.tryReadLock(5, TimeUnit.SECONDS));
        lock.readUnlock();
        assertTrue(lock.tryWriteLock(5, TimeUnit.SECONDS));
        Thread r = start("interrupted-reader", () -> {
            try {
                lock.readLockInterruptibly();
                result.set("acquired");
            } catch (Throwable e) {
                result.set(e);
            }
        });
        awaitBlocked(r);
        r.interrupt();
        joinOrFail(r);
        assertInstanceOf(InterruptedException.class, result.get());
        lock.writeUnlock();
        assertTrue(lock.tryReadLock());
        lock.readUnlock();
    }

    @Test
    void misuseGivesTypedExceptions() throws Exception {
        RwLock lock = SHARED.newRwLock();
        assertThrows(IllegalMonitorStateException.class, lock::readUnlock);
        assertThrows(IllegalMonitorStateException.class, lock::writeUnlock);
        lock.writeLock();
        assertThrows(IllegalMonitorStateException.class, lock::readUnlock);
        assertThrows(IllegalStateException.class, lock::writeLock);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        joinOrFail(start("other", () -> {
            try {
                lock.writeUnlock();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }));
        assertInstanceOf(IllegalMonitorStateException.class, thrown.get());
        lock.writeUnlock();
    }
}
