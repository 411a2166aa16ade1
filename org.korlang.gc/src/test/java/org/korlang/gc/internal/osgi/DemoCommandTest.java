package org.korlang.gc.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.GcEvent;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapStats;
import org.korlang.gc.standalone.Heaps;
import org.korlang.shell.common.UsageException;
import org.korlang.testkit.CountingOs;
import org.korlang.testkit.Eventually;

/**
 * korlang:demo on a real heap: verbose, it prints one line per GC event, keeps running through
 * policy switches (its own checksums would stop it otherwise), and stops on request; by default it
 * prints a status line a second with what the workload has checked.
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
                assertTrue(demo.demo("verbose").contains("gc:policy semispace"));
                assertTrue(demo.demo().contains("already running"));
                waitFor(captured, "generational");
                heap.switchPolicy("marksweep");
                waitFor(captured, "marksweep    full");
                heap.switchPolicy("generational");
                waitFor(captured, "generational young");
                assertEquals("korlang:demo stopped", demo.demo("stop"));
                assertEquals("korlang:demo is not running", demo.demo("stop"));
                assertEquals("usage: korlang:demo [verbose|stop]", assertThrows(UsageException.class, () -> demo.demo("go")).toString());
                assertThrows(UsageException.class, () -> demo.demo("verbose", "stop"));
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

    @Test
    void byDefaultAStatusLineASecondSaysWhatTheWorkloadChecked() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        HeapConfig config = HeapConfig.builder().heapLimitBytes(32L << 20).nurseryBytes(2L << 20).verify(false).build();
        try (Heaps.ClosableHeap heap = Heaps.create(new CountingOs(), config)) {
            DemoCommand demo = new DemoCommand(heap);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                assertTrue(demo.demo().contains("a status line a second"));
                waitFor(captured, "[demo] generational");
            } finally {
                demo.deactivate();
                System.setOut(original);
            }
            String out = captured.toString(StandardCharsets.UTF_8);
            assertTrue(!out.contains("[gc #"), "no line per event by default: " + out);
            Matcher status = Pattern.compile("\\[demo\\] generational +collections (\\d+) \\(\\+\\d+ in 1 s\\)  young pause p99 "
                    + "\\d+\\.\\d\\d ms  live (-|[\\d.]+ [KMG]?i?B)  checksum checks passed (\\d+)").matcher(out);
            assertTrue(status.find(), out);
        }
    }

    @Test
    void theStatusLineNamesPolicyCollectionsP99LiveSizeAndChecks() {
        HeapStats stats = new HeapStats("semispace", 0, 0, 0, 0, 0, 40, 2, 0, 0, 0, 410_000, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
        GcEvent last = new GcEvent(42, CollectionKind.YOUNG, GcCause.ALLOCATION_FAILURE, "semispace", 0, 0, 0, 5L << 20, 3L << 20, 0);
        assertEquals("[demo] semispace    collections 42 (+35 in 1 s)  young pause p99 0.41 ms  live 3.0 MiB  "
                + "checksum checks passed 1234", DemoCommand.statusLine(stats, 35, last, 1234));
        assertTrue(DemoCommand.statusLine(stats, 0, null, 0).contains("live -"));
    }

    private static void waitFor(ByteArrayOutputStream out, String text) {
        Eventually.await(() -> "'" + text + "' in: " + out.toString(StandardCharsets.UTF_8),
                () -> out.toString(StandardCharsets.UTF_8).contains(text), Duration.ofSeconds(30));
    }
}
