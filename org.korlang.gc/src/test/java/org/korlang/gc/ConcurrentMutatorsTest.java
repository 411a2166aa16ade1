package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;

/**
 * Several threads allocate and mutate at once — through stop-the-world collections triggered by
 * any of them, explicit ones from another thread, blocked regions, GC-stress mode and the verifier.
 */
class ConcurrentMutatorsTest {

    @Test
    void threadsAllocateAndMutateWhileCollectionsRun() throws Exception {
        HeapConfig config = HeapFixture.small().heapLimitBytes(64L << 20).nurseryBytes(2L << 20).verify(true)
                .stressEvery(5000).build();
        try (HeapFixture f = new HeapFixture(config)) {
            int threads = 4;
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            GlobalHandle[] shared = new GlobalHandle[1];
            try (Mutator m = f.heap.attach()) {
                long arr = m.allocateArray(f.refs, threads);
                shared[0] = m.newGlobal(arr);
            }
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try (Mutator m = f.heap.attach()) {
                        start.await();
                        work(f, m, id, shared[0]);
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }, "mutator-" + t);
                workers.add(th);
                th.start();
            }
            start.await();
            for (int i = 0; i < 10; i++) { // a non-mutator thread collects too
                Thread.sleep(20);
                f.heap.collect(i % 3 == 0 ? CollectionKind.FULL : CollectionKind.YOUNG);
            }
            for (Thread th : workers) {
                th.join(120_000);
                assertTrue(!th.isAlive(), th.getName() + " finished");
            }
            if (!errors.isEmpty()) {
                throw new AssertionError("a mutator failed", errors.peek());
            }
            try (Mutator m = f.heap.attach()) {
                long arr = m.get(shared[0]);
                for (int t = 0; t < threads; t++) {
                    long node = m.getRefElement(arr, t);
                    assertEquals(t, m.getLong(node, 2) % 1000, "each thread published its last tree");
                }
            }
            HeapStats s = f.heap.stats();
            assertTrue(s.minorCollections() > 10 && s.fullCollections() > 1, s.toString());
            shared[0].close();
        }
    }

    /**
     * A running mutator that asks for statistics while another thread's collection waits for its
     * safepoint: stats() must not take the lock the pause holds (it once did, and the two threads
     * waited for each other for good).
     */
    @Test
    void aRunningMutatorAsksForStatsWhileAnotherThreadCollects() {
        // preemptive: on a deadlock even closing the heap would wait for the stuck collector
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                this::statsFromARunningMutatorDuringCollections);
    }

    private void statsFromARunningMutatorDuringCollections() throws Exception {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            java.util.concurrent.atomic.AtomicBoolean collectionsDone = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong statsCalls = new java.util.concurrent.atomic.AtomicLong();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
            Thread asker = new Thread(() -> {
                try (Mutator m = f.heap.attach()) {
                    attached.countDown();
                    while (!collectionsDone.get()) {
                        f.heap.stats(); // from a RUNNING mutator, possibly while a pause waits for it
                        statsCalls.incrementAndGet();
                        m.poll();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "stats-asker");
            asker.setDaemon(true);
            asker.start();
            attached.await();
            Thread collector = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        f.heap.collect(i % 2 == 0 ? CollectionKind.YOUNG : CollectionKind.FULL);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                } finally {
                    collectionsDone.set(true);
                }
            }, "collector");
            collector.setDaemon(true);
            collector.start();
            collector.join(30_000);
            boolean finished = !collector.isAlive();
            collectionsDone.set(true); // let the asker go even if the collector hung
            asker.join(10_000);
            assertTrue(finished, "200 collections while a running mutator asks for stats finished (no deadlock)");
            assertTrue(!asker.isAlive(), "the asking mutator finished");
            if (!errors.isEmpty()) {
                throw new AssertionError("a thread failed", errors.peek());
            }
            assertTrue(statsCalls.get() > 0, "stats() was called");
            assertEquals(200, f.heap.stats().minorCollections() + f.heap.stats().fullCollections());
        }
    }

    @Test
    void aThreadThatDiesAttachedDoesNotBlockCollections() throws Exception {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            Thread t = new Thread(() -> {
                Mutator m = f.heap.attach(); // never detached, never polls again
                m.newGlobal(m.allocate(f.node)).close();
            });
            t.start();
            t.join();
            assertEquals(1, f.heap.stats().mutators());
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> f.heap.collect(CollectionKind.FULL));
            assertEquals(0, f.heap.stats().mutators(), "the dead thread's mutator was detached");
        }
    }

    private static void work(HeapFixture f, Mutator m, int id, GlobalHandle shared) {
        Random rnd = new Random(id);
        try (HandleScope s = m.openScope()) {
            int mine = s.handle(HeapFixture.tree(m, f.node, 8, new long[] {0}));
            long expected = HeapFixture.checksum(m, m.get(mine));
            for (int round = 0; round < 60; round++) {
                try (HandleScope r = m.openScope()) {
                    int t = r.handle(HeapFixture.tree(m, f.node, 6, new long[] {round * 1000 + id}));
                    long sum = HeapFixture.checksum(m, m.get(t));
                    // garbage in between, with an old-to-young store into the shared (old) array
                    for (int i = 0; i < 20; i++) {
                        HeapFixture.tree(m, f.node, 4 + rnd.nextInt(3), new long[] {i});
                    }
                    m.poll();
                    m.putRefElement(m.get(shared), id, m.get(t));
                    if (round % 10 == 0) {
                        try (BlockedRegion b = m.block()) {
                            Thread.onSpinWait();
                        }
                    }
                    if (sum != HeapFixture.checksum(m, m.get(t))) {
                        throw new AssertionError("tree changed under thread " + id);
                    }
                }
                if (expected != HeapFixture.checksum(m, m.get(mine))) {
                    throw new AssertionError("long-lived tree changed under thread " + id);
                }
            }
        }
    }
}
