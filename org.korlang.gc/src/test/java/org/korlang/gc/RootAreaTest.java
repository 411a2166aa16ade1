package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.internal.marksweep.MarkSweepPolicy;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.RawMutator;
import org.korlang.gc.vmaccess.VmAccess;

/**
 * Root areas (1.2): the first live-count reference words are roots at every collection, minor ones
 * included, with no write barrier; words above the live count are not; the area itself survives and,
 * when a copying switch moves it, its address and its roots follow.
 */
class RootAreaTest {

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep"})
    void liveWordsAreRootsAtEveryCollectionWithoutBarrier(String policy) {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().policy(policy).build()); Mutator m = f.heap.attach()) {
            RootArea area = m.newRootArea(8, 4);
            // promote the area's neighbourhood: the area is pinned (old), stores into it are young refs
            f.heap.collect(CollectionKind.FULL);
            long[] sums = new long[4];
            for (int i = 0; i < 4; i++) {
                long t = HeapFixture.tree(m, f.node, 6, new long[] {i * 1000});
                sums[i] = HeapFixture.checksum(m, t);
                m.setRoot(area, i, t);
            }
            m.liveRoots(area, 4);
            m.setData(area, 3, 0xDEADBEEFL);
            for (int round = 0; round < 6; round++) {
                f.heap.collect(round % 3 == 2 ? CollectionKind.FULL : CollectionKind.YOUNG);
                for (int i = 0; i < 4; i++) {
                    assertEquals(sums[i], HeapFixture.checksum(m, m.getRoot(area, i)), "root " + i + " round " + round);
                }
            }
            assertEquals(0xDEADBEEFL, m.getData(area, 3));
            assertEquals(4, m.liveRoots(area));
        }
    }

    @Test
    void wordsAboveTheLiveCountAreNotRoots() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build()); Mutator m = f.heap.attach()) {
            RootArea area = m.newRootArea(4, 0);
            f.heap.collect(CollectionKind.FULL);
            long base = f.heap.stats().usedBytes();
            m.setRoot(area, 0, HeapFixture.tree(m, f.node, 12, new long[] {1}));
            m.liveRoots(area, 1);
            f.heap.collect(CollectionKind.FULL);
            long held = f.heap.stats().usedBytes();
            assertTrue(held > base + 8191 * 32, "the tree is live while counted: " + held);
            m.liveRoots(area, 0);
            f.heap.collect(CollectionKind.FULL);
            assertTrue(f.heap.stats().usedBytes() < base + 4096, "dropped once above the live count");
        }
    }

    @Test
    void aCopyingSwitchMovesTheAreaAndItsRoots() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            RootArea area = m.newRootArea(2, 1);
            long t = HeapFixture.tree(m, f.node, 5, new long[] {7});
            long sum = HeapFixture.checksum(m, t);
            m.setRoot(area, 1, t);
            m.liveRoots(area, 2);
            m.setData(area, 0, 42);
            long before = VmAccess.address(area);
            ((ManagedHeap) f.heap).switchPolicyCopying(new MarkSweepPolicy());
            assertNotEquals(before, VmAccess.address(area), "a copying switch moves even pinned objects");
            assertEquals(sum, HeapFixture.checksum(m, m.getRoot(area, 1)));
            assertEquals(42, m.getData(area, 0));
            assertEquals(0, m.getRoot(area, 0));
        }
    }

    @Test
    void rawAccessAndBarrier() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            RawMutator raw = VmAccess.raw(m);
            RootArea area = m.newRootArea(2, 0);
            long holder = raw.allocateRaw(f.pair);
            Raw.putLong(VmAccess.address(area) + VmAccess.AREA_ROOTS, holder);
            Raw.putLong(VmAccess.address(area) + VmAccess.AREA_LIVE, 1);
            f.heap.collect(CollectionKind.FULL); // holder is old now (generational promotes on full)
            for (int i = 0; i < 3; i++) {
                f.heap.collect(CollectionKind.YOUNG);
            }
            holder = Raw.getLong(VmAccess.address(area) + VmAccess.AREA_ROOTS);
            long young = raw.allocateRaw(f.node);
            Raw.putLong(young + 8 + 16, 99);
            holder = Raw.getLong(VmAccess.address(area) + VmAccess.AREA_ROOTS);
            raw.storeRef(holder, holder + 8 + 8, young); // Pair slot 1 is the reference
            f.heap.collect(CollectionKind.YOUNG); // verify mode: a missed barrier fails here
            holder = Raw.getLong(VmAccess.address(area) + VmAccess.AREA_ROOTS);
            long moved = Raw.getLong(holder + 16);
            assertEquals(99, Raw.getLong(moved + 8 + 16));
            area.close();
            assertFalse(area.isOpen());
            assertThrows(HandleMisuseException.class, () -> m.getRoot(area, 0));
        }
    }

    @Test
    void sizesAreChecked() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            assertThrows(IllegalArgumentException.class, () -> m.newRootArea(-1, 0));
            assertThrows(IllegalArgumentException.class, () -> m.newRootArea(RootArea.MAX_WORDS, 1));
            RootArea a = m.newRootArea(3, 2);
            assertThrows(LayoutViolationException.class, () -> m.liveRoots(a, 4));
            assertThrows(LayoutViolationException.class, () -> m.getData(a, 2));
            assertThrows(LayoutViolationException.class, () -> m.setRoot(a, 3, 0));
        }
    }


    /**
     * The VM's raw allocations are recorded object starts like checked ones (the fast path included),
     * so the checked accessors, handles and root areas accept them; and the raw path refuses a
     * foreign thread like the checked one.
     */
    @Test
    void rawAllocationsAreObjectStartsAndOwnedByTheThread() throws Exception {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build()); Mutator m = f.heap.attach()) {
            RawMutator raw = VmAccess.raw(m);
            RootArea area = m.newRootArea(1, 0);
            for (int i = 0; i < 200; i++) {
                long o = raw.allocateRaw(f.node);
                m.putLong(o, 2, i);
                assertEquals(f.node, m.typeOf(o));
                m.setRoot(area, 0, o);
                long a = raw.allocateArrayRaw(f.longs, i % 7);
                assertEquals(i % 7, m.length(a));
            }
            java.util.concurrent.atomic.AtomicReference<Throwable> other = new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    raw.allocateRaw(f.node);
                } catch (Throwable e) {
                    other.set(e);
                }
            });
            t.start();
            t.join(60_000);
            assertTrue(other.get() instanceof HandleMisuseException, String.valueOf(other.get()));
        }
    }

    /**
     * A word above the live count is not updated by collections: raising the count over one that
     * still holds a reference from before a collection is refused, instead of handing the collector
     * an address where no object starts any more.
     */
    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep"}) // semispace is its own bundle
    void raisingTheLiveCountOverAStaleWordIsRefused(String policy) {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().policy(policy).verify(false).build());
                Mutator m = f.heap.attach()) {
            RootArea area = m.newRootArea(3, 0);
            m.setRoot(area, 0, m.allocate(f.node));
            m.setRoot(area, 1, m.allocate(f.node)); // above the live count: garbage to the collector
            m.liveRoots(area, 1);
            f.heap.collect(CollectionKind.FULL);
            f.heap.collect(CollectionKind.FULL);
            InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> m.liveRoots(area, 2));
            assertTrue(e.getMessage().contains("reference word 1"), e.getMessage());
            assertEquals(1, m.liveRoots(area), "the live count is unchanged");
            m.setRoot(area, 1, m.allocate(f.node));
            m.liveRoots(area, 3); // written since the collection (word 2 is zero): accepted
            f.heap.collect(CollectionKind.FULL);
            assertEquals(f.node, m.typeOf(m.getRoot(area, 1)));
        }
    }
}
