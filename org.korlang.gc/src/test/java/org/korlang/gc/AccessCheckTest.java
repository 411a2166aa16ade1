package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** Every wrong access is a typed exception, never memory corruption. */
class AccessCheckTest {

    @Test
    void fieldAccessIsCheckedAgainstTheLayout() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            long n = m.allocate(f.node);
            assertThrows(LayoutViolationException.class, () -> m.getLong(n, 3), "slot past the end");
            assertThrows(LayoutViolationException.class, () -> m.getLong(n, -1), "negative slot");
            assertThrows(LayoutViolationException.class, () -> m.getLong(n, 0), "primitive read of a reference slot");
            assertThrows(LayoutViolationException.class, () -> m.putLong(n, 1, 7), "primitive write of a reference slot");
            assertThrows(LayoutViolationException.class, () -> m.getRef(n, 2), "reference read of a primitive slot");
            assertThrows(LayoutViolationException.class, () -> m.putRef(n, 2, n), "reference write to a primitive slot");
            assertThrows(LayoutViolationException.class, () -> m.getLongElement(n, 0), "element access on an object");
            m.putDouble(n, 2, 2.5);
            assertEquals(2.5, m.getDouble(n, 2));
            assertEquals(f.node, m.typeOf(n));
        }
    }

    @Test
    void arrayAccessIsCheckedAgainstLengthAndElementKind() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            long ints = m.allocateArray(f.ints, 10);
            long refs = m.allocateArray(f.refs, 3);
            long bytes = m.allocateArray(f.bytes, 5);
            assertEquals(10, m.length(ints));
            m.putIntElement(ints, 9, -5);
            assertEquals(-5, m.getIntElement(ints, 9));
            assertThrows(LayoutViolationException.class, () -> m.getIntElement(ints, 10), "index past the end");
            assertThrows(LayoutViolationException.class, () -> m.getIntElement(ints, -1), "negative index");
            assertThrows(LayoutViolationException.class, () -> m.getLongElement(ints, 0), "8-byte read of a 4-byte array");
            assertThrows(LayoutViolationException.class, () -> m.getRefElement(ints, 0), "reference read of an int array");
            assertThrows(LayoutViolationException.class, () -> m.putLongElement(refs, 0, 1), "primitive write to a ref array");
            assertThrows(LayoutViolationException.class, () -> m.getLong(refs, 0), "slot access on an array");
            m.putByteElement(bytes, 4, (byte) 0x7f);
            assertEquals(0x7f, m.getByteElement(bytes, 4));
            assertThrows(LayoutViolationException.class, () -> m.getByteElement(bytes, 5));
            m.putRefElement(refs, 2, ints);
            assertEquals(-5, m.getIntElement(m.getRefElement(refs, 2), 9));
            assertEquals(0, m.getRefElement(refs, 0));
            assertThrows(IllegalArgumentException.class, () -> m.allocateArray(f.ints, -1));
            assertThrows(IllegalArgumentException.class, () -> m.allocate(f.ints), "array type through allocate");
            assertThrows(IllegalArgumentException.class, () -> m.allocateArray(f.node, 3), "fixed type as array");
        }
    }

    /**
     * An array has elements, not slots: no fixed-slot accessor reaches into one (putRef on slot 0 of
     * an Object[] used to overwrite its length word, after which element indices far past the real
     * end were accepted).
     */
    @Test
    void fixedSlotAccessorsRefuseArrays() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            long node = m.allocate(f.node);
            long[] arrays = {m.allocateArray(f.refs, 4), m.allocateArray(f.longs, 4), m.allocateArray(f.ints, 4),
                m.allocateArray(f.bytes, 4), m.allocateArray(f.refs, 0)};
            for (long a : arrays) {
                for (int slot = 0; slot < 8; slot++) {
                    int sl = slot;
                    assertThrows(LayoutViolationException.class, () -> m.getRef(a, sl), "getRef slot " + sl);
                    assertThrows(LayoutViolationException.class, () -> m.putRef(a, sl, node), "putRef slot " + sl);
                    assertThrows(LayoutViolationException.class, () -> m.putRef(a, sl, 0), "putRef slot " + sl);
                    assertThrows(LayoutViolationException.class, () -> m.getLong(a, sl), "getLong slot " + sl);
                    assertThrows(LayoutViolationException.class, () -> m.putLong(a, sl, 7), "putLong slot " + sl);
                    assertThrows(LayoutViolationException.class, () -> m.getDouble(a, sl), "getDouble slot " + sl);
                }
            }
            assertEquals(4, m.length(arrays[0]), "the length word is untouched");
            assertThrows(LayoutViolationException.class, () -> m.putRefElement(arrays[0], 100_000, node));
            f.heap.verify();
        }
    }

    @Test
    void constructorLikeAllocationInitializesReferenceSlotsFromHandles() {
        HeapConfig stress = HeapFixture.small().stressEvery(3).build(); // collections inside the allocations
        try (HeapFixture f = new HeapFixture(stress); Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            int a = s.handle(m.allocate(f.node));
            m.putLong(m.get(a), 2, 11);
            int b = s.handle(m.allocate(f.node));
            m.putLong(m.get(b), 2, 22);
            int chain = s.handle(0);
            for (int i = 0; i < 20; i++) {
                long n = m.allocate(f.node, a, b);
                assertEquals(11, m.getLong(m.getRef(n, 0), 2));
                assertEquals(22, m.getLong(m.getRef(n, 1), 2));
                assertEquals(0, m.getLong(n, 2));
                long p = m.allocate(f.pair, b); // Pair: slot 1 is its only reference slot
                assertEquals(22, m.getLong(m.getRef(p, 1), 2));
                m.set(chain, m.allocate(f.node, chain)); // a chain: the new node points at the previous one
            }
            int depth = 0;
            for (long n = m.get(chain); n != 0; n = m.getRef(n, 0)) {
                depth++;
            }
            assertEquals(20, depth);
            assertThrows(LayoutViolationException.class, () -> m.allocate(f.pair, a, b), "Pair has one reference slot");
            assertThrows(HandleMisuseException.class, () -> m.allocate(f.node, 999, a), "dead handle");
        }
    }

    @Test
    void wildReferencesAreRefused() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build()); Mutator m = f.heap.attach()) {
            long n = m.allocate(f.node);
            assertThrows(InvalidReferenceException.class, () -> m.getLong(0, 2), "null");
            assertThrows(InvalidReferenceException.class, () -> m.getLong(0x1000, 2), "outside the heap");
            assertThrows(InvalidReferenceException.class, () -> m.getLong(n + 8, 2), "interior address");
            assertThrows(InvalidReferenceException.class, () -> m.putRef(n, 0, 0x1000), "storing a wild reference");
            assertThrows(InvalidReferenceException.class, () -> m.putRef(n, 0, n + 8), "storing an interior address");
            assertThrows(InvalidReferenceException.class, () -> m.handle(-8), "handle of a wild reference");
            assertThrows(InvalidReferenceException.class, () -> m.getLong(Long.MAX_VALUE, 0), "huge address");
        }
    }

    /** A reference must be 8-aligned: one 1..7 bytes past an object start is not an object. */
    @Test
    void misalignedReferencesAreRefused() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build()); Mutator m = f.heap.attach()) {
            TypeId[] types = new TypeId[8];
            long[] objects = new long[types.length];
            for (int t = 0; t < types.length; t++) {
                types[t] = f.heap.registerType(TypeLayout.fixed("Prims" + t).slots(1 + t * 3).build());
                objects[t] = m.allocate(types[t]);
            }
            long node = m.allocate(f.node);
            long longs = m.allocateArray(f.longs, 4);
            long refs = m.allocateArray(f.refs, 4);
            for (int k = 1; k < 8; k++) {
                int off = k;
                for (long o : objects) {
                    assertThrows(InvalidReferenceException.class, () -> m.getLong(o + off, 0), "getLong at +" + off);
                    assertThrows(InvalidReferenceException.class, () -> m.putLong(o + off, 0, 1), "putLong at +" + off);
                    assertThrows(InvalidReferenceException.class, () -> m.getDouble(o + off, 0), "getDouble at +" + off);
                    assertThrows(InvalidReferenceException.class, () -> m.typeOf(o + off), "typeOf at +" + off);
                }
                assertThrows(InvalidReferenceException.class, () -> m.getRef(node + off, 0), "getRef at +" + off);
                assertThrows(InvalidReferenceException.class, () -> m.putRef(node + off, 0, 0), "putRef at +" + off);
                assertThrows(InvalidReferenceException.class, () -> m.getLongElement(longs + off, 0), "element at +" + off);
                assertThrows(InvalidReferenceException.class, () -> m.putRefElement(refs + off, 0, 0), "element at +" + off);
                assertThrows(InvalidReferenceException.class, () -> m.length(longs + off), "length at +" + off);
                assertThrows(InvalidReferenceException.class, () -> m.handle(node + off), "handle of +" + off);
                assertThrows(InvalidReferenceException.class, () -> m.putRef(node, 0, node + off), "storing +" + off);
            }
            f.heap.verify();
        }
    }

    @Test
    void typesOfAnotherHeapAreRefused() {
        try (HeapFixture a = new HeapFixture(HeapFixture.small().build());
                HeapFixture b = new HeapFixture(HeapFixture.small().build()); Mutator m = a.heap.attach()) {
            assertThrows(IllegalArgumentException.class, () -> m.allocate(b.node));
        }
    }

    @Test
    void staleRawReferenceIsDetectedInVerifyMode() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            long raw = m.allocate(f.node);
            f.heap.collect(CollectionKind.YOUNG);
            StaleReferenceException e = assertThrows(StaleReferenceException.class, () -> m.getLong(raw, 2));
            assertTrue(e.getMessage().contains("handle"), e.getMessage());
            long old = m.allocate(f.node);
            try (HandleScope s = m.openScope()) {
                int h = s.handle(old);
                f.heap.collect(CollectionKind.FULL);
                assertThrows(StaleReferenceException.class, () -> m.putRef(m.get(h), 0, old), "stale value stored");
                m.putLong(m.get(h), 2, 1); // the handle is fine
            }
        }
    }

    @Test
    void movedObjectIsDetectedWithoutVerifyMode() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            long raw = m.allocate(f.node);
            s.handle(raw);
            f.heap.collect(CollectionKind.YOUNG);
            assertThrows(StaleReferenceException.class, () -> m.getLong(raw, 2), "the old copy is forwarded");
        }
    }

    @Test
    void handlesAndScopesAreChecked() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            HandleScope outer = m.openScope();
            int a = outer.handle(m.allocate(f.node));
            HandleScope inner = m.openScope();
            int b = inner.handle(m.allocate(f.node));
            assertThrows(HandleMisuseException.class, () -> outer.handle(0), "outer scope is not innermost");
            assertThrows(HandleMisuseException.class, outer::close, "LIFO order");
            inner.close();
            assertThrows(HandleMisuseException.class, () -> m.get(b), "handle of a closed scope");
            assertTrue(m.get(a) != 0);
            outer.close();
            assertThrows(HandleMisuseException.class, () -> m.get(a));
            GlobalHandle g = m.newGlobal(m.allocate(f.node));
            g.close();
            assertThrows(HandleMisuseException.class, () -> m.get(g));
        }
    }

    @Test
    void marksReleaseHandlesInLifoOrder() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            int outer = m.mark();
            int a = m.handle(m.allocate(f.node));
            int inner = m.mark();
            int b = m.handle(m.allocate(f.node));
            f.heap.collect(CollectionKind.YOUNG);
            assertTrue(m.get(a) != 0 && m.get(b) != 0, "handles under a mark are roots");
            m.release(inner);
            assertThrows(HandleMisuseException.class, () -> m.get(b), "released");
            assertTrue(m.get(a) != 0);
            assertThrows(HandleMisuseException.class, () -> m.release(inner + 5), "mark above the stack");
            m.release(outer);
            assertThrows(HandleMisuseException.class, () -> m.get(a));
            try (HandleScope s = m.openScope()) {
                int c = s.handle(m.allocate(f.node));
                assertThrows(HandleMisuseException.class, () -> m.release(outer - 1 < 0 ? -1 : outer - 1),
                        "below the open scope");
                int mk = m.mark();
                m.handle(0);
                m.release(mk);
                assertTrue(m.get(c) != 0);
            }
        }
    }

    @Test
    void closingAScopeTwiceOrReleasingAMarkTwiceIsReported() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            HandleScope scope = m.openScope();
            scope.handle(m.allocate(f.node));
            scope.close();
            assertThrows(HandleMisuseException.class, scope::close, "a scope closed twice");
            int mark = m.mark();
            m.handle(m.allocate(f.node));
            m.release(mark);
            assertThrows(HandleMisuseException.class, () -> m.release(mark), "a mark released twice");
            int outer = m.mark();
            int inner = m.mark();
            m.release(outer); // drops the inner mark with it
            assertThrows(HandleMisuseException.class, () -> m.release(inner), "a mark dropped with an outer one");
            int beforeScope = m.mark();
            int inside;
            try (HandleScope s = m.openScope()) {
                assertThrows(HandleMisuseException.class, () -> m.release(beforeScope), "across the scope's boundary");
                inside = m.mark();
                s.handle(0);
            }
            int closedWithScope = inside;
            assertThrows(HandleMisuseException.class, () -> m.release(closedWithScope), "a mark of a closed scope");
            m.release(beforeScope);
            assertThrows(HandleMisuseException.class, () -> m.release(-1), "not a mark");
        }
    }

    @Test
    void aBlockedMutatorSaysSoForEveryHandleOperation() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            int h = s.handle(m.allocate(f.node));
            GlobalHandle g = m.newGlobal(m.get(h));
            try (BlockedRegion r = m.block()) {
                StaleReferenceException e = assertThrows(StaleReferenceException.class, () -> m.get(h));
                assertTrue(e.getMessage().contains("blocked"), e.getMessage());
                e = assertThrows(StaleReferenceException.class, () -> m.get(g));
                assertTrue(e.getMessage().contains("blocked"), e.getMessage());
                assertThrows(StaleReferenceException.class, () -> m.handle(0), "handle");
                assertThrows(StaleReferenceException.class, () -> m.set(h, 0), "set");
                assertThrows(StaleReferenceException.class, m::mark, "mark");
                assertThrows(StaleReferenceException.class, m::openScope, "openScope");
                assertThrows(StaleReferenceException.class, m::poll, "poll");
                assertThrows(StaleReferenceException.class, () -> m.allocate(f.node), "allocate");
            }
            assertTrue(m.get(h) != 0, "usable again after the blocked region");
            // collecting, verifying or switching from the blocked mutator's own thread leaves it blocked
            try (BlockedRegion r = m.block()) {
                f.heap.collect(CollectionKind.FULL);
                f.heap.verify();
                f.heap.switchPolicy("marksweep");
                StaleReferenceException e = assertThrows(StaleReferenceException.class, () -> m.get(h));
                assertTrue(e.getMessage().contains("blocked"), e.getMessage());
                assertThrows(StaleReferenceException.class, () -> m.allocate(f.node));
            }
            assertTrue(m.get(h) != 0);
            g.close();
        }
    }

    @Test
    void mutatorIsConfinedToItsThreadAndBlockedRegions() throws Exception {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach()) {
            long n = m.allocate(f.node);
            AtomicReference<Throwable> other = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    m.openScope(); // checked entry points refuse foreign threads
                } catch (Throwable e) {
                    other.set(e);
                }
            });
            t.start();
            t.join();
            assertTrue(other.get() instanceof HandleMisuseException, String.valueOf(other.get()));
            try (BlockedRegion r = m.block()) {
                assertThrows(StaleReferenceException.class, () -> m.getLong(n, 2), "no heap access while blocked");
                f.heap.collect(CollectionKind.YOUNG); // proceeds without this mutator polling
            }
            assertThrows(StaleReferenceException.class, () -> m.getLong(n, 2), "collection happened while blocked");
            assertThrows(HandleMisuseException.class, f.heap::attach, "one mutator per thread");
        }
    }

    /**
     * A mutator is its thread's: from another thread every method is refused — including the field
     * accessors and the allocation fast path, so that no other thread can be inside an access when the
     * owner detaches and the heap unmaps its memory.
     */
    @Test
    void everyMutatorMethodRefusesAForeignThread() throws Exception {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            long node = m.allocate(f.node);
            int h = s.handle(node);
            long array = m.allocateArray(f.longs, 4);
            long refs = m.allocateArray(f.refs, 4);
            GlobalHandle g = m.newGlobal(node);
            int mark = m.mark();
            RootArea area = m.newRootArea(2, 1);
            java.util.List<org.junit.jupiter.api.function.Executable> calls = java.util.List.of(
                    () -> m.newRootArea(1, 1), () -> m.liveRoots(area), () -> m.liveRoots(area, 1),
                    () -> m.getRoot(area, 0), () -> m.setRoot(area, 0, node), () -> m.getData(area, 0),
                    () -> m.setData(area, 0, 1), () -> org.korlang.gc.vmaccess.VmAccess.raw(m).allocateRaw(f.node),
                    () -> org.korlang.gc.vmaccess.VmAccess.raw(m).allocateArrayRaw(f.longs, 2),
                    () -> m.getLong(node, 2), () -> m.putLong(node, 2, 1), () -> m.getRef(node, 0),
                    () -> m.putRef(node, 0, 0), () -> m.getDouble(node, 2), () -> m.typeOf(node), () -> m.length(array),
                    () -> m.getLongElement(array, 0), () -> m.putLongElement(array, 0, 1), () -> m.getRefElement(refs, 0),
                    () -> m.putRefElement(refs, 0, node), () -> m.allocate(f.node), () -> m.allocate(f.node, h),
                    () -> m.allocateArray(f.longs, 2), () -> m.allocatePinned(f.node), () -> m.handle(node),
                    () -> m.handle(0), () -> m.get(h), () -> m.set(h, node), () -> m.mark(), () -> m.release(mark),
                    () -> m.newGlobal(node), () -> m.get(g), () -> m.set(g, node), () -> m.openScope(), s::close,
                    () -> m.block(), m::poll, m::close);
            java.util.List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread other = new Thread(() -> {
                for (int i = 0; i < calls.size(); i++) {
                    try {
                        calls.get(i).execute();
                        accepted.add("call " + i);
                    } catch (HandleMisuseException expected) {
                        // refused
                    } catch (Throwable e) {
                        accepted.add("call " + i + " threw " + e);
                    }
                }
            });
            other.start();
            other.join(60_000);
            assertTrue(accepted.isEmpty(), "not refused from another thread: " + accepted);
            assertEquals(node, m.get(h), "the owner's state is untouched");
            m.release(mark);
            g.close();
        }
    }

    @Test
    void detachedMutatorRefusesWork() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            Mutator m = f.heap.attach();
            long n = m.allocate(f.node);
            m.close();
            assertThrows(StaleReferenceException.class, () -> m.getLong(n, 2));
            assertThrows(StaleReferenceException.class, () -> m.allocate(f.node));
            Mutator again = f.heap.attach();
            again.close();
        }
    }
}
