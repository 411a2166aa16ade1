package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Collections keep what is reachable, reclaim what is not, and report real numbers. */
class CollectionTest {

    @Test
    void treeSurvivesMinorAndFullCollections() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            try (HandleScope s = m.openScope()) {
                int root = s.handle(HeapFixture.tree(m, f.node, 10, new long[] {1}));
                long expected = HeapFixture.checksum(m, m.get(root));
                long before = m.get(root);
                f.heap.collect(CollectionKind.YOUNG);
                assertNotEquals(before, m.get(root), "a minor collection moves the young tree");
                assertEquals(expected, HeapFixture.checksum(m, m.get(root)));
                for (int i = 0; i < 4; i++) {
                    f.heap.collect(CollectionKind.YOUNG);
                }
                assertEquals(expected, HeapFixture.checksum(m, m.get(root)));
                f.heap.collect(CollectionKind.FULL);
                assertEquals(expected, HeapFixture.checksum(m, m.get(root)));
                assertTrue(f.heap.stats().oldUsed() > 0, "survivors past the tenuring threshold are promoted");
            }
        }
    }

    @Test
    void unreachableObjectsAreReclaimed() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build()); Mutator m = f.heap.attach()) {
            List<GlobalHandle> roots = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                roots.add(m.newGlobal(HeapFixture.tree(m, f.node, 12, new long[] {i})));
            }
            f.heap.collect(CollectionKind.FULL);
            for (int i = 0; i < 4; i++) {
                f.heap.collect(CollectionKind.YOUNG);
            }
            f.heap.collect(CollectionKind.FULL);
            long full = f.heap.stats().usedBytes();
            assertTrue(full >= 40L * 8191 * 32, "40 trees of 8191 nodes are live: " + full);
            long decommittedBefore = f.os.bytesDecommitted.get();
            roots.forEach(GlobalHandle::close);
            f.heap.collect(CollectionKind.FULL);
            long after = f.heap.stats().usedBytes();
            assertTrue(after < full / 20, "occupancy drops from " + full + " to " + after);
            assertTrue(f.os.bytesDecommitted.get() > decommittedBefore + (4L << 20),
                    "freed blocks beyond the budget's headroom go back to the OS (madvise)");
        }
    }

    @Test
    void oldToYoungReferencesSurviveMinorCollections() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            int holder = s.handle(m.allocate(f.node));
            f.heap.collect(CollectionKind.FULL); // promotes the holder into the old generation
            for (int round = 0; round < 6; round++) {
                long young = m.allocate(f.node);
                m.putLong(young, 2, 1000 + round);
                m.putRef(m.get(holder), round % 2, young); // old -> young, only the barrier records it
                f.heap.collect(CollectionKind.YOUNG);
                assertEquals(1000 + round, m.getLong(m.getRef(m.get(holder), round % 2), 2));
            }
            assertEquals(1004, m.getLong(m.getRef(m.get(holder), 0), 2));
            assertEquals(1005, m.getLong(m.getRef(m.get(holder), 1), 2));
        }
    }

    @Test
    void pinnedObjectsDoNotMove() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            int h = s.handle(m.allocatePinned(f.node));
            long address = m.get(h) & 0xFFFF_FFFF_FFFFL;
            m.putLong(m.get(h), 2, 42);
            m.putRef(m.get(h), 0, m.allocate(f.node));
            f.heap.collect(CollectionKind.YOUNG);
            f.heap.collect(CollectionKind.FULL);
            assertEquals(address, m.get(h) & 0xFFFF_FFFF_FFFFL);
            assertEquals(42, m.getLong(m.get(h), 2));
            assertTrue(m.getRef(m.get(h), 0) != 0);
        }
    }

    @Test
    void largeArraysLiveInTheLargeSpaceAndAreFreed() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            GlobalHandle g;
            try (HandleScope s = m.openScope()) {
                int a = s.handle(m.allocateArray(f.longs, 100_000));
                for (int i = 0; i < 100_000; i += 1000) {
                    m.putLongElement(m.get(a), i, i * 3L);
                }
                g = m.newGlobal(m.get(a));
            }
            assertTrue(f.heap.stats().largeUsed() >= 800_000);
            f.heap.collect(CollectionKind.FULL);
            assertEquals(99_000 * 3L, m.getLongElement(m.get(g), 99_000));
            g.close();
            f.heap.collect(CollectionKind.FULL);
            assertEquals(0, f.heap.stats().largeUsed());
        }
    }

    @Test
    void eventsCarryMeasuredNumbers() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            List<GcEvent> events = new ArrayList<>();
            List<String> starts = new ArrayList<>();
            f.heap.addListener(new GcListener() {
                @Override
                public void collectionStarted(long sequence, CollectionKind kind, GcCause cause) {
                    starts.add(sequence + ":" + kind + ":" + cause);
                }

                @Override
                public void collectionFinished(GcEvent event) {
                    events.add(event);
                }
            });
            try (HandleScope s = m.openScope()) {
                int keep = s.handle(HeapFixture.tree(m, f.node, 9, new long[] {0}));
                for (int i = 0; i < 600; i++) {
                    HeapFixture.tree(m, f.node, 8, new long[] {0}); // garbage: fills the nursery
                }
                assertTrue(m.get(keep) != 0);
            }
            assertTrue(events.size() >= 5, "allocation filled a 1 MiB nursery repeatedly: " + events.size());
            GcEvent e = events.get(0);
            assertEquals(GcCause.ALLOCATION_FAILURE, e.cause());
            assertEquals(CollectionKind.YOUNG, e.kind());
            assertEquals("generational", e.policy());
            assertTrue(e.pauseNanos() > 0 && e.pauseNanos() >= e.timeToSafepointNanos());
            assertTrue(e.bytesBefore() > e.bytesAfter(), "garbage trees are dropped: " + e);
            assertEquals("1:YOUNG:ALLOCATION_FAILURE", starts.get(0));
            HeapStats st = f.heap.stats();
            assertEquals(events.size(), st.minorCollections() + st.fullCollections());
            assertTrue(st.minorPauseP99Nanos() >= st.minorPauseP50Nanos() && st.minorPauseP50Nanos() > 0);
            assertTrue(st.bytesAllocated() > 600L * 511 * 32);
        }
    }

    @Test
    void stressModeCollectsEveryNthAllocation() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().stressEvery(10).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            List<GcEvent> events = new ArrayList<>();
            f.heap.addListener(events::add);
            int list = s.handle(0);
            for (int i = 0; i < 160; i++) {
                long p = m.allocate(f.pair);
                m.putLong(p, 0, i);
                m.putRef(p, 1, m.get(list));
                m.set(list, p);
            }
            assertEquals(16, events.size(), "one collection per 10 allocations");
            assertTrue(events.stream().allMatch(e -> e.cause() == GcCause.STRESS));
            assertEquals(2, events.stream().filter(e -> e.kind() == CollectionKind.FULL).count(), "every 8th is full");
            long n = 0;
            for (long p = m.get(list); p != 0; p = m.getRef(p, 1)) {
                assertEquals(159 - n++, m.getLong(p, 0));
            }
            assertEquals(160, n);
        }
    }

    @Test
    void onLinuxX8664TheHeapRunsOnTheRealOsPort() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64"));
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            assertTrue(f.os.delegate() instanceof org.korlang.os.linux.internal.LinuxOs, f.os.delegate().getClass().getName());
        }
    }

    @Test
    void closingTheHeapUnmapsItsMemory() {
        HeapFixture f = new HeapFixture(HeapFixture.small().build());
        assertEquals(1, f.os.liveMappings.get());
        assertTrue(f.os.mmapCalls.get() == 1);
        f.close();
        assertEquals(0, f.os.liveMappings.get());
        assertEquals(1, f.os.munmapCalls.get());
    }
}
