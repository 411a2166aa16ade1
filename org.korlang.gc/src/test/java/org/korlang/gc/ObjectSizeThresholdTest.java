package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Objects on both sides of every size threshold — the largest size class (8 KiB, also the default
 * large-object threshold), a quarter TLAB (64 KiB here) and the TLAB itself — allocated while the
 * mutator already holds a TLAB with room (the bump-pointer fast path is tried first), then promoted
 * by tenuring and carried through a generational → marksweep switch (which promotes the whole young
 * generation). Every object must keep its contents; every collection must succeed.
 */
class ObjectSizeThresholdTest {

    /** Array lengths of long[]: object bytes = 16 + 8 * length. */
    private static final int[] LENGTHS = {2, 500, 1022, 1023, 1024, 1025, 1100, 2047, 4000, 8189, 8190, 8191, 8200,
        32_766, 32_767, 40_000};

    private static HeapConfig config(String policy) {
        // TLAB 256 KiB: a quarter TLAB is 64 KiB, above the 8 KiB large-object threshold
        return HeapConfig.builder().policy(policy).heapLimitBytes(64L << 20).nurseryBytes(4L << 20)
                .survivorBytes(1L << 20).tlabBytes(256L << 10).tenuringThreshold(2).verify(true).gcThreads(2).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep"})
    void objectsAroundEveryThresholdSurvivePromotionAndASwitch(String policy) {
        try (HeapFixture f = new HeapFixture(config(policy)); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            // fixed-layout objects around the same thresholds: 8 + 8 * slots bytes
            int[] slotCounts = {2, 1022, 1023, 1024, 1100, 8190, 8191, 8192, 9000};
            TypeId[] fixed = new TypeId[slotCounts.length];
            for (int i = 0; i < slotCounts.length; i++) {
                fixed[i] = f.heap.registerType(TypeLayout.fixed("F" + slotCounts[i]).slots(slotCounts[i]).build());
            }
            int table = s.handle(m.allocateArray(f.refs, LENGTHS.length + slotCounts.length));
            m.allocate(f.node); // the mutator now holds a TLAB with room
            for (int i = 0; i < LENGTHS.length; i++) {
                long a = m.allocateArray(f.longs, LENGTHS[i]);
                m.putLongElement(a, 0, 1000 + i);
                m.putLongElement(a, LENGTHS[i] - 1, 2000 + i);
                m.putRefElement(m.get(table), i, a);
            }
            for (int i = 0; i < slotCounts.length; i++) {
                long o = m.allocate(fixed[i]);
                m.putLong(o, 0, 3000 + i);
                m.putLong(o, slotCounts[i] - 1, 4000 + i);
                m.putRefElement(m.get(table), LENGTHS.length + i, o);
            }
            for (int c = 0; c < 4; c++) { // past the tenuring threshold: everything young is promoted
                f.heap.collect(CollectionKind.YOUNG);
                check(m, table, slotCounts);
            }
            f.heap.collect(CollectionKind.FULL);
            check(m, table, slotCounts);
            // again, straight from eden into a switch that promotes the whole young generation
            for (int i = 0; i < LENGTHS.length; i++) {
                long a = m.allocateArray(f.longs, LENGTHS[i]);
                m.putLongElement(a, 0, 1000 + i);
                m.putLongElement(a, LENGTHS[i] - 1, 2000 + i);
                m.putRefElement(m.get(table), i, a);
            }
            f.heap.switchPolicy(policy.equals("generational") ? "marksweep" : "generational");
            check(m, table, slotCounts);
            f.heap.collect(CollectionKind.FULL);
            check(m, table, slotCounts);
            f.heap.verify();
        }
    }

    private static void check(Mutator m, int table, int[] slotCounts) {
        for (int i = 0; i < LENGTHS.length; i++) {
            long a = m.getRefElement(m.get(table), i);
            assertEquals(LENGTHS[i], m.length(a));
            assertEquals(1000 + i, m.getLongElement(a, 0), "long[" + LENGTHS[i] + "]");
            assertEquals(2000 + i, m.getLongElement(a, LENGTHS[i] - 1), "long[" + LENGTHS[i] + "]");
        }
        for (int i = 0; i < slotCounts.length; i++) {
            long o = m.getRefElement(m.get(table), LENGTHS.length + i);
            assertEquals(3000 + i, m.getLong(o, 0), slotCounts[i] + " slots");
            assertEquals(4000 + i, m.getLong(o, slotCounts[i] - 1), slotCounts[i] + " slots");
        }
    }
}
