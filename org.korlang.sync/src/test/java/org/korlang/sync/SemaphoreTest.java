package org.korlang.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

class SemaphoreTest {

    @Test
    void neverMoreHoldersThanPermits() throws Exception {
        CountingOs os = new CountingOs();
        Semaphore s = noSpin(os).newSemaphore(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        runThreads(8, i -> {
            for (int r = 0; r < 3_000; r++) {
                if ((i & 1) == 0) {
                    s.acquire();
                } else {
                    s.acquireUninterruptibly();
                }
                try {
                    int now = inside.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    if ((r & 15) == 0) {
                        Thread.yield();
                    }
                    inside.decrementAndGet();
                } finally {
                    s.release();
                }
            }
        });
        assertTrue(most.get() <= 3, "at most 3 holders, saw " + most.get());
        assertEquals(3, s.availablePermits());
        // The run above may or may not have made a thread sleep (on a loaded machine the threads can
        // run one after another); the kernel path itself is checked with every permit held.
        s.acquire(3);
        long waitsBefore = os.futexWaits.get();
        Thread acquirer = start("acquirer", () -> {
            s.acquireUninterruptibly();
            s.release();
        });
        eventually("the acquirer sleeps in futex_wait", () -> os.futexWaits.get() > waitsBefore);
        s.release(3);
        joinOrFail(acquirer);
        assertEquals(3, s.availablePermits());
    }

    @Test
    void bulkAndSingleWaitersAllProgress() throws Exception {
        Semaphore s = noSpin(new CountingOs()).newSemaphore(4);
        runThreads(6, i -> {
            int n = 1 + (i % 3); // 1, 2 or 3 permits at a time
            for (int r = 0; r < 2_000; r++) {
                s.acquire(n);
                s.release(n);
            }
        });
        assertEquals(4, s.availablePermits());
    }

    @Test
    void timeoutsInterruptsAndLimits() throws Exception {
        Semaphore s = SHARED.newSemaphore(0);
        assertFalse(s.tryAcquire());
        assertFalse(s.tryAcquire(30, TimeUnit.MILLISECONDS));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = start("acquirer", () -> {
            try {
                s.acquire();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(t);
        t.interrupt();
        joinOrFail(t);
        assertInstanceOf(InterruptedException.class, thrown.get());
        s.release(2);
        assertEquals(2, s.availablePermits());
        assertTrue(s.tryAcquire(2));
        s.release(Integer.MAX_VALUE);
        assertThrows(IllegalStateException.class, s::release);
        assertEquals(Integer.MAX_VALUE, s.drainPermits());
        assertThrows(IllegalArgumentException.class, () -> s.acquire(0));
        assertThrows(IllegalArgumentException.class, () -> SHARED.newSemaphore(-1));
    }

    @Test
    void releaseWakesAWaiter() throws Exception {
        Semaphore s = SHARED.newSemaphore(0);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = start("acquirer", () -> {
            try {
                result.set(s.tryAcquire(20, TimeUnit.SECONDS));
            } catch (Throwable e) {
                result.set(e);
            }
        });
        awaitBlocked(t);
        s.release();
        joinOrFail(t);
        assertEquals(Boolean.TRUE, result.get());
        assertEquals(0, s.availablePermits());
    }
}
