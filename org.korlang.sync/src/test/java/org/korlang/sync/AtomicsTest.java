package org.korlang.sync;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

class AtomicsTest {

    @Test
    void longCellLivesInNativeMemoryAndCountsExactly() throws Exception {
        AtomicLongCell cell = SHARED.newAtomicLong(7);
        assertTrue(SHARED_OS.isMapped(cell.address(), 8), "the cell is in memory the Os mapped");
        assertEquals(0, cell.address() % 64, "a cache line of its own");
        assertEquals(7, cell.load(MemoryOrder.SEQ_CST));
        MemoryOrder[] orders = MemoryOrder.values();
        int threads = 4;
        int rounds = 50_000;
        runThreads(threads, i -> {
            MemoryOrder order = orders[i % orders.length];
            for (int r = 0; r < rounds; r++) {
                if ((r & 1) == 0) {
                    cell.getAndAdd(1, order);
                } else {
                    long v;
                    do {
                        v = cell.load((i & 1) == 0 ? MemoryOrder.ACQUIRE : MemoryOrder.RELAXED);
                    } while (!cell.compareAndSet(v, v + 1, order));
                }
            }
        });
        assertEquals(7 + (long) threads * rounds, cell.load(MemoryOrder.SEQ_CST));
    }

    @Test
    void longCellOperations() {
        AtomicLongCell cell = SHARED.newAtomicLong(0);
        cell.store(Long.MAX_VALUE, MemoryOrder.RELEASE);
        assertEquals(Long.MAX_VALUE, cell.load(MemoryOrder.ACQUIRE));
        assertEquals(Long.MAX_VALUE, cell.getAndAdd(1, MemoryOrder.RELAXED));
        assertEquals(Long.MIN_VALUE, cell.getAndSet(5, MemoryOrder.ACQ_REL));
        assertFalse(cell.compareAndSet(4, 9, MemoryOrder.RELAXED));
        assertTrue(cell.compareAndSet(5, 9, MemoryOrder.ACQUIRE));
        assertFalse(cell.compareAndSet(5, 10, MemoryOrder.RELEASE));
        assertTrue(cell.compareAndSet(9, 10, MemoryOrder.SEQ_CST));
        assertEquals(10, cell.load(MemoryOrder.RELAXED));
        assertThrows(IllegalArgumentException.class, () -> cell.load(MemoryOrder.RELEASE));
        assertThrows(IllegalArgumentException.class, () -> cell.load(MemoryOrder.ACQ_REL));
        assertThrows(IllegalArgumentException.class, () -> cell.store(1, MemoryOrder.ACQUIRE));
        assertThrows(NullPointerException.class, () -> cell.load(null));
        assertEquals("10", cell.toString());
    }

    @Test
    void referenceCellComparesByIdentity() throws Exception {
        String a = new String("x");
        String b = new String("x");
        AtomicReferenceCell<String> cell = SHARED.newAtomicReference(a);
        assertSame(a, cell.load(MemoryOrder.ACQUIRE));
        assertFalse(cell.compareAndSet(b, "y", MemoryOrder.SEQ_CST), "equal but not identical");
        assertTrue(cell.compareAndSet(a, null, MemoryOrder.ACQ_REL));
        assertNull(cell.load(MemoryOrder.SEQ_CST));
        assertTrue(cell.compareAndSet(null, b, MemoryOrder.RELEASE));
        assertSame(b, cell.getAndSet(a, MemoryOrder.RELAXED));
        cell.store(b, MemoryOrder.RELEASE);
        assertSame(b, cell.load(MemoryOrder.RELAXED));
        assertThrows(IllegalArgumentException.class, () -> cell.store(a, MemoryOrder.ACQUIRE));
    }

    @Test
    void referenceCellCasLoopIsExact() throws Exception {
        AtomicReferenceCell<Long> cell = SHARED.newAtomicReference(0L);
        int threads = 4;
        int rounds = 5_000;
        runThreads(threads, i -> {
            for (int r = 0; r < rounds; r++) {
                Long v;
                do {
                    v = cell.load(MemoryOrder.ACQUIRE);
                } while (!cell.compareAndSet(v, v + 1, MemoryOrder.SEQ_CST));
            }
        });
        assertEquals((long) threads * rounds, cell.load(MemoryOrder.SEQ_CST));
    }
}
