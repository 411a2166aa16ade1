package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A generational full collection sweeps the old space (freeing blocks), then evacuates the young
 * generation — whose promotions take the lowest free blocks, the ones just freed — and then returns
 * freed blocks beyond the budget's headroom to the OS. Near the limit that headroom is small: a block
 * that promotion has just filled must not be among those returned (its pages would read as zero).
 */
class FullCollectionPromotionTest {

    @Test
    void objectsPromotedIntoJustFreedBlocksKeepTheirContents() {
        HeapConfig config = HeapConfig.builder().heapLimitBytes(8L << 20).nurseryBytes(2L << 20)
                .survivorBytes(256L << 10).tlabBytes(32L << 10).tenuringThreshold(1).verify(true).gcThreads(2).build();
        try (HeapFixture f = new HeapFixture(config); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            // ~5.5 MB of live old objects (32-byte Nodes), then ~1.5 MiB that will die, promoted after them
            int live = s.handle(0);
            int garbage = s.handle(0);
            grow(m, f, live, 5_500_000 / 32, 0);
            grow(m, f, garbage, 1_500_000 / 32, 1);
            f.heap.collect(CollectionKind.YOUNG); // tenuring threshold 1: everything is old now
            m.set(garbage, 0);
            // ~1.8 MiB of live young objects, to be promoted by the full collection's evacuation
            int young = s.handle(0);
            grow(m, f, young, 1_800_000 / 32, 2);
            f.heap.collect(CollectionKind.FULL); // verify runs after it: zeroed cells are reported
            assertEquals(5_500_000 / 32, check(m, m.get(live), 0));
            assertEquals(1_800_000 / 32, check(m, m.get(young), 2));
        }
    }

    /** A list of n Nodes (slot 0: next, slot 2: value), each with a value derived from tag and index. */
    private static void grow(Mutator m, HeapFixture f, int head, int n, int tag) {
        for (int i = 0; i < n; i++) {
            long node = m.allocate(f.node, head); // slot 0 (its first reference slot) := the old head
            m.putLong(node, 2, (long) tag << 32 | i);
            m.set(head, node);
        }
    }

    /** The length of the list, after checking every value. */
    private static int check(Mutator m, long node, int tag) {
        int count = 0;
        for (long n = node; n != 0; n = m.getRef(n, 0)) {
            count++;
        }
        int i = count - 1;
        for (long n = node; n != 0; n = m.getRef(n, 0), i--) {
            assertEquals((long) tag << 32 | i, m.getLong(n, 2), "element " + i + " of list " + tag);
        }
        return count;
    }
}
