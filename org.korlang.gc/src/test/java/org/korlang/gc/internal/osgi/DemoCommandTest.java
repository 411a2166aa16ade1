package org.korlang.gc.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.Heaps;
import org.korlang.testkit.CountingOs;
import org.korlang.testkit.Eventually;

/**
 * korlang:demo on a real heap: it prints one line per GC event, keeps running through policy
 * switches (its own checksums would stop it otherwise), and stops on request.
 */
class DemoCommandTest {

    @Test
    void printsGcEventsAcrossSwitchesAndStops() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        HeapConfig config = HeapConfig.builder().heapLimitBytes(32L << 20).nurseryBytes(2L << 20).verify(false).build();
        try (Heaps.ClosableHeap heap = Heaps.create(new CountingOs(), config)) {
            DemoCommand demo = new DemoCommand(heap);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                assertTrue(demo.demo().contains("gc:policy semispace"));
                assertTrue(demo.demo().contains("already running"));
                waitFor(captured, "generational");
                heap.switchPolicy("marksweep");
                waitFor(captured, "marksweep    full");
                heap.switchPolicy("generational");
                waitFor(captured, "generational young");
                assertEquals("korlang:demo stopped", demo.demo("stop"));
                assertEquals("korlang:demo is not running", demo.demo("stop"));
                assertThrows(IllegalArgumentException.class, () -> demo.demo("go"));
            } finally {
                System.setOut(original);
                demo.deactivate();
            }
            String out = captured.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("swap  policy_switch"), out);
            assertTrue(!out.contains("korlang:demo stopped:"), "the workload found no damage: " + out);
            assertEquals(0, heap.stats().mutators());
        }
    }

    private static void waitFor(ByteArrayOutputStream out, String text) {
        Eventually.await(() -> "'" + text + "' in: " + out.toString(StandardCharsets.UTF_8),
                () -> out.toString(StandardCharsets.UTF_8).contains(text), Duration.ofSeconds(30));
    }
}
