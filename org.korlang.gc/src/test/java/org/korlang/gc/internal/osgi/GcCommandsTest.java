package org.korlang.gc.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.Heaps;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.testkit.CountingOs;

/** The gc: shell commands on a real heap (the Gogo wiring itself is tested in the framework). */
class GcCommandsTest {

    @Test
    void commandsReportAndCollect() {
        try (Heaps.ClosableHeap heap = Heaps.create(new CountingOs(), HeapConfig.builder().heapLimitBytes(16L << 20)
                .nurseryBytes(1L << 20).build())) {
            GcCommands gc = new GcCommands(heap);
            assertEquals("generational", gc.policy());
            TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(2).references(0, 1).build());
            GlobalHandle keep;
            try (Mutator m = heap.attach()) {
                keep = m.newGlobal(m.allocate(node));
                for (int i = 0; i < 10_000; i++) {
                    m.allocate(node);
                }
            }
            String young = gc.collect("young");
            assertTrue(young.startsWith("young collection done in "), young);
            String full = gc.collect("FULL");
            assertTrue(full.startsWith("full collection done in "), full);
            assertTrue(gc.collect().startsWith("young collection"));
            String stats = gc.stats();
            assertTrue(stats.contains("policy            generational"), stats);
            assertTrue(stats.contains("minor collections 2"), stats);
            assertTrue(stats.contains("full collections  1"), stats);
            assertTrue(stats.contains("global handles 1"), stats);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gc.collect("sideways"));
            assertTrue(e.getMessage().contains("usage: gc:collect [young|full]"), e.getMessage());
            keep.close();
        }
    }
}
