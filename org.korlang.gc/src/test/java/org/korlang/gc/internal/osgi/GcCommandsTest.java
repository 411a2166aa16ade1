package org.korlang.gc.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.standalone.Heaps;
import org.korlang.shell.common.UsageException;
import org.korlang.testkit.CountingOs;

/** The gc: shell commands on a real heap (the Gogo wiring itself is tested in the framework). */
class GcCommandsTest {

    @Test
    void commandsReportAndCollect() throws Exception {
        try (Heaps.ClosableHeap heap = Heaps.create(new CountingOs(), HeapConfig.builder().heapLimitBytes(16L << 20)
                .nurseryBytes(1L << 20).build())) {
            GcCommands gc = new GcCommands(heap);
            assertTrue(gc.policy().startsWith("generational"), gc.policy());
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
            assertTrue(stats.contains("old               ") && !stats.contains("retired"), "no retired plan, no word of one: " + stats);
            assertTrue(stats.contains("reserved (virtual"), stats);
            keep.close();
        }
    }

    @Test
    void wrongArgumentsGiveTheOneLineUsage() throws Exception {
        try (Heaps.ClosableHeap heap = Heaps.create(new CountingOs(), HeapConfig.builder().heapLimitBytes(16L << 20)
                .nurseryBytes(1L << 20).build())) {
            GcCommands gc = new GcCommands(heap);
            assertEquals("usage: gc:policy [name]; available: generational",
                    assertThrows(UsageException.class, () -> gc.policy("a", "b")).toString());
            assertEquals("usage: gc:stats", assertThrows(UsageException.class, () -> gc.stats("x")).toString());
            assertEquals("usage: gc:collect [young|full]", assertThrows(UsageException.class, () -> gc.collect("young", "full")).toString());
            assertTrue(assertThrows(RuntimeException.class, () -> gc.policy("nosuch")).getMessage().contains("nosuch"));
        }
    }

    @Test
    void gcCollectReportsTheSameBeforeAndAfterAsItsGcEventLine() throws Exception {
        try (Heaps.ClosableHeap heap = Heaps.create(new CountingOs(), HeapConfig.builder().heapLimitBytes(16L << 20)
                .nurseryBytes(1L << 20).build())) {
            GcCommands gc = new GcCommands(heap);
            TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(2).references(0, 1).build());
            List<GcEvent> events = new CopyOnWriteArrayList<>();
            GcListener listener = events::add;
            heap.addListener(listener);
            try (Mutator m = heap.attach()) {
                GlobalHandle keep = m.newGlobal(m.allocate(node));
                for (int i = 0; i < 1_000; i++) {
                    m.allocate(node);
                }
                String full = gc.collect("full");
                GcEvent e = events.get(events.size() - 1);
                String eventLine = DemoCommand.line(e);
                String sizes = GcCommands.bytes(e.bytesBefore()) + " -> " + GcCommands.bytes(e.bytesAfter());
                assertTrue(eventLine.contains(sizes), eventLine);
                assertTrue(full.contains("[gc #" + e.sequence() + "]") && full.contains(sizes + " in use"), full + " vs " + eventLine);
                keep.close();
            } finally {
                heap.removeListener(listener);
            }
        }
    }
}
