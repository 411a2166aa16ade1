package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fill the heap to exhaustion with arrays of one size, drop every second one: half the heap is free
 * again, in holes of exactly that size, and the same number of arrays of that size must fit again —
 * the limit is about the bytes of live objects, not about blocks that are half empty.
 */
class FragmentationTest {

    @ParameterizedTest
    @CsvSource({"generational,1000", "marksweep,1000", "generational,100", "marksweep,100", "generational,3000",
        "marksweep,3000"})
    void droppingEverySecondObjectMakesRoomForAsManyAgain(String policy, int length) {
        HeapConfig config = HeapFixture.small().policy(policy).heapLimitBytes(16L << 20).verify(false).build();
        try (HeapFixture f = new HeapFixture(config); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            int table = s.handle(m.allocateArray(f.refs, 40_000));
            int filled = fill(m, f, table, 0, 1, length);
            assertTrue(filled > 100 && filled < 40_000, "filled " + filled);
            for (int i = 0; i < filled; i += 2) {
                m.putRefElement(m.get(table), i, 0);
            }
            f.heap.collect(CollectionKind.FULL);
            long used = f.heap.stats().usedBytes();
            assertTrue(used < (10L << 20), "about half the heap is live: " + f.heap.stats());
            int dropped = (filled + 1) / 2;
            int again = fill(m, f, table, 0, 2, length); // into the slots just emptied
            assertTrue(again >= dropped - dropped / 50, "after dropping " + dropped + " of " + filled + " arrays of "
                    + length + " longs, " + again + " fitted again; " + f.heap.stats());
            for (int i = 0; i < filled; i++) {
                long a = m.getRefElement(m.get(table), i);
                if (a != 0) {
                    assertEquals(i, m.getLongElement(a, length - 1), "array " + i);
                }
            }
            f.heap.verify();
        }
    }

    /**
     * Allocates arrays into table[from], table[from + step], ... until the heap is exhausted (or the
     * table ends); returns how many fitted.
     */
    private static int fill(Mutator m, HeapFixture f, int table, int from, int step, int length) {
        int n = 0;
        try {
            for (int i = from; i < 40_000; i += step) {
                long a = m.allocateArray(f.longs, length);
                m.putLongElement(a, length - 1, i);
                m.putRefElement(m.get(table), i, a);
                n++;
            }
        } catch (HeapExhaustedException e) {
            // the limit is reached
        }
        return n;
    }
}
