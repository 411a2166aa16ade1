package org.korlang.sync;

import java.util.Arrays;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

class OnceBarrierCountersTest {

    @Test
    void onceRunsOnceAndEveryoneSeesTheResult() throws Exception {
        CountingOs os = new CountingOs();
        Once once = noSpin(os).newOnce();
        AtomicInteger runs = new AtomicInteger();
        int[] value = {0};
        runThreads(6, i -> {
            once.run(() -> {
                runs.incrementAndGet();
                eventually("the five other callers wait in the kernel meanwhile", () -> os.waitingNow.get() == 5);
                value[0] = 42;
            });
            assertEquals(42, value[0], "the action's writes are visible after run returns");
        });
        assertEquals(1, runs.get());
        assertTrue(once.isDone());
        once.run(() -> runs.incrementAndGet());
        assertEquals(1, runs.get());
    }

    @Test
    void aFailedActionLeavesTheOnceForTheNextCaller() {
        Once once = SHARED.newOnce();
        assertThrows(IllegalStateException.class, () -> once.run(() -> {
            throw new IllegalStateException("boom");
        }));
        assertFalse(once.isDone());
        AtomicInteger runs = new AtomicInteger();
        once.run(runs::incrementAndGet);
        assertEquals(1, runs.get());
        assertTrue(once.isDone());
        Once recursive = SHARED.newOnce();
        assertThrows(IllegalStateException.class, () -> recursive.run(() -> recursive.run(() -> { })));
        assertFalse(recursive.isDone());
    }

    @Test
    void barrierReleasesEachRoundTogether() throws Exception {
        int parties = 4;
        int rounds = 300;
        Barrier barrier = noSpin(new CountingOs()).newBarrier(parties);
        AtomicReferenceArray<int[]> indexes = new AtomicReferenceArray<>(rounds);
        for (int r = 0; r < rounds; r++) {
            indexes.set(r, new int[parties]);
        }
        AtomicInteger[] arrivedInRound = new AtomicInteger[rounds];
        Arrays.setAll(arrivedInRound, r -> new AtomicInteger());
        runThreads(parties, me -> {
            for (int r = 0; r < rounds; r++) {
                arrivedInRound[r].incrementAndGet();
                int index = barrier.await();
                assertEquals(parties, arrivedInRound[r].get(), "released before everyone arrived");
                indexes.get(r)[me] = index;
            }
        });
        for (int r = 0; r < rounds; r++) {
            int[] got = indexes.get(r).clone();
            Arrays.sort(got);
            assertArrayEquals(new int[] {0, 1, 2, 3}, got, "arrival indexes of round " + r);
        }
        assertEquals(0, barrier.waiting());
    }

    @Test
    void barrierBreaksOnInterruptTimeoutAndReset() throws Exception {
        Barrier barrier = SHARED.newBarrier(3);
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread a = start("a", () -> {
            try {
                barrier.await();
            } catch (Throwable e) {
                first.set(e);
            }
        });
        Thread b = start("b", () -> {
            try {
                barrier.await();
            } catch (Throwable e) {
                second.set(e);
            }
        });
        eventually("two waiting", () -> barrier.waiting() == 2);
        a.interrupt();
        joinOrFail(a);
        joinOrFail(b);
        assertInstanceOf(InterruptedException.class, first.get());
        assertInstanceOf(BrokenBarrierException.class, second.get());
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, barrier::await);
        barrier.reset();
        assertFalse(barrier.isBroken());
        assertThrows(TimeoutException.class, () -> barrier.await(30, TimeUnit.MILLISECONDS));
        assertTrue(barrier.isBroken());
        barrier.reset();
        assertEquals(0, SHARED.newBarrier(1).await(), "a one-party barrier trips at once");
        assertThrows(IllegalArgumentException.class, () -> SHARED.newBarrier(0));
    }

    @Test
    void waitGroupWaitsForAllWork() throws Exception {
        WaitGroup group = noSpin(new CountingOs()).newWaitGroup();
        int workers = 5;
        AtomicInteger finished = new AtomicInteger();
        for (int round = 0; round < 20; round++) {
            group.add(workers);
            for (int i = 0; i < workers; i++) {
                start("worker", () -> {
                    finished.incrementAndGet();
                    group.done();
                });
            }
            group.await();
            assertEquals((round + 1) * workers, finished.get());
            assertEquals(0, group.count());
        }
        assertThrows(IllegalStateException.class, group::done, "negative counter");
        assertEquals(0, group.count());
        group.add(1);
        assertFalse(group.await(20, TimeUnit.MILLISECONDS));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = start("waiter", () -> {
            try {
                group.await();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(t);
        t.interrupt();
        joinOrFail(t);
        assertInstanceOf(InterruptedException.class, thrown.get());
        group.done();
        assertTrue(group.await(0, TimeUnit.SECONDS));
    }

    @Test
    void latchOpensOnceForEveryone() throws Exception {
        Latch latch = SHARED.newLatch(3);
        AtomicInteger through = new AtomicInteger();
        Thread[] waiters = new Thread[4];
        for (int i = 0; i < waiters.length; i++) {
            waiters[i] = start("waiter" + i, () -> {
                try {
                    latch.await();
                    through.incrementAndGet();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
        }
        latch.countDown();
        latch.countDown();
        assertFalse(latch.await(20, TimeUnit.MILLISECONDS));
        assertEquals(0, through.get());
        latch.countDown();
        for (Thread t : waiters) {
            joinOrFail(t);
        }
        assertEquals(4, through.get());
        latch.countDown();
        assertEquals(0, latch.count());
        assertTrue(latch.await(0, TimeUnit.SECONDS));
        assertThrows(IllegalArgumentException.class, () -> SHARED.newLatch(-1));
        assertSame(0, SHARED.newLatch(0).count());
    }
}
