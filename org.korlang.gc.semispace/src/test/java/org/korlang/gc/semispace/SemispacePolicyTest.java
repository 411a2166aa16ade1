package org.korlang.gc.semispace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcEvent;
import org.korlang.gc.HandleScope;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.semispace.internal.SemispacePolicyAccess;
import org.korlang.gc.standalone.Heaps;
import org.korlang.os.Os;
import org.korlang.testkit.HostPorts;

/**
 * The semispace policy on a real heap (real mmap through the Linux port): graphs survive copying
 * collections with equal checksums, garbage is reclaimed, arrays and large objects are copied,
 * exhaustion is a clean error the heap recovers from, and the live heap switches between semispace
 * and the built-in policies — also under four mutator threads — without losing an object.
 */
class SemispacePolicyTest {

    private static Os os;

    static synchronized Os os() {
        if (os == null) {
            os = HostPorts.os();
        }
        return os;
    }

    static HeapConfig.Builder small() {
        return HeapConfig.builder().heapLimitBytes(16L << 20).nurseryBytes(1L << 20).survivorBytes(256L << 10)
                .tlabBytes(16L << 10).verify(true).gcThreads(2);
    }

    private record Fixture(Heaps.ClosableHeap heap, TypeId node, TypeId refs, TypeId longs) implements AutoCloseable {
        static Fixture create(HeapConfig config) {
            Heaps.ClosableHeap h = Heaps.create(os(), config);
            h.switchPolicy(SemispacePolicyAccess.policy());
            return new Fixture(h, h.registerType(TypeLayout.fixed("Node").slots(3).references(0, 1).build()),
                    h.registerType(TypeLayout.referenceArray("Object[]")), h.registerType(TypeLayout.primitiveArray("long[]", 8)));
        }

        @Override
        public void close() {
            heap.close();
        }
    }

    static long tree(Mutator m, TypeId node, int depth, long value) {
        try (HandleScope s = m.openScope()) {
            if (depth == 0) {
                long n = m.allocate(node);
                m.putLong(n, 2, value);
                return n;
            }
            int l = s.handle(tree(m, node, depth - 1, value * 2));
            int r = s.handle(tree(m, node, depth - 1, value * 2 + 1));
            long n = m.allocate(node);
            m.putRef(n, 0, m.get(l));
            m.putRef(n, 1, m.get(r));
            m.putLong(n, 2, value);
            return n;
        }
    }

    static long checksum(Mutator m, long n) {
        if (n == 0) {
            return 0;
        }
        return m.getLong(n, 2) * 7 + 1 + checksum(m, m.getRef(n, 0)) * 3 + checksum(m, m.getRef(n, 1)) * 5;
    }

    @Test
    void copyingCollectionsKeepTheGraphAndDropGarbage() {
        try (Fixture f = Fixture.create(small().build()); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            assertEquals("semispace", f.heap.policyName());
            int root = s.handle(tree(m, f.node, 12, 1));
            long sum = checksum(m, m.get(root));
            int array = s.handle(m.allocateArray(f.refs, 1000));
            for (int i = 0; i < 1000; i++) {
                m.putRefElement(m.get(array), i, tree(m, f.node, 1, i));
            }
            int big = s.handle(m.allocateArray(f.longs, 20_000));
            m.putLongElement(m.get(big), 19_999, 5);
            for (int i = 0; i < 200; i++) {
                tree(m, f.node, 8, 0); // garbage: several collections
            }
            f.heap.collect(CollectionKind.FULL);
            assertEquals(sum, checksum(m, m.get(root)));
            for (int i = 0; i < 1000; i++) {
                assertEquals(checksum(m, tree(m, f.node, 1, i)), checksum(m, m.getRefElement(m.get(array), i)));
            }
            assertEquals(5, m.getLongElement(m.get(big), 19_999));
            f.heap.collect(CollectionKind.FULL);
            long live = (1L << 13) * 32 + 16 + 8000 + 3000 * 32 + 16 + 160_000;
            assertTrue(f.heap.stats().usedBytes() <= live + (64 << 10), "only live objects remain: " + f.heap.stats());
            assertTrue(f.heap.stats().fullCollections() >= 2, f.heap.stats().toString());
        }
    }

    @Test
    void exhaustionIsCleanAndTheHeapRecovers() {
        try (Fixture f = Fixture.create(small().heapLimitBytes(8L << 20).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            int keep = s.handle(tree(m, f.node, 8, 3));
            long sum = checksum(m, m.get(keep));
            int list = s.handle(m.allocateArray(f.refs, 1));
            assertThrows(HeapExhaustedException.class, () -> {
                while (true) {
                    long a = m.allocateArray(f.refs, 2);
                    m.putRefElement(a, 0, m.get(list));
                    m.set(list, a);
                }
            });
            f.heap.verify();
            assertEquals(sum, checksum(m, m.get(keep)));
            m.set(list, 0);
            for (int i = 0; i < 50; i++) {
                tree(m, f.node, 8, 0);
            }
            assertEquals(sum, checksum(m, m.get(keep)));
            assertThrows(HeapExhaustedException.class, () -> m.allocateArray(f.longs, 2_000_000));
        }
    }

    @Test
    void switchesToAndFromTheBuiltInPolicies() {
        try (Fixture f = Fixture.create(small().build()); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            List<GcEvent> events = new CopyOnWriteArrayList<>();
            f.heap.addListener(events::add);
            int root = s.handle(tree(m, f.node, 11, 1));
            long sum = checksum(m, m.get(root));
            String[] order = {"generational", "semispace", "marksweep", "semispace", "semispace", "generational"};
            for (String p : order) {
                tree(m, f.node, 7, 0);
                f.heap.switchPolicy(p);
                assertEquals(p, f.heap.policyName());
                assertEquals(sum, checksum(m, m.get(root)));
            }
            assertEquals(order.length, events.stream().filter(e -> e.kind() == CollectionKind.SWAP).count());
        }
    }

    /**
     * Semispace → marksweep retires the semispace plan: its objects stay at their addresses, the
     * mark-sweep collections mark them in place and the retired plan sweeps its bump space against
     * those marks (dead runs become gaps, their pages go back), and it is closed once all are dead.
     */
    /**
     * Random switches among the three policies with a retired plan often still holding objects, so
     * that switches retire, copy or adopt in every order: the new plan always finds room in the
     * heap's reservation (a plan used to land in ranges another plan still occupied, or find none).
     */
    @Test
    void randomSwitchesAcrossAllPoliciesAlwaysFindRoom() {
        Random rnd = new Random(11);
        try (Fixture f = Fixture.create(small().heapLimitBytes(32L << 20).verify(false).build());
                Mutator m = f.heap().attach(); HandleScope s = m.openScope()) {
            int keep = s.handle(tree(m, f.node(), 12, 1));
            long sum = checksum(m, m.get(keep));
            long mapped = f.heap().stats().mappedBytes();
            for (int i = 0; i < 400; i++) {
                switch (rnd.nextInt(3)) {
                    case 0 -> f.heap().switchPolicy(SemispacePolicyAccess.policy());
                    case 1 -> f.heap().switchPolicy("generational");
                    default -> f.heap().switchPolicy("marksweep");
                }
                if (rnd.nextInt(5) == 0) {
                    f.heap().collect(CollectionKind.FULL);
                }
                tree(m, f.node(), 6, i);
            }
            f.heap().verify();
            assertEquals(sum, checksum(m, m.get(keep)));
            assertEquals(mapped, f.heap().stats().mappedBytes());
        }
    }

    @Test
    void aRetiredSemispaceKeepsItsLiveObjectsInPlaceAndFreesTheDead() {
        try (Fixture f = Fixture.create(small().build()); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            org.korlang.gc.internal.core.ManagedHeap heap = (org.korlang.gc.internal.core.ManagedHeap) f.heap;
            assertEquals(0, heap.retiredBytes(), "switching an empty heap retires nothing");
            int[] roots = new int[6];
            long[] sums = new long[6];
            for (int i = 0; i < roots.length; i++) {
                roots[i] = s.handle(tree(m, f.node, 9, i));
                sums[i] = checksum(m, m.get(roots[i]));
                tree(m, f.node, 8, 0); // garbage between the live trees
            }
            long[] at = new long[roots.length];
            for (int i = 0; i < roots.length; i++) {
                at[i] = m.get(roots[i]) & ((1L << 48) - 1);
            }
            f.heap.switchPolicy("marksweep");
            long retired = heap.retiredBytes();
            assertTrue(retired > 0);
            for (int i = 0; i < roots.length; i += 2) {
                m.set(roots[i], 0); // half the trees die
            }
            f.heap.collect(CollectionKind.FULL);
            long live = heap.retiredBytes();
            assertTrue(live > 0 && live < retired / 2, "garbage and the dropped trees were swept: " + live + " of " + retired);
            for (int i = 1; i < roots.length; i += 2) {
                assertEquals(at[i], m.get(roots[i]) & ((1L << 48) - 1), "tree " + i + " did not move");
                assertEquals(sums[i], checksum(m, m.get(roots[i])));
                m.putRef(m.get(roots[i]), 0, tree(m, f.node, 3, 7)); // new marksweep objects under retired ones
            }
            f.heap.collect(CollectionKind.FULL);
            f.heap.verify();
            for (int i = 1; i < roots.length; i += 2) {
                m.set(roots[i], 0);
            }
            f.heap.collect(CollectionKind.FULL);
            assertEquals(0, heap.retiredBytes(), "the retired semispace closed");
            f.heap.verify();
        }
    }

    @Test
    void fourMutatorsThroughSwitchesAcrossAllPolicies() throws Exception {
        try (Fixture f = Fixture.create(small().heapLimitBytes(24L << 20).build())) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong rounds = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try (Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
                        Random rnd = new Random(id);
                        int[] roots = new int[6];
                        long[] sums = new long[6];
                        for (int i = 0; i < roots.length; i++) {
                            roots[i] = s.handle(tree(m, f.node, 6, id * 100 + i));
                            sums[i] = checksum(m, m.get(roots[i]));
                        }
                        while (!stop.get()) {
                            int i = rnd.nextInt(roots.length);
                            assertEquals(sums[i], checksum(m, m.get(roots[i])));
                            m.set(roots[i], tree(m, f.node, 3 + rnd.nextInt(5), rnd.nextInt(1000)));
                            sums[i] = checksum(m, m.get(roots[i]));
                            tree(m, f.node, 5, 0);
                            rounds.incrementAndGet();
                        }
                        for (int i = 0; i < roots.length; i++) {
                            assertEquals(sums[i], checksum(m, m.get(roots[i])));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(w);
                w.start();
            }
            String[] policies = {"generational", "marksweep", "semispace"};
            for (int i = 0; i < 30 && failure.get() == null; i++) {
                f.heap.switchPolicy(policies[i % 3]);
                long r = rounds.get();
                while (rounds.get() < r + 4 && failure.get() == null) {
                    Thread.onSpinWait();
                }
            }
            stop.set(true);
            for (Thread w : threads) {
                w.join(60_000);
            }
            if (failure.get() != null) {
                throw new AssertionError("a mutator failed", failure.get());
            }
            f.heap.verify();
        }
    }
}
