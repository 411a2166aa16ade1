package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Once closed, a heap's memory is unmapped: every call that would touch it is refused with
 * {@link IllegalStateException} (before this was checked, {@code verify()} walked the unmapped spaces
 * and the JVM died of SIGSEGV); calls that only read Java state still answer.
 */
class ClosedHeapTest {

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
