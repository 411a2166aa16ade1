package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.spi.CollectionOutcome;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapChecker;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.MutatorView;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.SpaceUsage;
import org.korlang.gc.standalone.Heaps;

/**
 * Live policy switches: every object reachable from handles survives with the same contents (trees,
 * reference arrays, primitive and large arrays, pinned objects), garbage is left behind, the old
 * policy's memory goes back, a SWAP event reports the pause, a failed switch leaves the heap as it
 * was, and mutator threads that keep allocating and mutating (some blocked in allocation) go on
 * unharmed through many switches. The verifier runs before and after every switch.
 */
class PolicySwitchTest {

    static final String[] POLICIES = {"generational", "marksweep"};

    /**
     * A policy that never adopts: a switch to it retires the old plan (or copies, while an earlier
     * switch's retired plan still holds objects) — the ways to and from any policy that does not
     * share the built-in ones' spaces, e.g. semispace.
     */
    static GcPolicy nonAdopting(String name) {
        return TestPolicies.nonAdopting(name, name, OptionalLong.empty());
    }

    /** Addresses without the verifier's reference tag (bits 48..63). */
    private static long address(long ref) {
        return ref & ((1L << 48) - 1);
    }

    /**
     * in-place: generational ⇄ marksweep adopt each other's spaces; retire: the old plan keeps its
     * objects and the new one starts empty; copy: a second switch while the first one's retired plan
     * still holds every object, so everything is copied into the new plan.
     */
    @ParameterizedTest
    @CsvSource({"generational,marksweep,in-place,true", "marksweep,generational,in-place,true",
        "generational,generational,in-place,true", "marksweep,marksweep,in-place,true",
        "generational,marksweep,in-place,false", "marksweep,generational,in-place,false",
        "generational,marksweep,retire,true", "marksweep,generational,retire,true", "generational,generational,retire,false",
        "marksweep,marksweep,retire,false",
        "generational,marksweep,copy,true", "marksweep,generational,copy,true", "generational,generational,copy,false",
        "marksweep,marksweep,copy,false"})
    void everyKindOfObjectSurvivesASwitch(String from, String to, String how, boolean verify) {
        boolean inPlace = how.equals("in-place");
        boolean retire = how.equals("retire");
        try (HeapFixture f = new HeapFixture(HeapFixture.small().policy(from).verify(verify).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            int tree = s.handle(HeapFixture.tree(m, f.node, 10, new long[] {3}));
            long treeSum = HeapFixture.checksum(m, m.get(tree));
            int array = s.handle(m.allocateArray(f.refs, 300));
            for (int i = 0; i < 300; i++) {
                long leaf = HeapFixture.tree(m, f.node, 2, new long[] {i});
                m.putRefElement(m.get(array), i, leaf);
            }
            int big = s.handle(m.allocateArray(f.longs, 5000)); // 40 KB: a large object
            for (int i = 0; i < 5000; i++) {
                m.putLongElement(m.get(big), i, i * 31L);
            }
            int text = s.handle(m.allocateArray(f.bytes, 77));
            m.putByteElement(m.get(text), 76, (byte) 42);
            int pinned = s.handle(m.allocatePinned(f.pair));
            m.putLong(m.get(pinned), 0, 99);
            m.putRef(m.get(pinned), 1, m.get(tree));
            for (int i = 0; i < 20; i++) {
                HeapFixture.tree(m, f.node, 8, new long[] {0}); // garbage
            }
            if (how.equals("copy")) {
                f.heap.switchPolicy(nonAdopting(from)); // retires the plan holding every object
                assertTrue(((ManagedHeap) f.heap).retiredBytes() > 0);
            }
            List<GcEvent> events = new CopyOnWriteArrayList<>();
            f.heap.addListener(events::add);
            long returnedBefore = f.os.bytesDecommitted.get();
            long mappedBefore = f.heap.stats().mappedBytes();
            long[] addresses = {address(m.get(tree)), address(m.get(array)), address(m.get(big)), address(m.get(text)),
                address(m.get(pinned))};

            if (inPlace) {
                f.heap.switchPolicy(to);
            } else {
                f.heap.switchPolicy(nonAdopting(to));
            }
            assertEquals(retire, ((ManagedHeap) f.heap).retiredBytes() > 0, "a retired plan holds the objects");

            assertEquals(to, f.heap.policyName());
            long liveAtLeast = 2047 * 32 + 300 * 7 * 32 + 40_000;
            assertTrue(f.heap.stats().usedBytes() >= liveAtLeast, "occupancy counts the carried objects: " + f.heap.stats());
            assertEquals(treeSum, HeapFixture.checksum(m, m.get(tree)));
            for (int i = 0; i < 300; i++) {
                long leaf = m.getRefElement(m.get(array), i);
                assertEquals(HeapFixture.checksum(m, HeapFixture.tree(m, f.node, 2, new long[] {i})),
                        HeapFixture.checksum(m, m.getRefElement(m.get(array), i)), "element " + i);
                assertTrue(leaf != 0);
            }
            for (int i = 0; i < 5000; i++) {
                assertEquals(i * 31L, m.getLongElement(m.get(big), i));
            }
            assertEquals(42, m.getByteElement(m.get(text), 76));
            assertEquals(99, m.getLong(m.get(pinned), 0));
            assertEquals(treeSum, HeapFixture.checksum(m, m.getRef(m.get(pinned), 1)), "shared subgraph stays shared");
            assertEquals(m.get(tree), m.getRef(m.get(pinned), 1), "one copy of a shared object");
            GcEvent swap = events.stream().filter(e -> e.kind() == CollectionKind.SWAP).findFirst().orElseThrow();
            assertEquals(to, swap.policy());
            assertEquals(GcCause.POLICY_SWITCH, swap.cause());
            assertTrue(swap.pauseNanos() > 0);
            long[] now = {address(m.get(tree)), address(m.get(array)), address(m.get(big)), address(m.get(text)),
                address(m.get(pinned))};
            if (inPlace || retire) {
                // the new plan adopted the spaces, or the old plan keeps its objects: nothing moved
                // (young objects of a generational heap were promoted first, the tree's nodes among
                // them, so only the old objects and the pinned one are checked), and the pinned
                // object never moves
                assertEquals(addresses[2], now[2], "the large array keeps its address");
                assertEquals(addresses[4], now[4], "the pinned object keeps its address");
                if (from.equals("marksweep")) {
                    assertEquals(java.util.Arrays.toString(addresses), java.util.Arrays.toString(now), "no object moved");
                }
                assertTrue(f.heap.stats().mappedBytes() <= mappedBefore, "no memory reserved twice");
                // garbage was not traced by the switch: the next collection of the new plan frees it
                // (in the retired plan too: it sweeps against the new plan's marks)
                long before = f.heap.stats().usedBytes();
                f.heap.collect(CollectionKind.FULL);
                assertTrue(f.heap.stats().usedBytes() < before, "the adopted garbage is collected: " + f.heap.stats());
            } else {
                // garbage is not carried over (a generational plan's retiring promotion already dropped its
                // young garbage, so there the retired plan held live objects only)
                assertTrue(from.equals("generational") ? swap.bytesAfter() <= swap.bytesBefore()
                        : swap.bytesAfter() < swap.bytesBefore(), "garbage is not carried over: " + swap);
                assertTrue(now[2] != addresses[2], "the large array was copied into the new plan");
                // the old plan's memory went back to the OS (every region of the old plan, at least the heap limit)
                assertTrue(f.os.bytesDecommitted.get() - returnedBefore >= 16L << 20,
                        (f.os.bytesDecommitted.get() - returnedBefore) + " bytes returned to the OS by the switch");
            }
            f.heap.verify();
            // and the heap works on: allocation and collections under the new policy
            for (int i = 0; i < 50; i++) {
                HeapFixture.tree(m, f.node, 8, new long[] {0});
            }
            f.heap.collect(CollectionKind.FULL);
            assertEquals(treeSum, HeapFixture.checksum(m, m.get(tree)));
        }
    }

    /**
     * A retired plan keeps its live objects through the new plan's collections (swept against its
     * marks, nothing moves) and is closed — its regions back to the OS — once they are all dead.
     */
    @ParameterizedTest
    @CsvSource({"generational,marksweep", "marksweep,generational", "generational,generational"})
    void aRetiredPlanLivesUntilItsObjectsDie(String from, String to) {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().policy(from).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            ManagedHeap heap = (ManagedHeap) f.heap;
            int keep = s.handle(HeapFixture.tree(m, f.node, 9, new long[] {5}));
            int drop = s.handle(HeapFixture.tree(m, f.node, 9, new long[] {6}));
            long sum = HeapFixture.checksum(m, m.get(keep));
            f.heap.switchPolicy(nonAdopting(to));
            long kept = address(m.get(keep));
            long retired = heap.retiredBytes();
            assertTrue(retired > 2 * 1023 * 24, "both trees are in the retired plan: " + retired);
            m.set(drop, 0);
            // the new plan allocates and collects; stores into retired objects go through the barrier
            for (int i = 0; i < 30; i++) {
                HeapFixture.tree(m, f.node, 8, new long[] {0});
                m.putRef(m.get(keep), 0, HeapFixture.tree(m, f.node, 2, new long[] {i}));
                f.heap.collect(i % 3 == 2 ? CollectionKind.FULL : CollectionKind.YOUNG);
            }
            assertEquals(kept, address(m.get(keep)), "retired objects do not move");
            assertTrue(heap.retiredBytes() < retired, "the dead tree was swept: " + heap.retiredBytes() + " < " + retired);
            assertTrue(heap.retiredBytes() > 0, "the live tree keeps its retired plan");
            f.heap.verify();
            long sumNow = HeapFixture.checksum(m, m.get(keep));
            assertTrue(sumNow != 0);
            long returned = f.os.bytesDecommitted.get();
            m.set(keep, 0);
            f.heap.collect(CollectionKind.FULL);
            assertEquals(0, heap.retiredBytes(), "no retired plan left");
            assertTrue(f.os.bytesDecommitted.get() - returned >= 16L << 20, "the retired plan's regions went back");
            f.heap.verify();
            assertTrue(sum != 0);
        }
    }

    @Test
    void manySwitchesKeepTheFootprintAndTheGraph() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            int tree = s.handle(HeapFixture.tree(m, f.node, 12, new long[] {1}));
            long sum = HeapFixture.checksum(m, m.get(tree));
            f.heap.switchPolicy("marksweep");
            long mapped = f.heap.stats().mappedBytes();
            long used = f.heap.stats().usedBytes();
            for (int i = 0; i < 40; i++) {
                f.heap.switchPolicy(POLICIES[i % 2]);
                HeapFixture.tree(m, f.node, 6, new long[] {0});
            }
            f.heap.switchPolicy("marksweep");
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            assertTrue(f.heap.stats().mappedBytes() <= mapped + (2 << 20), "no memory leaks across switches");
            assertTrue(f.heap.stats().usedBytes() <= used + (1 << 20), "occupancy is the live set: " + f.heap.stats());
        }
    }

    /**
     * Retiring and copying switches in every order, with a retired plan often still holding objects
     * when the next switch comes: each new plan needs a window of the reservation that no live plan
     * occupies, every time (a full reservation used to fail such a switch).
     */
    @Test
    void retiringAndCopyingSwitchesAlwaysFindRoomForTheNewPlan() {
        GcPolicy[] policies = {nonAdopting("generational"), nonAdopting("marksweep"), Heaps.builtInPolicies().get(0),
            Heaps.builtInPolicies().get(1)};
        java.util.Random rnd = new java.util.Random(3);
        try (HeapFixture f = new HeapFixture(HeapFixture.small().heapLimitBytes(48L << 20).verify(false).build());
                Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            int tree = s.handle(HeapFixture.tree(m, f.node, 11, new long[] {1}));
            long sum = HeapFixture.checksum(m, m.get(tree));
            long mapped = f.heap.stats().mappedBytes();
            for (int i = 0; i < 300; i++) {
                ((Heaps.ClosableHeap) f.heap).switchPolicy(policies[rnd.nextInt(policies.length)]);
                if (rnd.nextInt(4) == 0) {
                    f.heap.collect(CollectionKind.FULL); // lets a retired plan empty out, sometimes
                }
                HeapFixture.tree(m, f.node, 5, new long[] {0});
            }
            f.heap.verify();
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            assertEquals(mapped, f.heap.stats().mappedBytes(), "one reservation for the heap's life");
        }
    }

    @Test
    void unknownPolicyIsRefused() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.heap.switchPolicy("nope"));
            assertTrue(e.getMessage().contains("marksweep"), e.getMessage());
            assertEquals("generational", f.heap.policyName());
        }
    }

    /** A policy whose migration runs out of memory after 500 objects: the heap must stay exactly as it was. */
    @Test
    void aFailedSwitchLeavesTheHeapOnTheOldPolicy() {
        GcPolicy inner = Heaps.builtInPolicies().get(1);
        GcPolicy failing = new GcPolicy() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public GcPlan createPlan(HeapContext context) {
                return new FailingPlan(inner.createPlan(context), 500);
            }
        };
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            // a retired plan holding objects: the next switch must copy (that is the path under test)
            int seed = s.handle(HeapFixture.tree(m, f.node, 6, new long[] {3}));
            long seedSum = HeapFixture.checksum(m, m.get(seed));
            f.heap.switchPolicy(nonAdopting("generational"));
            ManagedHeap heap = (ManagedHeap) f.heap;
            long retiredBefore = heap.retiredBytes();
            assertTrue(retiredBefore > 0, "the first switch retired the old plan");
            int tree = s.handle(HeapFixture.tree(m, f.node, 11, new long[] {7}));
            int other = s.handle(HeapFixture.tree(m, f.node, 5, new long[] {9}));
            for (int i = 0; i <= ObjectHeader.MAX_AGE; i++) {
                f.heap.collect(CollectionKind.YOUNG); // both trees reach the tenuring age: old now
            }
            // old -> young stores: the remembered set holds old nodes whose only young referents are these
            // (the root nodes and their right children: copied first by the migration that fails)
            for (int root : new int[] {tree, other}) {
                long n = m.get(root);
                for (int i = 0; i < 3; i++) {
                    m.putRef(n, 0, HeapFixture.tree(m, f.node, 3, new long[] {40 + i}));
                    n = m.getRef(n, 1);
                }
            }
            long sum = HeapFixture.checksum(m, m.get(tree));
            long sum2 = HeapFixture.checksum(m, m.get(other));
            assertThrows(HeapExhaustedException.class, () -> f.heap.switchPolicy(failing));
            assertEquals("generational", f.heap.policyName());
            assertEquals(retiredBefore, heap.retiredBytes(), "the retired plan is still there");
            assertEquals(seedSum, HeapFixture.checksum(m, m.get(seed)));
            f.heap.verify();
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            assertEquals(sum2, HeapFixture.checksum(m, m.get(other)));
            // a minor collection must still find the young subtrees through the restored remembered entries
            f.heap.collect(CollectionKind.YOUNG);
            f.heap.verify();
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            f.heap.collect(CollectionKind.FULL);
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            f.heap.switchPolicy("marksweep");
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
        }
    }

    /**
     * Four mutators keep building, mutating and checking checksummed trees in a small heap (so they
     * often wait inside allocation for a collection) while the main thread switches the policy.
     */
    @Test
    void concurrentMutatorsSurviveSwitches() throws Exception {
        HeapConfig config = HeapFixture.small().heapLimitBytes(24L << 20).verify(true).build();
        try (HeapFixture f = new HeapFixture(config)) {
            int threads = 4;
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong rounds = new AtomicLong();
            CountDownLatch started = new CountDownLatch(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try (Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
                        java.util.Random rnd = new java.util.Random(id);
                        int[] roots = new int[8];
                        long[] sums = new long[8];
                        for (int i = 0; i < roots.length; i++) {
                            roots[i] = s.handle(HeapFixture.tree(m, f.node, 6, new long[] {id * 1000L + i}));
                            sums[i] = HeapFixture.checksum(m, m.get(roots[i]));
                        }
                        started.countDown();
                        while (!stop.get()) {
                            int i = rnd.nextInt(roots.length);
                            assertEquals(sums[i], HeapFixture.checksum(m, m.get(roots[i])), "tree " + i + " of " + id);
                            if (rnd.nextBoolean()) { // replace a tree
                                long v = rnd.nextInt(1_000_000);
                                m.set(roots[i], HeapFixture.tree(m, f.node, 3 + rnd.nextInt(5), new long[] {v}));
                                sums[i] = HeapFixture.checksum(m, m.get(roots[i]));
                            } else { // graft one tree under another's leftmost leaf (the graph keeps changing)
                                int j = rnd.nextInt(roots.length);
                                long n = m.get(roots[i]);
                                while (m.getRef(n, 0) != 0) {
                                    n = m.getRef(n, 0);
                                }
                                if (j != i) {
                                    long copy = HeapFixture.tree(m, f.node, 2, new long[] {j});
                                    n = m.get(roots[i]);
                                    while (m.getRef(n, 0) != 0) {
                                        n = m.getRef(n, 0);
                                    }
                                    m.putRef(n, 0, copy);
                                    sums[i] = HeapFixture.checksum(m, m.get(roots[i]));
                                }
                            }
                            HeapFixture.tree(m, f.node, 5, new long[] {0}); // garbage
                            rounds.incrementAndGet();
                        }
                        for (int i = 0; i < roots.length; i++) {
                            assertEquals(sums[i], HeapFixture.checksum(m, m.get(roots[i])));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        started.countDown();
                    }
                }, "mutator-" + t);
                workers.add(w);
                w.start();
            }
            started.await();
            List<GcEvent> swaps = new CopyOnWriteArrayList<>();
            f.heap.addListener(e -> {
                if (e.kind() == CollectionKind.SWAP) {
                    swaps.add(e);
                }
            });
            for (int i = 0; i < 100 && failure.get() == null; i++) {
                String next = POLICIES[(i + 1) % 2];
                if (i % 3 == 2) {
                    f.heap.switchPolicy(nonAdopting(next)); // every third switch retires the plan (or copies)
                } else {
                    f.heap.switchPolicy(next); // in place
                }
                long r = rounds.get();
                while (rounds.get() < r + 4 && failure.get() == null) {
                    Thread.onSpinWait();
                }
            }
            stop.set(true);
            for (Thread w : workers) {
                w.join(60_000);
            }
            if (failure.get() != null) {
                throw new AssertionError("a mutator failed", failure.get());
            }
            assertEquals(100, swaps.size());
            assertTrue(f.heap.stats().fullCollections() + f.heap.stats().minorCollections() > 0,
                    "the mutators also collected (blocked in allocation, resumed): " + f.heap.stats());
            f.heap.verify();
        }
    }

    /** Delegates to a real plan but fails migration after {@code budget} objects. */
    private static final class FailingPlan implements GcPlan {
        private final GcPlan inner;
        private int budget;

        FailingPlan(GcPlan inner, int budget) {
            this.inner = inner;
            this.budget = budget;
        }

        @Override
        public long allocateForMigration(long bytes) {
            if (--budget < 0) {
                throw new HeapExhaustedException(bytes, 0, 0);
            }
            return inner.allocateForMigration(bytes);
        }

        @Override
        public String policyName() {
            return "failing";
        }

        @Override
        public long barrierLow() {
            return inner.barrierLow();
        }

        @Override
        public long barrierHigh() {
            return inner.barrierHigh();
        }

        @Override
        public void refillBuffer(MutatorView mutator, long minBytes) {
            inner.refillBuffer(mutator, minBytes);
        }

        @Override
        public long allocateOutsideBuffer(MutatorView mutator, long bytes, boolean pinned) {
            return inner.allocateOutsideBuffer(mutator, bytes, pinned);
        }

        @Override
        public void retireBuffer(MutatorView mutator) {
            inner.retireBuffer(mutator);
        }

        @Override
        public CollectionOutcome collect(CollectionKind kind, GcCause cause) {
            return inner.collect(kind, cause);
        }

        @Override
        public void forEachObject(LongConsumer visitor) {
            inner.forEachObject(visitor);
        }

        @Override
        public void verify(HeapChecker checker) {
            inner.verify(checker);
        }

        @Override
        public SpaceUsage usage() {
            return inner.usage();
        }

        @Override
        public long bytesPromoted() {
            return inner.bytesPromoted();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
