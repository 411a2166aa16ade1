package org.korlang.scheduler.internal.workstealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ChaseLevDequeTest {

    @Test
    void emptyDequeGivesNothing() {
        ChaseLevDeque<String> deque = new ChaseLevDeque<>(4);
        assertNull(deque.pop());
        assertNull(deque.steal());
        assertTrue(deque.isEmpty());
    }

    @Test
    void ownerPopsNewestAndThievesStealOldest() {
        ChaseLevDeque<Integer> deque = new ChaseLevDeque<>(4);
        for (int i = 1; i <= 5; i++) {
            deque.push(i);
        }
        assertEquals(5, deque.size());
        assertEquals(5, deque.pop());
        assertEquals(1, deque.steal());
        assertEquals(4, deque.pop());
        assertEquals(2, deque.steal());
        assertEquals(3, deque.pop());
        assertNull(deque.pop());
        assertNull(deque.steal());
    }

    @Test
    void growsFromTwoSlotsAndKeepsOrder() {
        ChaseLevDeque<Integer> deque = new ChaseLevDeque<>(1);
        assertEquals(2, deque.capacity());
        for (int i = 0; i < 10_000; i++) {
            deque.push(i);
        }
        assertEquals(16_384, deque.capacity());
        assertEquals(0, deque.steal());
        for (int i = 9_999; i >= 1; i--) {
            assertEquals(i, deque.pop());
        }
        assertNull(deque.pop());
    }

    @Test
    void wrapsAroundManyTimesWithoutGrowing() {
        ChaseLevDeque<Integer> deque = new ChaseLevDeque<>(4);
        int next = 0;
        int expectedOldest = 0;
        for (int round = 0; round < 10_000; round++) {
            deque.push(next++);
            deque.push(next++);
            assertEquals(expectedOldest++, deque.steal());
            assertEquals(expectedOldest++, deque.steal());
        }
        assertEquals(4, deque.capacity());
        assertTrue(deque.isEmpty());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ChaseLevDeque<>(0));
        assertThrows(IllegalArgumentException.class, () -> new ChaseLevDeque<>(ChaseLevDeque.MAX_CAPACITY + 1));
        ChaseLevDeque<Object> deque = new ChaseLevDeque<>(2);
        assertThrows(NullPointerException.class, () -> deque.push(null));
    }

    /**
     * Real threads: the owner pushes a million elements and pops some back, two thieves steal the
     * rest one at a time and in "half" batches moved to their own deques (as the policy does). Every
     * element must be taken exactly once.
     */
    @Test
    @Timeout(120)
    void ownerAndThievesTakeEveryElementExactlyOnce() throws InterruptedException {
        int count = 1_000_000;
        ChaseLevDeque<Integer> deque = new ChaseLevDeque<>(2);
        AtomicIntegerArray taken = new AtomicIntegerArray(count);
        AtomicBoolean ownerDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> thieves = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread thief = new Thread(() -> {
                ChaseLevDeque<Integer> own = new ChaseLevDeque<>(8);
                await(start);
                while (!ownerDone.get() || !deque.isEmpty()) {
                    int available = deque.size();
                    Integer first = deque.steal();
                    if (first == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    taken.incrementAndGet(first);
                    for (int i = 1; i < (available + 1) / 2; i++) { // steal half, as the policy does
                        Integer next = deque.steal();
                        if (next == null) {
                            break;
                        }
                        own.push(next);
                    }
                    Integer mine;
                    while ((mine = own.pop()) != null) {
                        taken.incrementAndGet(mine);
                    }
                }
            }, "thief-" + t);
            thief.start();
            thieves.add(thief);
        }
        start.countDown();
        for (int i = 0; i < count; i++) {
            deque.push(i);
            if ((i & 3) == 0) { // pop back now and then, to race the thieves at the bottom
                Integer popped = deque.pop();
                if (popped != null) {
                    taken.incrementAndGet(popped);
                }
            }
        }
        Integer rest;
        while ((rest = deque.pop()) != null) {
            taken.incrementAndGet(rest);
        }
        ownerDone.set(true);
        for (Thread thief : thieves) {
            thief.join();
        }
        for (int i = 0; i < count; i++) {
            if (taken.get(i) != 1) {
                throw new AssertionError("element " + i + " was taken " + taken.get(i) + " times");
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
