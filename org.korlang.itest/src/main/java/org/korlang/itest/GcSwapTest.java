package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HandleScope;
import org.korlang.gc.Heap;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.spi.GcPolicy;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Hot-swapping the GC policy of the platform's live heap in Felix. Four mutator threads keep
 * mutating checksummed random graphs (trees replaced, grafted, garbage made) while the policy is
 * switched at least 100 times across generational, mark-sweep and semispace — through the shell
 * ({@code gc:policy}), ConfigAdmin and the API — and the semispace bundle is stopped (the heap must
 * migrate to the default first) and started again (the configured policy comes back by itself). The
 * heap verifier runs after every switch. At the end every checksum matches and, after a full
 * collection, the occupancy is what the live graphs need.
 */
class GcSwapTest {

    private static final String PID = "org.korlang.gc";
    private static final String SEMISPACE_BUNDLE = "org.korlang.gc.semispace";
    private static final String[] POLICIES = {"semispace", "marksweep", "generational"};
    /** A node: header + left, right, value. */
    private static final long NODE_BYTES = 32;

    private final BundleContext context = Services.context();

    @AfterEach
    void backToTheDefault() throws Exception {
        Bundle semispace = Services.bundle(context, SEMISPACE_BUNDLE);
        if (semispace.getState() != Bundle.ACTIVE) {
            semispace.start();
        }
        ConfigurationAdmin cm = Services.await(context, ConfigurationAdmin.class, null);
        cm.getConfiguration(PID, "?").delete();
        Heap heap = Services.await(context, Heap.class, null);
        awaitPolicy(heap, "generational");
    }

    @Test
    void fourMutatorsKeepTheirGraphsThroughAHundredSwitchesAndBundleRestarts() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        for (String p : POLICIES) {
            Services.await(context, GcPolicy.class, "(gc.policy=" + p + ")");
        }
        Bundle semispace = Services.bundle(context, SEMISPACE_BUNDLE);
        TypeId node = heap.registerType(TypeLayout.fixed("itest.SwapNode").slots(3).references(0, 1).build());
        List<GcEvent> swaps = new CopyOnWriteArrayList<>();
        GcListener listener = e -> {
            if (e.kind() == CollectionKind.SWAP) {
                swaps.add(e);
            }
        };
        heap.addListener(listener);

        int threads = 4;
        int graphsPerThread = 8;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong steps = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch done = new CountDownLatch(threads);
        GlobalHandle[][] roots = new GlobalHandle[threads][graphsPerThread];
        long[][] sums = new long[threads][graphsPerThread];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try (Mutator m = heap.attach()) {
                    Random rnd = new Random(1000 + id);
                    GlobalHandle[] mine = new GlobalHandle[graphsPerThread];
                    for (int i = 0; i < graphsPerThread; i++) {
                        mine[i] = m.newGlobal(CheckedTrees.tree(m, node, 6, rnd.nextInt(1 << 20)));
                        roots[id][i] = mine[i];
                        sums[id][i] = CheckedTrees.checksum(m, m.get(mine[i]));
                    }
                    ready.countDown();
                    while (!stop.get()) {
                        int i = rnd.nextInt(graphsPerThread);
                        if (CheckedTrees.checksum(m, m.get(mine[i])) != sums[id][i]) {
                            throw new AssertionError("graph " + i + " of mutator " + id + " changed under the collector");
                        }
                        switch (rnd.nextInt(3)) {
                            case 0 -> m.set(mine[i], CheckedTrees.tree(m, node, 3 + rnd.nextInt(5), rnd.nextInt(1 << 20)));
                            case 1 -> { // graft a fresh subtree under the leftmost leaf (the graph grows)
                                if (depthOf(m, m.get(mine[i])) < 14) {
                                    try (HandleScope s = m.openScope()) {
                                        int sub = s.handle(CheckedTrees.tree(m, node, 2, rnd.nextInt(1 << 20)));
                                        long n = m.get(mine[i]);
                                        while (m.getRef(n, 0) != 0) {
                                            n = m.getRef(n, 0);
                                        }
                                        m.putRef(n, 0, m.get(sub));
                                    }
                                }
                            }
                            default -> { // change a value in place
                                long n = m.get(mine[i]);
                                m.putLong(n, 2, m.getLong(n, 2) + 1);
                            }
                        }
                        sums[id][i] = CheckedTrees.checksum(m, m.get(mine[i]));
                        CheckedTrees.tree(m, node, 7, 0); // garbage
                        steps.incrementAndGet();
                    }
                    for (int i = 0; i < graphsPerThread; i++) {
                        if (CheckedTrees.checksum(m, m.get(mine[i])) != sums[id][i]) {
                            throw new AssertionError("graph " + i + " of mutator " + id + " changed at the end");
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                } finally {
                    done.countDown();
                }
            }, "gc-swap-mutator-" + t);
            workers.add(w);
            w.start();
        }
        ready.await();

        int switches = 0;
        for (int round = 0; round < 36 && failure.get() == null; round++) {
            String target = POLICIES[round % POLICIES.length];
            switch (round % 3) {
                case 0 -> assertTrue(Shell.run(context, "gc:policy " + target).contains("-> " + target));
                case 1 -> {
                    Dictionary<String, Object> props = new Hashtable<>();
                    props.put("policy", target);
                    Services.configure(context, PID, props, Heap.class);
                    awaitPolicy(heap, target);
                }
                default -> heap.switchPolicy(target);
            }
            assertEquals(target, heap.policyName());
            switches++;
            heap.verify();
            awaitSteps(steps, failure, 8);
            // one more switch to each of the other policies, straight through the API
            for (String p : POLICIES) {
                if (!p.equals(target)) {
                    heap.switchPolicy(p);
                    switches++;
                }
            }
            heap.switchPolicy(target);
            switches++;
            heap.verify();
            if (round % 6 == 0) {
                // the semispace bundle goes away while the heap may run on it, and comes back
                Dictionary<String, Object> props = new Hashtable<>();
                props.put("policy", "semispace");
                Services.configure(context, PID, props, Heap.class);
                awaitPolicy(heap, "semispace");
                semispace.stop();
                assertEquals("generational", heap.policyName(), "the heap left semispace before its bundle stopped");
                heap.verify();
                awaitSteps(steps, failure, 4);
                semispace.start();
                awaitPolicy(heap, "semispace"); // the configured policy is back: pending switch
                heap.verify();
                switches += 3;
            }
        }
        stop.set(true);
        assertTrue(done.await(60, java.util.concurrent.TimeUnit.SECONDS), "mutators finished");
        if (failure.get() != null) {
            throw new AssertionError("a mutator failed", failure.get());
        }
        heap.removeListener(listener);
        assertTrue(switches >= 100, switches + " switches");
        assertTrue(swaps.size() >= 100, swaps.size() + " swap events");
        for (GcEvent e : swaps) {
            assertTrue(e.pauseNanos() > 0 && e.cause() == org.korlang.gc.GcCause.POLICY_SWITCH, e.toString());
        }

        // the graphs outlive their mutators in global handles: checksums and occupancy
        try (Mutator m = heap.attach()) {
            long nodes = 0;
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < graphsPerThread; i++) {
                    GlobalHandle h = roots[t][i];
                    assertEquals(sums[t][i], CheckedTrees.checksum(m, m.get(h)), "graph " + i + " of mutator " + t);
                    nodes += count(m, m.get(h));
                }
            }
            heap.collect(CollectionKind.FULL);
            long live = nodes * NODE_BYTES;
            long used = heap.stats().usedBytes();
            assertTrue(used >= live && used <= 2 * live + (4L << 20),
                    used + " bytes in use for " + live + " live bytes under " + heap.policyName());
        }
        for (GlobalHandle[] mine : roots) {
            for (GlobalHandle h : mine) {
                h.close();
            }
        }
        assertEquals(0, swaps.stream().filter(e -> e.policy() == null).count());
    }

    @Test
    void theDemoRunsThroughASwitchToTheSemispaceBundlesPolicy() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        Services.await(context, GcPolicy.class, "(gc.policy=semispace)");
        List<GcEvent> events = new CopyOnWriteArrayList<>();
        GcListener listener = events::add;
        heap.addListener(listener);
        try {
            String started = Shell.run(context, "korlang:demo");
            assertTrue(started.contains("gc:policy semispace"), started);
            Services.eventually(() -> "the demo workload collects: " + started, () -> !events.isEmpty(), Duration.ofSeconds(20));
            assertTrue(Shell.run(context, "gc:policy semispace").contains("-> semispace"));
            int seen = events.size();
            Services.eventually(() -> "the demo goes on collecting under semispace",
                    () -> events.size() != seen && events.get(events.size() - 1).kind() != CollectionKind.SWAP, Duration.ofSeconds(20));
            assertEquals("semispace", events.get(events.size() - 1).policy());
        } finally {
            String stopped = Shell.run(context, "korlang:demo stop");
            assertTrue(stopped.contains("korlang:demo stopped"), stopped);
            heap.removeListener(listener);
        }
    }

    /** Waits until the mutators make {@code n} more steps; fails if one of them failed or after 20 s. */
    private static void awaitSteps(AtomicLong steps, AtomicReference<Throwable> failure, int n) throws Exception {
        long start = steps.get();
        long target = start + n;
        Services.eventually(() -> "the mutators to make " + n + " steps; they made " + (steps.get() - start), () -> {
            if (failure.get() != null) {
                throw new AssertionError("a mutator failed", failure.get());
            }
            return steps.get() >= target;
        }, Duration.ofSeconds(20));
    }

    private static void awaitPolicy(Heap heap, String policy) throws Exception {
        Services.eventually(() -> "the heap to run " + policy + "; it runs " + heap.policyName(),
                () -> heap.policyName().equals(policy), Duration.ofSeconds(20));
    }

    private static long count(Mutator m, long n) {
        return n == 0 ? 0 : 1 + count(m, m.getRef(n, 0)) + count(m, m.getRef(n, 1));
    }

    private static int depthOf(Mutator m, long n) {
        int d = 0;
        while (n != 0) {
            n = m.getRef(n, 0);
            d++;
        }
        return d;
    }
}
