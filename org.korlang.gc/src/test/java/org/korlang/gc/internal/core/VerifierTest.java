package org.korlang.gc.internal.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.HandleScope;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.internal.generational.GenerationalPolicy;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.testkit.CountingOs;

/**
 * The verifier finds what a broken barrier or collector would leave behind, and a corrupted heap
 * makes the collector throw instead of touching memory outside the heap. Corruption is injected
 * behind the API with raw stores, which only this test does.
 */
class VerifierTest {

    private static final sun.misc.Unsafe U = Arena.UNSAFE;

    private static ManagedHeap heap() {
        return new ManagedHeap(new CountingOs(), HeapConfig.builder().heapLimitBytes(16L << 20).nurseryBytes(1L << 20)
                .verify(false).build(), new GenerationalPolicy());
    }

    @Test
    void aMissedWriteBarrierIsReported() {
        try (ManagedHeap heap = heap(); Mutator m = heap.attach(); HandleScope s = m.openScope()) {
            TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(2).references(0).build());
            int old = s.handle(m.allocatePinned(node));
            heap.verify(); // clean so far
            long young = m.allocate(node);
            U.putLong(m.get(old) + 8, young); // old -> young store that bypasses the barrier
            HeapCorruptionException e = assertThrows(HeapCorruptionException.class, heap::verify);
            assertTrue(e.getMessage().contains("remembered set"), e.getMessage());
            m.putRef(m.get(old), 0, young); // the same store through the barrier
            heap.verify();
        }
    }

    @Test
    void aReferenceToAnInteriorAddressIsReported() {
        try (ManagedHeap heap = heap(); Mutator m = heap.attach(); HandleScope s = m.openScope()) {
            TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(2).references(0).build());
            int a = s.handle(m.allocate(node));
            long b = m.allocate(node);
            U.putLong(m.get(a) + 8, b + 8);
            HeapCorruptionException e = assertThrows(HeapCorruptionException.class, heap::verify);
            assertTrue(e.getMessage().contains("not an object start"), e.getMessage());
        }
    }

    @Test
    void aFreeListCycleIsReported() {
        try (ManagedHeap heap = heap(); Mutator m = heap.attach(); HandleScope s = m.openScope()) {
            TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(2).references(0).build());
            long pinned = m.allocatePinned(node);
            s.handle(pinned);
            heap.verify();
            long cell = pinned + 24; // the next free 24-byte cell of the same block
            U.putLong(cell + 8, cell); // its free-list link now points at itself
            HeapCorruptionException e = assertThrows(HeapCorruptionException.class, heap::verify);
            assertTrue(e.getMessage().contains("free list"), e.getMessage());
        }
    }

    @Test
    void aWildPointerMakesTheCollectorThrowNotCrash() {
        try (ManagedHeap heap = heap(); Mutator m = heap.attach(); HandleScope s = m.openScope()) {
            TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(2).references(0).build());
            int a = s.handle(m.allocatePinned(node));
            U.putLong(m.get(a) + 8, 0x10000L); // far outside the heap
            assertThrows(HeapCorruptionException.class, () -> heap.collect(CollectionKind.FULL));
            U.putLong(m.get(a) + 8, 0);
            int b = s.handle(m.allocate(node));
            U.putLong(m.get(b), ObjectHeader.make(ObjectHeader.TYPE_FILLER)); // a young object turned into a gap
            U.putLong(m.get(a) + 8, m.get(b));
            assertThrows(HeapCorruptionException.class, () -> heap.collect(CollectionKind.YOUNG));
        }
    }
}
