package org.korlang.gc.semispace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.gc.semispace.SemispacePolicyTest.checksum;
import static org.korlang.gc.semispace.SemispacePolicyTest.os;
import static org.korlang.gc.semispace.SemispacePolicyTest.small;
import static org.korlang.gc.semispace.SemispacePolicyTest.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.HandleScope;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.InvalidReferenceException;
import org.korlang.gc.Mutator;
import org.korlang.gc.StaleReferenceException;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.semispace.internal.SemispacePolicyAccess;
import org.korlang.gc.standalone.Heaps;

/**
 * Pinning under the semispace policy, on a real heap over the Linux port's mmap: pinned objects keep
 * their address across collections (raw references to them stay usable when the verifier's tags
 * are off) while the moving objects they reference are copied and their slots updated; unreachable
 * pinned objects are freed, their memory reused and a stale reference to one refused with a typed
 * exception; pinned bytes count against the limit; objects pinned under another policy stop moving
 * after one semispace collection; a large heap finds room for the pinned region switch after
 * switch; four mutators mix pinned and moving objects with the heap verifier running around every
 * collection.
 */
class SemispacePinningTest {

    /** Address bits of a reference (the verifier's tag lives in bits 48..63). */
    private static final long ADDRESS = (1L << 48) - 1;

    private record Fixture(Heaps.ClosableHeap heap, TypeId node, TypeId refs, TypeId anchor, TypeId blob, TypeId tiny,
            TypeId big) implements AutoCloseable {
        /** A heap on the semispace policy from the start. */
        static Fixture create(HeapConfig config) {
            return withTypes(Heaps.create(os(), config, SemispacePolicyAccess.policy()));
        }

        static Fixture withTypes(Heaps.ClosableHeap h) {
            return new Fixture(h, h.registerType(TypeLayout.fixed("Node").slots(3).references(0, 1).build()),
                    h.registerType(TypeLayout.referenceArray("Object[]")),
                    // 40 bytes: slot 0 a graph, slot 1 another anchor, slot 2 an id, slot 3 spare
                    h.registerType(TypeLayout.fixed("Anchor").slots(4).references(0, 1).build()),
                    // 808 bytes: slot 0 a graph, slot 1 an id
                    h.registerType(TypeLayout.fixed("Blob").slots(100).references(0).build()),
                    // 8 bytes: a header only
                    h.registerType(TypeLayout.fixed("Tiny").slots(0).build()),
                    // 40,008 bytes: longer than the pinned space's per-size lists
                    h.registerType(TypeLayout.fixed("Big").slots(5000).references(0).build()));
        }

        long used() {
            return heap.stats().usedBytes();
        }

        long fullCollections() {
            return heap.stats().fullCollections();
        }

        @Override
        public void close() {
            heap.close();
        }
    }

    @Test
    void pinnedObjectsKeepTheirAddressesWhileTheGraphsHangingOffThemMove() {
        // verify off: the reference tag is 0, so a raw reference kept across collections is legal
        // for an object that does not move — which is what pinning promises
        try (Fixture f = Fixture.create(small().verify(false).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            long anchor = m.allocatePinned(f.anchor);
            s.handle(anchor);
            m.putRef(anchor, 0, tree(m, f.node, 10, 1)); // the tree's allocations collect: anchor stays put
            long sum = checksum(m, m.getRef(anchor, 0));
            // a moving node that points back at the pinned anchor (a cycle through both spaces)
            long back = m.allocate(f.node);
            m.putRef(back, 0, anchor);
            m.putLong(back, 2, 77);
            m.putRef(anchor, 1, back);

            // 64 pinned anchors reachable only through a moving array, in a ring among themselves
            int array = s.handle(m.allocateArray(f.refs, 64));
            long[] addresses = new long[64];
            long[] sums = new long[64];
            for (int i = 0; i < 64; i++) {
                long p = m.allocatePinned(f.anchor);
                addresses[i] = p;
                m.putRefElement(m.get(array), i, p);
                m.putLong(p, 2, i);
                m.putRef(p, 0, tree(m, f.node, 4, i));
                sums[i] = checksum(m, m.getRef(p, 0));
            }
            for (int i = 0; i < 64; i++) {
                m.putRef(addresses[i], 1, addresses[(i + 1) % 64]);
            }
            long arrayBefore = m.get(array);
            long collections = f.fullCollections();
            for (int round = 0; round < 40; round++) {
                for (int g = 0; g < 10; g++) {
                    tree(m, f.node, 8, 0); // garbage
                }
                f.heap.collect(CollectionKind.FULL);
                assertEquals(sum, checksum(m, m.getRef(anchor, 0)));
                assertEquals(77, m.getLong(m.getRef(anchor, 1), 2));
                assertEquals(anchor, m.getRef(m.getRef(anchor, 1), 0));
                for (int i = 0; i < 64; i++) {
                    assertEquals(addresses[i], m.getRefElement(m.get(array), i));
                    assertEquals(addresses[(i + 1) % 64], m.getRef(addresses[i], 1));
                    assertEquals(i, m.getLong(addresses[i], 2));
                    assertEquals(sums[i], checksum(m, m.getRef(addresses[i], 0)));
                }
                if (round % 8 == 0) { // new graphs under pinned objects, old ones become garbage
                    int i = round % 64;
                    m.putRef(addresses[i], 0, tree(m, f.node, 5, round));
                    sums[i] = checksum(m, m.getRef(addresses[i], 0));
                }
            }
            assertNotEquals(arrayBefore, m.get(array), "the unpinned array moved");
            assertTrue(f.fullCollections() - collections >= 40, f.heap.stats().toString());
            f.heap.verify(); // the plan's walk and checks cover the pinned space
        }
    }

    @Test
    void unreachablePinnedObjectsAreFreedAndTheirMemoryReused() {
        try (Fixture f = Fixture.create(small().heapLimitBytes(8L << 20).verify(false).build());
                Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            f.heap.collect(CollectionKind.FULL);
            long empty = f.used();
            long p1 = m.allocatePinned(f.anchor);
            int h1 = s.handle(p1);
            long p2 = m.allocatePinned(f.anchor);
            int h2 = s.handle(p2);
            long p3 = m.allocatePinned(f.anchor);
            int h3 = s.handle(p3);
            m.putLong(p2, 2, 0x5EED);
            f.heap.collect(CollectionKind.FULL);
            assertEquals(empty + 3 * 40, f.used(), "three live 40-byte pinned objects");

            m.set(h2, 0);
            f.heap.collect(CollectionKind.FULL);
            assertEquals(empty + 2 * 40, f.used(), "the dropped one is freed");
            long q = m.allocatePinned(f.anchor);
            assertEquals(p2, q, "the hole is reused for an object of its size");
            assertEquals(0, m.getLong(q, 2), "reused memory is zeroed");
            m.set(h2, q);

            m.set(h1, 0);
            m.set(h2, 0);
            m.set(h3, 0);
            f.heap.collect(CollectionKind.FULL);
            assertEquals(empty, f.used(), "occupancy returns once every pinned object is dropped");
            assertEquals(p1, m.allocatePinned(f.anchor), "the space shrank back to its start");

            // churn: far more pinned bytes than the limit, a few hundred kept alive at random
            // (each with a small moving graph), of sizes from 8 bytes to 40 KB
            long limit = f.heap.config().heapLimitBytes();
            int keep = s.handle(m.allocateArray(f.refs, 256));
            long[] ids = new long[256];
            long[] sums = new long[256];
            Random rnd = new Random(42);
            long allocated = 0;
            long collections = f.fullCollections();
            for (long id = 1; allocated < 20 * limit; id++) {
                int pick = rnd.nextInt(100);
                if (pick < 30) {
                    m.allocatePinned(f.tiny);
                    allocated += 8;
                } else if (pick < 33) {
                    m.allocatePinned(f.big);
                    allocated += 40_008;
                } else if (pick < 70) {
                    long b = m.allocatePinned(f.blob);
                    m.putLong(b, 1, id);
                    allocated += 808;
                } else {
                    int slot = rnd.nextInt(256);
                    try (HandleScope r = m.openScope()) {
                        int graph = r.handle(tree(m, f.node, 2, id));
                        long a = m.allocatePinned(f.anchor);
                        m.putLong(a, 2, id);
                        m.putRef(a, 0, m.get(graph));
                        m.putRefElement(m.get(keep), slot, a);
                        ids[slot] = id;
                        sums[slot] = checksum(m, m.getRef(a, 0));
                    }
                    allocated += 40;
                }
            }
            assertTrue(f.fullCollections() - collections >= 10, "collections reclaimed pinned memory: " + f.heap.stats());
            f.heap.collect(CollectionKind.FULL);
            f.heap.verify();
            for (int i = 0; i < 256; i++) {
                long a = m.getRefElement(m.get(keep), i);
                if (ids[i] != 0) {
                    assertEquals(ids[i], m.getLong(a, 2));
                    assertEquals(sums[i], checksum(m, m.getRef(a, 0)));
                }
            }
            m.set(keep, 0);
            f.heap.collect(CollectionKind.FULL);
            assertEquals(empty, f.used(), "every pinned byte is free again");
        }
    }

    @Test
    void aStaleReferenceToAFreedPinnedObjectIsRefused() {
        try (Fixture f = Fixture.create(small().verify(false).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            long p1 = m.allocatePinned(f.anchor);
            long p2 = m.allocatePinned(f.anchor);
            long p3 = m.allocatePinned(f.anchor);
            int h3 = s.handle(p3);
            m.putLong(p1, 2, 1);
            m.putLong(p2, 2, 2);
            m.putLong(p3, 2, 3);
            f.heap.collect(CollectionKind.FULL); // p1 and p2 die: one free run, p2 inside it
            assertThrows(InvalidReferenceException.class, () -> m.getLong(p1, 2));
            assertThrows(InvalidReferenceException.class, () -> m.getLong(p2, 2));
            assertThrows(InvalidReferenceException.class, () -> m.getRef(p2, 0));
            assertThrows(InvalidReferenceException.class, () -> m.putRef(p3, 0, p1));
            assertThrows(InvalidReferenceException.class, () -> m.handle(p2));
            assertEquals(3, m.getLong(m.get(h3), 2));
            assertEquals(0, m.getRef(p3, 0));
            f.heap.verify(); // the refused accesses changed nothing
        }
        try (Fixture f = Fixture.create(small().build()); Mutator m = f.heap.attach()) {
            long p = m.allocatePinned(f.anchor);
            f.heap.collect(CollectionKind.FULL);
            // with the verifier on, the reference's tag already tells it was kept across a collection
            assertThrows(StaleReferenceException.class, () -> m.getLong(p, 2));
        }
    }

    @Test
    void pinnedBytesCountAgainstTheLimit() {
        try (Fixture f = Fixture.create(small().heapLimitBytes(8L << 20).verify(false).build());
                Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            long limit = f.heap.config().heapLimitBytes();
            f.heap.collect(CollectionKind.FULL);
            long empty = f.used();
            int head = s.handle(0);
            HeapExhaustedException full = assertThrows(HeapExhaustedException.class, () -> {
                while (true) {
                    long b = m.allocatePinned(f.blob);
                    m.putRef(b, 0, m.get(head));
                    m.set(head, b);
                }
            });
            assertTrue(full.usedBytes() > limit - 808 && full.usedBytes() <= limit, full.getMessage());
            assertTrue(f.used() > limit - 808, "the pinned chain is counted in the usage: " + f.heap.stats());
            assertThrows(HeapExhaustedException.class, () -> tree(m, f.node, 10, 0), "no room left for moving objects");
            long chain = 0;
            for (long b = m.get(head); b != 0; b = m.getRef(b, 0)) {
                chain++;
            }
            assertEquals((f.used() - empty) / 808, chain);

            m.set(head, 0);
            f.heap.collect(CollectionKind.FULL);
            assertEquals(empty, f.used());
            int t = s.handle(tree(m, f.node, 15, 1)); // 2 MiB of moving objects fit again
            assertEquals(checksum(m, tree(m, f.node, 15, 1)), checksum(m, m.get(t)));
            f.heap.verify();
        }
    }

    @Test
    void objectsPinnedUnderAnotherPolicyStopMovingAfterOneSemispaceCollection() {
        HeapConfig config = small().build(); // verify on: every switch and collection is checked
        try (Fixture f = Fixture.withTypes(Heaps.create(os(), config)); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            assertEquals("generational", f.heap.policyName());
            int[] anchors = new int[8];
            long[] sums = new long[8];
            for (int i = 0; i < anchors.length; i++) {
                int graph = s.handle(tree(m, f.node, 6, i));
                anchors[i] = s.handle(m.allocatePinned(f.anchor));
                m.putRef(m.get(anchors[i]), 0, m.get(graph));
                sums[i] = checksum(m, m.get(graph));
            }
            f.heap.switchPolicy(SemispacePolicyAccess.policy()); // the switch itself copies them
            f.heap.collect(CollectionKind.FULL); // ... and the first collection into the pinned space
            long[] addresses = new long[anchors.length];
            for (int i = 0; i < anchors.length; i++) {
                addresses[i] = m.get(anchors[i]) & ADDRESS;
            }
            for (int round = 0; round < 10; round++) {
                tree(m, f.node, 9, 0);
                f.heap.collect(CollectionKind.FULL);
                for (int i = 0; i < anchors.length; i++) {
                    assertEquals(addresses[i], m.get(anchors[i]) & ADDRESS, "anchor " + i + " in round " + round);
                    assertEquals(sums[i], checksum(m, m.getRef(m.get(anchors[i]), 0)));
                }
            }
            // back and forth: every semispace plan's regions, the pinned one included, are returned
            // (the heap's reservation holds only a few plans' worth)
            String[] order = {"marksweep", "semispace", "generational", "semispace", "semispace", "marksweep",
                "semispace", "semispace", "generational", "semispace"};
            for (String p : order) {
                int extra = s.handle(m.allocatePinned(f.anchor));
                long graph = tree(m, f.node, 3, 9);
                m.putRef(m.get(extra), 0, graph);
                f.heap.switchPolicy(p);
                f.heap.collect(CollectionKind.FULL);
                for (int i = 0; i < anchors.length; i++) {
                    assertEquals(sums[i], checksum(m, m.getRef(m.get(anchors[i]), 0)), p);
                }
                assertEquals(checksum(m, tree(m, f.node, 3, 9)), checksum(m, m.getRef(m.get(extra), 0)));
            }
        }
    }

    /**
     * A switch into semispace retires the generational plan: nothing is copied during the pause; the
     * first semispace collection moves every reachable unpinned object out of the retired plan and
     * leaves the pinned ones where they are (marked, scanned in place); the retired plan then holds
     * only them, and is closed once they die.
     */
    @Test
    void aSwitchIntoSemispaceRetiresTheOldPlanAndPinnedObjectsNeverMove() {
        HeapConfig config = small().build(); // verify on
        try (Fixture f = Fixture.withTypes(Heaps.create(os(), config)); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            org.korlang.gc.internal.core.ManagedHeap heap = (org.korlang.gc.internal.core.ManagedHeap) f.heap;
            f.heap.collect(CollectionKind.FULL);
            int[] anchors = new int[8];
            int[] graphs = new int[8];
            long[] sums = new long[8];
            for (int i = 0; i < anchors.length; i++) {
                graphs[i] = s.handle(tree(m, f.node, 7, i));
                anchors[i] = s.handle(m.allocatePinned(f.anchor));
                m.putRef(m.get(anchors[i]), 0, m.get(graphs[i]));
                sums[i] = checksum(m, m.get(graphs[i]));
            }
            long[] pinnedAt = new long[anchors.length];
            for (int i = 0; i < anchors.length; i++) {
                pinnedAt[i] = m.get(anchors[i]) & ADDRESS;
            }
            f.heap.switchPolicy(SemispacePolicyAccess.policy());
            assertTrue(heap.retiredBytes() > 8 * 255 * 32, "the generational plan retired with the objects: "
                    + heap.retiredBytes());
            long graphAt = m.get(graphs[0]) & ADDRESS;
            f.heap.collect(CollectionKind.FULL);
            assertTrue((m.get(graphs[0]) & ADDRESS) != graphAt, "the first collection moved the graph into semispace");
            assertEquals(8L * 40, heap.retiredBytes(), "only the pinned anchors are left in the retired plan");
            for (int round = 0; round < 5; round++) {
                tree(m, f.node, 8, 0);
                f.heap.collect(CollectionKind.FULL);
                for (int i = 0; i < anchors.length; i++) {
                    assertEquals(pinnedAt[i], m.get(anchors[i]) & ADDRESS, "anchor " + i + " never moved");
                    assertEquals(sums[i], checksum(m, m.getRef(m.get(anchors[i]), 0)));
                    assertEquals(sums[i], checksum(m, m.get(graphs[i])));
                }
            }
            for (int a : anchors) {
                m.set(a, 0);
            }
            f.heap.collect(CollectionKind.FULL);
            assertEquals(0, heap.retiredBytes(), "the retired plan closed once its pinned objects died");
            for (int i = 0; i < graphs.length; i++) {
                assertEquals(sums[i], checksum(m, m.get(graphs[i])));
            }
        }
    }

    @Test
    void aLargeHeapFindsRoomForThePinnedRegionThroughSwitches() {
        // with a large limit the plan's three limit-sized regions exceed the window the heap gives
        // each plan; the pinned region must still be found (and returned) switch after switch,
        // semispace to semispace included (virtual memory only: nothing large is touched)
        try (Fixture f = Fixture.create(small().heapLimitBytes(1L << 30).verify(false).build());
                Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            int graph = s.handle(tree(m, f.node, 8, 5));
            long sum = checksum(m, m.get(graph));
            String[] order = {"semispace", "generational", "semispace", "semispace", "marksweep", "semispace",
                "semispace", "semispace"};
            for (String p : order) {
                f.heap.switchPolicy(p);
                long pinned = m.allocatePinned(f.anchor);
                m.putRef(pinned, 0, m.get(graph));
                m.set(graph, pinned);
                f.heap.collect(CollectionKind.FULL);
                assertEquals(pinned, m.get(graph), p);
                assertEquals(sum, checksum(m, m.getRef(m.get(graph), 0)), p);
                m.set(graph, m.getRef(m.get(graph), 0));
            }
            f.heap.verify();
        }
    }

    @Test
    void fourMutatorsMixPinnedAndMovingObjectsUnderTheVerifier() throws Exception {
        try (Fixture f = Fixture.create(small().heapLimitBytes(8L << 20).build())) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    try (Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
                        Random rnd = new Random(id);
                        int[] anchors = new int[5];
                        long[] addresses = new long[anchors.length];
                        long[] sums = new long[anchors.length];
                        for (int i = 0; i < anchors.length; i++) {
                            int graph = s.handle(tree(m, f.node, 5, id * 100 + i));
                            long a = m.allocatePinned(f.anchor);
                            m.putRef(a, 0, m.get(graph));
                            anchors[i] = s.handle(a);
                            addresses[i] = a & ADDRESS;
                            sums[i] = checksum(m, m.get(graph));
                        }
                        int moving = s.handle(tree(m, f.node, 6, id));
                        long movingSum = checksum(m, m.get(moving));
                        for (int round = 0; round < 2000; round++) {
                            int i = rnd.nextInt(anchors.length);
                            try (HandleScope r = m.openScope()) {
                                assertEquals(addresses[i], m.get(anchors[i]) & ADDRESS, "a pinned object moved");
                                assertEquals(sums[i], checksum(m, m.getRef(m.get(anchors[i]), 0)));
                                switch (rnd.nextInt(4)) {
                                    case 0 -> { // a new graph under a pinned object
                                        long g = tree(m, f.node, 2 + rnd.nextInt(5), rnd.nextInt(1000));
                                        m.putRef(m.get(anchors[i]), 0, g);
                                        sums[i] = checksum(m, g);
                                    }
                                    case 1 -> { // a new pinned object replaces an old one
                                        int g = r.handle(tree(m, f.node, 4, rnd.nextInt(1000)));
                                        long a = m.allocatePinned(rnd.nextBoolean() ? f.anchor : f.blob);
                                        m.putRef(a, 0, m.get(g));
                                        m.set(anchors[i], a);
                                        addresses[i] = a & ADDRESS;
                                        sums[i] = checksum(m, m.get(g));
                                    }
                                    case 2 -> { // pinned garbage with graphs
                                        for (int k = 0; k < 8; k++) {
                                            int g = r.handle(tree(m, f.node, 3, k));
                                            long a = m.allocatePinned(k % 3 == 0 ? f.blob : f.anchor);
                                            m.putRef(a, 0, m.get(g));
                                        }
                                        m.allocatePinned(f.tiny);
                                    }
                                    default -> tree(m, f.node, 7, 0); // moving garbage
                                }
                                tree(m, f.node, 5, 0);
                                assertEquals(movingSum, checksum(m, m.get(moving)));
                            }
                        }
                        for (int i = 0; i < anchors.length; i++) {
                            assertEquals(addresses[i], m.get(anchors[i]) & ADDRESS);
                            assertEquals(sums[i], checksum(m, m.getRef(m.get(anchors[i]), 0)));
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                });
                threads.add(w);
                w.start();
            }
            for (Thread w : threads) {
                w.join(120_000);
            }
            if (failure.get() != null) {
                throw new AssertionError("a mutator failed", failure.get());
            }
            assertTrue(f.fullCollections() >= 10, "collections ran while pinned objects were live: " + f.heap.stats());
            f.heap.verify();
        }
    }
}
