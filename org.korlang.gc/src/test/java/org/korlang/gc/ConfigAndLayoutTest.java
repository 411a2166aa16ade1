package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad configurations and layouts are refused with clear messages; registration is idempotent. */
class ConfigAndLayoutTest {

    @Test
    void badConfigurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HeapConfig.builder().heapLimitBytes(1000).build());
        assertThrows(IllegalArgumentException.class, () -> HeapConfig.builder().tenuringThreshold(0).build());
        assertThrows(IllegalArgumentException.class, () -> HeapConfig.builder().tenuringThreshold(16).build());
        assertThrows(IllegalArgumentException.class, () -> HeapConfig.builder().gcThreads(0).build());
        assertThrows(IllegalArgumentException.class, () -> HeapConfig.builder().largeObjectBytes(100_000).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HeapConfig.builder().nurseryBytes(1L << 20).tlabBytes(1L << 20).build());
        assertTrue(e.getMessage().contains("tlabBytes"), e.getMessage());
        HeapConfig d = HeapConfig.defaults();
        assertEquals(32L << 20, d.nurseryBytes());
        assertEquals(4L << 20, d.survivorBytes());
        assertEquals("generational", d.policy());
        assertEquals(d, d.toBuilder().build());
    }

    @Test
    void layoutsAreValidatedAndRegisteredOnce() {
        assertThrows(IllegalArgumentException.class, () -> TypeLayout.fixed("X").slots(2).references(2).build());
        assertThrows(IllegalStateException.class, () -> TypeLayout.fixed("X").build());
        assertThrows(IllegalArgumentException.class, () -> TypeLayout.primitiveArray("x", 3));
        assertThrows(IllegalArgumentException.class, () -> TypeLayout.fixed(" "));
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            TypeId again = f.heap.registerType(TypeLayout.fixed("Node").slots(3).references(0, 1).build());
            assertSame(f.node, again);
            assertSame(f.node, f.heap.type("Node"));
            assertThrows(IllegalArgumentException.class,
                    () -> f.heap.registerType(TypeLayout.fixed("Node").slots(4).build()), "same name, other layout");
            assertThrows(IllegalArgumentException.class, () -> f.heap.type("Nope"));
            TypeId wide = f.heap.registerType(TypeLayout.fixed("Wide").slots(100).references(3, 70, 99).build());
            try (Mutator m = f.heap.attach()) {
                long w = m.allocate(wide);
                m.putRef(w, 99, w);
                m.putLong(w, 98, 5);
                m.putRef(w, 70, m.allocate(f.node));
                assertEquals(5, m.getLong(w, 98));
                assertThrows(LayoutViolationException.class, () -> m.getLong(w, 70));
                assertThrows(LayoutViolationException.class, () -> m.getRef(w, 100));
                int h = m.handle(w);
                f.heap.collect(CollectionKind.YOUNG);
                assertEquals(m.get(h), m.getRef(m.get(h), 99), "self reference follows the move");
            }
        }
    }
}
