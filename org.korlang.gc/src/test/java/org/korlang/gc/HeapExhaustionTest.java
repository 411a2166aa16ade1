package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reaching the limit is a clean, typed error; the heap stays intact and works again after references are
 * dropped — under every policy of this bundle.
 */
class HeapExhaustionTest {

    private static HeapConfig config(String policy) {
        return HeapFixture.small().heapLimitBytes(8L << 20).verify(true).policy(policy).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep"})
    void retainingTooMuchGivesHeapExhaustedAndTheHeapRecovers(String policy) {
        try (HeapFixture f = new HeapFixture(config(policy)); Mutator m = f.heap.attach()) {
            HeapExhaustedException error;
            long kept;
            try (HandleScope s = m.openScope()) {
                int list = s.handle(0);
                int keptTree = s.handle(HeapFixture.tree(m, f.node, 8, new long[] {5}));
                long expected = HeapFixture.checksum(m, m.get(keptTree));
                long count = 0;
                error = null;
                try {
                    while (count < 10_000_000) { // a linked list of Pairs that only grows
                        long p = m.allocate(f.pair);
                        m.putLong(p, 0, count++);
                        m.putRef(p, 1, m.get(list));
                        m.set(list, p);
                    }
                } catch (HeapExhaustedException e) {
                    error = e;
                }
                assertTrue(error != null, "a list that only grows must exhaust an 8 MiB heap");
                assertEquals(8L << 20, error.limitBytes());
                assertTrue(error.usedBytes() >= 8L << 20, error.getMessage());
                kept = count;
                // the heap is intact: the verifier passes and every element is still there
                f.heap.verify();
                long n = 0;
                for (long p = m.get(list); p != 0; p = m.getRef(p, 1)) {
                    assertEquals(kept - 1 - n, m.getLong(p, 0));
                    n++;
                }
                assertEquals(kept, n);
                assertEquals(expected, HeapFixture.checksum(m, m.get(keptTree)));
                m.set(list, 0); // drop the list
                // allocation works again
                for (int i = 0; i < 50; i++) {
                    HeapFixture.tree(m, f.node, 10, new long[] {0});
                }
                assertEquals(expected, HeapFixture.checksum(m, m.get(keptTree)));
            }
            f.heap.collect(CollectionKind.FULL);
            assertTrue(f.heap.stats().usedBytes() < (2L << 20), "the list was reclaimed: " + f.heap.stats());
            assertTrue(kept > 100_000, "the list grew to the limit first: " + kept);
        }
    }

    /**
     * The limit holds for single objects just above it and for objects that fit alone but not beside
     * what is live (mark-sweep used to place an object of limit + 16 bytes in the large-object space,
     * whose region is a page larger than the limit, before any check).
     */
    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep"})
    void noObjectTakesTheHeapPastItsLimit(String policy) {
        HeapConfig config = HeapFixture.small().heapLimitBytes(16L << 20).verify(true).policy(policy).build();
        try (HeapFixture f = new HeapFixture(config); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            long limit = 16L << 20;
            assertThrows(HeapExhaustedException.class, () -> m.allocateArray(f.longs, (int) (limit / 8)),
                    "16 MiB + 16 bytes");
            assertTrue(f.heap.stats().usedBytes() <= limit, f.heap.stats().toString());
            int live = s.handle(m.allocateArray(f.longs, (1 << 20) / 8)); // 1 MiB live
            assertThrows(HeapExhaustedException.class, () -> m.allocateArray(f.longs, (int) ((limit - (512 << 10)) / 8)),
                    "15.5 MiB beside 1 MiB");
            assertTrue(f.heap.stats().usedBytes() <= limit, f.heap.stats().toString());
            long big = m.allocateArray(f.longs, (int) ((limit - (2L << 20)) / 8)); // 14 MiB fits
            m.putLongElement(big, 0, 1);
            assertTrue(f.heap.stats().usedBytes() <= limit, f.heap.stats().toString());
            assertEquals((1 << 20) / 8, m.length(m.get(live)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep"})
    void aLargeObjectAboveTheLimitIsRefusedCleanly(String policy) {
        try (HeapFixture f = new HeapFixture(config(policy)); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            int keep = s.handle(m.allocateArray(f.longs, 1000));
            m.putLongElement(m.get(keep), 999, 77);
            assertThrows(HeapExhaustedException.class, () -> m.allocateArray(f.longs, 2_000_000)); // 16 MB
            assertEquals(77, m.getLongElement(m.get(keep), 999));
            long ok = m.allocateArray(f.longs, 200_000); // 1.6 MB fits
            assertEquals(200_000, m.length(ok));
        }
    }
}
