package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several mutators allocate toward the heap limit at once, each keeping a growing, checked list
 * (long values and references) until it gets {@link HeapExhaustedException}; then each verifies every
 * element, drops half and goes on. Full collections, promotions and the return of freed blocks to the
 * OS happen while the others allocate; no live cell may change, and the verifier (on before and
 * after every collection) must find nothing.
 */
class NearLimitMutatorsTest {

    @ParameterizedTest
    @CsvSource({"generational,2", "generational,4", "marksweep,2", "marksweep,4"})
    void liveObjectsStayIntactWhileMutatorsExhaustTheHeap(String policy, int threads) throws Exception {
        HeapConfig config = HeapConfig.builder().policy(policy).heapLimitBytes(20L << 20).nurseryBytes(2L << 20)
                .survivorBytes(256L << 10).tlabBytes(32L << 10).tenuringThreshold(1).verify(true).gcThreads(2).build();
        try (HeapFixture f = new HeapFixture(config)) {
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicInteger exhausted = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try (Mutator m = f.heap.attach()) {
                        start.await(60, TimeUnit.SECONDS);
                        fillCheckAndDrop(f, m, id, exhausted);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }, "near-limit-" + t);
                workers.add(th);
                th.start();
            }
            for (Thread th : workers) {
                th.join(TimeUnit.MINUTES.toMillis(3));
                assertTrue(!th.isAlive(), th.getName() + " did not finish");
            }
            if (!errors.isEmpty()) {
                AssertionError failure = new AssertionError(errors.size() + " mutator(s) failed", errors.peek());
                errors.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
            assertTrue(exhausted.get() > 0, "the mutators reached the limit");
            f.heap.verify();
        }
    }

    /** Three rounds: grow a list of (value, next, payload) nodes to exhaustion, check all, drop half. */
    private static void fillCheckAndDrop(HeapFixture f, Mutator m, int id, AtomicInteger exhausted) {
        try (HandleScope s = m.openScope()) {
            int list = s.handle(0);
            long count = 0;
            for (int round = 0; round < 3; round++) {
                try {
                    while (count < 5_000_000) {
                        int mark = m.mark();
                        try {
                            int payload = m.handle(m.allocateArray(f.longs, 1 + (int) (count % 40)));
                            m.putLongElement(m.get(payload), 0, value(id, count) ^ 0x5555);
                            long n = m.allocate(f.node); // slot 0: next, slot 1: payload, slot 2: value
                            m.putLong(n, 2, value(id, count));
                            m.putRef(n, 0, m.get(list));
                            m.putRef(n, 1, m.get(payload));
                            m.set(list, n); // linked only once both allocations succeeded
                            count++;
                        } finally {
                            m.release(mark);
                        }
                    }
                } catch (HeapExhaustedException e) {
                    exhausted.incrementAndGet();
                }
                // every element is intact, newest first
                long expected = count - 1;
                for (long n = m.get(list); n != 0; n = m.getRef(n, 0)) {
                    long v = m.getLong(n, 2);
                    if (v != value(id, expected)) {
                        throw new AssertionError("mutator " + id + ": element " + expected + " holds " + v);
                    }
                    long payload = m.getRef(n, 1);
                    if (payload != 0 && m.getLongElement(payload, 0) != (value(id, expected) ^ 0x5555)) {
                        throw new AssertionError("mutator " + id + ": payload of element " + expected + " changed");
                    }
                    expected--;
                }
                if (expected != -1) {
                    throw new AssertionError("mutator " + id + ": the list lost elements 0.." + expected);
                }
                // drop the newer half: keep the oldest elements
                long keep = count / 2;
                long n = m.get(list);
                for (long i = count - 1; i >= keep && n != 0; i--) {
                    n = m.getRef(n, 0);
                }
                m.set(list, n);
                count = keep;
            }
        }
    }

    private static long value(int id, long i) {
        return (long) id << 40 | i * 2654435761L & 0xFF_FFFF_FFFFL;
    }
}
