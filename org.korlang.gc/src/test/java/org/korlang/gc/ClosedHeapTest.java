package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Once closed, a heap's memory is unmapped: every call that would touch it or change it is refused
 * with {@link IllegalStateException} (before this was checked, {@code verify()} walked the unmapped
 * spaces and the JVM died of SIGSEGV); calls that only read Java state still answer. Wrong arguments
 * to the heap's own methods are typed errors too, never silently accepted.
 */
class ClosedHeapTest {

    @Test
    void wrongArgumentsToTheHeapAreRefused() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            assertThrows(NullPointerException.class, () -> f.heap.collect(null), "collect(null)");
            assertThrows(IllegalArgumentException.class, () -> f.heap.collect(CollectionKind.SWAP), "collect(SWAP)");
            assertThrows(NullPointerException.class, () -> f.heap.registerType(null), "registerType(null)");
            assertThrows(NullPointerException.class, () -> f.heap.type(null), "type(null)");
            assertThrows(IllegalArgumentException.class, () -> f.heap.type("NoSuchType"), "unknown type name");
            assertThrows(NullPointerException.class, () -> f.heap.switchPolicy((String) null), "switchPolicy(null)");
            assertThrows(IllegalArgumentException.class, () -> f.heap.switchPolicy("nosuchpolicy"), "unknown policy");
            assertThrows(NullPointerException.class, () -> f.heap.addListener(null), "addListener(null)");
            assertThrows(NullPointerException.class, () -> f.heap.removeListener(null), "removeListener(null)");
            assertThrows(IllegalArgumentException.class, () -> f.heap.registerType(TypeLayout.fixed("Node").slots(1).build()),
                    "a different layout under a registered name");
            assertEquals(0, f.heap.stats().fullCollections(), "nothing was collected by the refused calls");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep"})
    void aClosedHeapRefusesEveryCallThatWouldTouchItsMemory(String policy) {
        HeapFixture f = new HeapFixture(HeapFixture.small().policy(policy).build());
        try (Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            s.handle(HeapFixture.tree(m, f.node, 8, new long[] {1}));
            m.allocateArray(f.longs, 5000); // a large object too
        }
        f.heap.close();
        assertThrows(IllegalStateException.class, f.heap::verify, "verify");
        assertThrows(IllegalStateException.class, () -> f.heap.registerType(TypeLayout.fixed("Late").slots(1).build()),
                "registerType");
        assertThrows(IllegalStateException.class, () -> f.heap.collect(CollectionKind.FULL), "collect");
        assertThrows(IllegalStateException.class, () -> f.heap.collect(CollectionKind.YOUNG), "collect");
        assertThrows(IllegalStateException.class, f.heap::attach, "attach");
        assertThrows(IllegalStateException.class, () -> f.heap.switchPolicy("marksweep"), "switchPolicy");
        assertEquals(policy, f.heap.policyName());
        assertEquals(f.node, f.heap.type("Node"));
        f.heap.stats();
        f.heap.close(); // closing twice is harmless
    }
}
