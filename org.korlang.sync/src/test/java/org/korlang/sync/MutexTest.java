package org.korlang.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.os.Os;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

class MutexTest {

    @Test
    void uncontendedLockAndUnlockMakeNoSystemCall() {
        CountingOs os = new CountingOs();
        Mutex m = sync(os).newMutex();
        for (int i = 0; i < 100_000; i++) {
            m.lock();
            m.unlock();
            assertTrue(m.tryLock());
            m.unlock();
        }
        assertEquals(0, os.futexWaits.get(), "futex waits");
        assertEquals(0, os.futexWakes.get(), "futex wakes");
    }

    @Test
    void contendedMutexExcludesAndWaitsInTheKernel() throws Exception {
        CountingOs os = new CountingOs();
        Mutex m = noSpin(os).newMutex();
        int threads = 6;
        int rounds = 20_000;
        long[] counter = {0};
        runThreads(threads, i -> {
            for (int r = 0; r < rounds; r++) {
                m.lock();
                try {
                    long v = counter[0];
                    if ((r & 63) == 0) {
                        Thread.yield(); // widen the critical section now and then
                    }
                    counter[0] = v + 1;
                } finally {
                    m.unlock();
                }
            }
        });
        assertEquals((long) threads * rounds, counter[0]);
        assertTrue(os.futexWaits.get() > 0, "contention reached futex_wait");
        assertTrue(os.futexWakes.get() > 0, "contention reached futex_wake");
        assertFalse(m.isLocked());
    }

    /**
     * Plain, timed and interruptible waiters on one kernel-only mutex (no spinning): every sleeper
     * registers in the word, every unlock that sees a sleeper wakes one, waiters that time out or
     * are interrupted leave without stranding the others — a lost wake-up hangs a plain lock() and
     * fails the run; the counter proves exclusion.
     */
    @Test
    void mixedWaitersNeverStrandASleeper() throws Exception {
        CountingOs os = new CountingOs();
        Mutex m = noSpin(os).newMutex();
        int threads = 6;
        int rounds = 4_000;
        long[] counter = {0};
        java.util.concurrent.atomic.AtomicLong entered = new java.util.concurrent.atomic.AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] victims = new Thread[threads];
        Thread interrupter = start("interrupter", () -> {
            java.util.Random rnd = new java.util.Random(5);
            while (!stop.get()) {
                Thread v = victims[2 + 3 * rnd.nextInt(2)];
                if (v != null) {
                    v.interrupt();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
        });
        try {
            runThreads(threads, i -> {
                victims[i] = Thread.currentThread();
                java.util.Random rnd = new java.util.Random(i);
                for (int r = 0; r < rounds; r++) {
                    boolean got;
                    switch (i % 3) {
                        case 0 -> {
                            m.lock();
                            got = true;
                        }
                        case 1 -> got = m.tryLock(rnd.nextInt(30), TimeUnit.MICROSECONDS);
                        default -> {
                            try {
                                m.lockInterruptibly();
                                got = true;
                            } catch (InterruptedException e) {
                                got = false;
                            }
                        }
                    }
                    if (got) {
                        try {
                            long v = counter[0];
                            if ((r & 31) == 0) {
                                Thread.yield();
                            }
                            counter[0] = v + 1;
                            entered.incrementAndGet();
                        } finally {
                            m.unlock();
                        }
                    }
                }
                Thread.interrupted();
            });
        } finally {
            stop.set(true);
            interrupter.join();
        }
        assertEquals(entered.get(), counter[0]);
        assertTrue(counter[0] >= 2L * rounds, "every plain lock() got through: " + counter[0]);
        assertFalse(m.isLocked());
        assertTrue(os.futexWaits.get() > 0, "waiters slept in the kernel");
    }

    @Test
    void tryLockFailsWhileHeldElsewhere() throws Exception {
        Mutex m = SHARED.newMutex();
        m.lock();
        AtomicBoolean got = new AtomicBoolean(true);
        joinOrFail(start("try", () -> got.set(m.tryLock())));
        assertFalse(got.get());
        m.unlock();
        joinOrFail(start("try2", () -> {
            got.set(m.tryLock());
            m.unlock();
        }));
        assertTrue(got.get());
    }

    @Test
    void timedLockTimesOutAndLaterSucceeds() throws Exception {
        Mutex m = SHARED.newMutex();
        m.lock();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = start("timed", () -> {
            try {
                long start = System.nanoTime();
                boolean got = m.tryLock(100, TimeUnit.MILLISECONDS);
                result.set(new long[] {got ? 1 : 0, System.nanoTime() - start});
            } catch (Throwable e) {
                result.set(e);
            }
        });
        joinOrFail(t);
        long[] r = (long[]) result.get();
        assertEquals(0, r[0], "must not get a held mutex");
        assertTrue(r[1] >= TimeUnit.MILLISECONDS.toNanos(100), "waited the whole timeout: " + r[1]);
        m.unlock();
        joinOrFail(start("timed2", () -> {
            try {
                result.set(m.tryLock(10, TimeUnit.SECONDS));
                m.unlock();
            } catch (InterruptedException e) {
                result.set(e);
            }
        }));
        assertEquals(Boolean.TRUE, result.get());
    }

    @Test
    void lockInterruptiblyThrowsOnInterrupt() throws Exception {
        Mutex m = SHARED.newMutex();
        m.lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = start("interruptible", () -> {
            try {
                m.lockInterruptibly();
                m.unlock();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(t);
        t.interrupt();
        joinOrFail(t);
        assertInstanceOf(InterruptedException.class, thrown.get());
        m.unlock();
        assertTrue(m.tryLock(), "the interrupted waiter left the mutex usable");
        m.unlock();
    }

    @Test
    void plainLockIgnoresInterruptButKeepsTheStatus() throws Exception {
        Mutex m = SHARED.newMutex();
        m.lock();
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread t = start("uninterruptible", () -> {
            m.lock();
            interruptedAfter.set(Thread.currentThread().isInterrupted());
            m.unlock();
        });
        awaitBlocked(t);
        CountingOs.Wait wait = CountingOs.waitOf(t);
        assertNotNull(wait, "lock() waits in futex_wait");
        assertEquals(Os.NO_TIMEOUT, wait.timeoutNanos(), "lock() sleeps without a timeout, so no interrupt poll can end its wait");
        t.interrupt();
        assertTrue(CountingOs.sleepsInFutexWait(t) && CountingOs.waitOf(t) == wait, "lock() must keep waiting when interrupted");
        m.unlock();
        joinOrFail(t);
        assertTrue(interruptedAfter.get());
    }

    @Test
    void misuseGivesTypedExceptions() throws Exception {
        Mutex m = SHARED.newMutex();
        assertThrows(IllegalMonitorStateException.class, m::unlock);
        m.lock();
        assertThrows(IllegalStateException.class, m::lock, "not reentrant");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        joinOrFail(start("other", () -> {
            try {
                m.unlock();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }));
        assertInstanceOf(IllegalMonitorStateException.class, thrown.get());
        assertTrue(m.isHeldByCurrentThread());
        m.unlock();
        assertThrows(NullPointerException.class, () -> m.tryLock(1, null));
    }
}
