package org.korlang.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.korlang.sync.Fixtures.*;

class CondVarTest {

    /**
     * The lost wake-up window: the signaller acts the moment the waiter has announced itself in
     * await (inside await, before or just after it released the mutex and before it sleeps). A
     * condition variable that reads its sequence after unlocking, or a flag-based one, misses
     * some of these signals and the waiter would sleep until the 5 s timeout. With a single
     * waiter, signal() must reach it every time.
     */
    @Test
    void signalRightAfterTheWaiterReleasesTheMutexIsNeverLost() throws Exception {
        CountingOs os = new CountingOs();
        FutexSync sync = noSpin(os);
        Mutex m = sync.newMutex();
        CondVar cv = sync.newCondVar();
        int rounds = 2_000;
        boolean[] ready = {false};
        AtomicInteger round = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = start("waiter", () -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    m.lock();
                    try {
                        round.set(r + 1);
                        while (!ready[0]) {
                            if (!cv.await(m, 5, TimeUnit.SECONDS)) {
                                fail("lost wake-up in round " + r);
                            }
                        }
                        ready[0] = false;
                    } finally {
                        m.unlock();
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        for (int r = 1; r <= rounds && waiter.isAlive(); r++) {
            while ((round.get() < r || cv.waiters() == 0) && waiter.isAlive()) {
                Thread.onSpinWait(); // the waiter is inside await: its mutex release is imminent
            }
            while (!m.tryLock()) {
                Thread.onSpinWait(); // take the mutex the instant the waiter releases it
            }
            ready[0] = true;
            m.unlock();
            cv.signal(); // signal outside the mutex: the harder case
        }
        joinOrFail(waiter);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertTrue(os.futexWaits.get() > 0, "the waiter slept in the kernel");
    }

    @Test
    void pingPongWithSignalOnly() throws Exception {
        FutexSync sync = noSpin(new CountingOs());
        Mutex m = sync.newMutex();
        CondVar cv = sync.newCondVar();
        int[] turn = {0};
        int rounds = 5_000;
        runThreads(2, me -> {
            for (int r = 0; r < rounds; r++) {
                m.lock();
                try {
                    cv.awaitUntil(m, () -> turn[0] == me);
                    turn[0] = 1 - me;
                    cv.signal();
                } finally {
                    m.unlock();
                }
            }
        });
        assertEquals(0, turn[0]);
    }

    @Test
    void producerConsumerWithManyWaiters() throws Exception {
        FutexSync sync = sync(new CountingOs());
        Mutex m = sync.newMutex();
        CondVar notEmpty = sync.newCondVar();
        int[] items = {0};
        int consumers = 4;
        int each = 5_000;
        AtomicInteger consumed = new AtomicInteger();
        runThreads(consumers + 1, i -> {
            if (i == consumers) {
                for (int k = 0; k < consumers * each; k++) {
                    m.lock();
                    items[0]++;
                    notEmpty.signal();
                    m.unlock();
                }
            } else {
                for (int k = 0; k < each; k++) {
                    m.lock();
                    try {
                        notEmpty.awaitUntil(m, () -> items[0] > 0);
                        items[0]--;
                        consumed.incrementAndGet();
                    } finally {
                        m.unlock();
                    }
                }
            }
        });
        assertEquals(consumers * each, consumed.get());
        assertEquals(0, items[0]);
    }

    @Test
    void broadcastWakesEveryWaiter() throws Exception {
        FutexSync sync = noSpin(new CountingOs());
        Mutex m = sync.newMutex();
        CondVar cv = sync.newCondVar();
        boolean[] go = {false};
        int n = 5;
        AtomicInteger woke = new AtomicInteger();
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = start("w" + i, () -> {
                m.lock();
                try {
                    cv.awaitUntil(m, () -> go[0]);
                    woke.incrementAndGet();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                } finally {
                    m.unlock();
                }
            });
        }
        eventually("all waiting", () -> cv.waiters() == n);
        m.lock();
        go[0] = true;
        cv.broadcast();
        m.unlock();
        for (Thread t : threads) {
            joinOrFail(t);
        }
        assertEquals(n, woke.get());
    }

    @Test
    void timedAwaitTimesOutHoldingTheMutex() throws Exception {
        Mutex m = SHARED.newMutex();
        CondVar cv = SHARED.newCondVar();
        m.lock();
        long start = System.nanoTime();
        assertFalse(cv.awaitUntil(m, () -> false, 50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
        assertTrue(m.isHeldByCurrentThread());
        assertFalse(cv.await(m, 0, TimeUnit.MILLISECONDS));
        assertTrue(m.isHeldByCurrentThread());
        m.unlock();
    }

    @Test
    void interruptedAwaitThrowsHoldingTheMutex() throws Exception {
        Mutex m = SHARED.newMutex();
        CondVar cv = SHARED.newCondVar();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean heldAfter = new AtomicBoolean();
        Thread t = start("await", () -> {
            m.lock();
            try {
                cv.await(m);
            } catch (Throwable e) {
                thrown.set(e);
            } finally {
                heldAfter.set(m.isHeldByCurrentThread());
                m.unlock();
            }
        });
        eventually("waiting", () -> cv.waiters() == 1);
        t.interrupt();
        joinOrFail(t);
        assertInstanceOf(InterruptedException.class, thrown.get());
        assertTrue(heldAfter.get());
        assertEquals(0, cv.waiters());
    }

    @Test
    void signalWithoutWaitersMakesNoSystemCall() {
        CountingOs os = new CountingOs();
        CondVar cv = sync(os).newCondVar();
        for (int i = 0; i < 1000; i++) {
            cv.signal();
            cv.broadcast();
        }
        assertEquals(0, os.futexWakes.get());
    }

    @Test
    void awaitWithoutTheMutexIsRejected() {
        Mutex m = SHARED.newMutex();
        CondVar cv = SHARED.newCondVar();
        assertThrows(IllegalMonitorStateException.class, () -> cv.await(m));
        assertThrows(IllegalMonitorStateException.class, () -> cv.awaitUninterruptibly(m));
    }
}
