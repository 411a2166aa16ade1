package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Objects above the large-object threshold get page runs of their own; rounds of allocating and
 * dropping them (so that runs are freed, coalesced and reused, split and reused again) never hand out
 * memory that a live object still occupies. Each array carries a pattern derived from its round and
 * slot, checked element by element after every round, with the verifier on (it checks that the large
 * space's runs do not overlap and that its byte count matches its objects).
 */
class LargeObjectSpaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep"})
    void reusedPageRunsNeverOverlapLiveObjects(String policy) {
        HeapConfig config = HeapFixture.small().policy(policy).heapLimitBytes(64L << 20).verify(true).build();
        int slots = 48;
        try (HeapFixture f = new HeapFixture(config); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            int table = s.handle(m.allocateArray(f.refs, slots));
            long[] stamp = new long[slots]; // 0: empty slot
            int[] length = new int[slots];
            Random rnd = new Random(42);
            for (int round = 1; round <= 12; round++) {
                for (int i = 0; i < slots; i++) {
                    if (stamp[i] != 0 && rnd.nextInt(3) != 0) {
                        continue; // most arrays stay
                    }
                    int len = 8200 + rnd.nextInt(17_000); // 65.6 KB .. 201 KB: page runs of 17 to 50 pages
                    long a = m.allocateArray(f.longs, len);
                    long st = ((long) round << 32) | i;
                    for (int k = 0; k < len; k += 7) {
                        m.putLongElement(a, k, st * 31 + k);
                    }
                    m.putLongElement(a, len - 1, st);
                    m.putRefElement(m.get(table), i, a);
                    stamp[i] = st;
                    length[i] = len;
                }
                for (int i = 0; i < slots; i += 2 + rnd.nextInt(3)) { // drop some: their runs come free
                    m.putRefElement(m.get(table), i, 0);
                    stamp[i] = 0;
                }
                f.heap.collect(CollectionKind.FULL);
                for (int i = 0; i < slots; i++) {
                    if (stamp[i] == 0) {
                        continue;
                    }
                    long a = m.getRefElement(m.get(table), i);
                    assertEquals(length[i], m.length(a), "length of array " + i + " in round " + round);
                    for (int k = 0; k < length[i] - 1; k += 7) {
                        assertEquals(stamp[i] * 31 + k, m.getLongElement(a, k),
                                "array " + i + " element " + k + " in round " + round);
                    }
                    assertEquals(stamp[i], m.getLongElement(a, length[i] - 1), "array " + i + " in round " + round);
                }
            }
            f.heap.verify();
        }
    }
}
