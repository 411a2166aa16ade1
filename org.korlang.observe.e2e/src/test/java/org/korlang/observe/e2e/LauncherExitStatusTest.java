package org.korlang.observe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/korlang's exit statuses as a user or a script sees them (issue #15): {@code -c "exit"} ends
 * the platform with 0 (exit hands the status to the launcher, which stops the framework in order),
 * a wrong call fails the batch with its one-line usage, and {@code -c ""} is a usage error (64)
 * that starts nothing. No browser: this class only shares the {@link Platform} helper.
 */
class LauncherExitStatusTest {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void exitEndsTheBatchWithStatusZero() throws Exception {
        try (Platform platform = Platform.start(Map.of("KORLANG_HOME", tmp.resolve("home").toString()), "-c", "exit")) {
            assertEquals(0, platform.waitFor(START), platform.transcript());
        }
    }

    @Test
    @Timeout(180)
    void aWrongCallFailsTheBatchWithItsUsageLine() throws Exception {
        try (Platform platform = Platform.start(Map.of("KORLANG_HOME", tmp.resolve("home").toString()), "-c", "gc:policy a b")) {
            assertEquals(1, platform.waitFor(START), platform.transcript());
            assertTrue(platform.err.contains("korlang: command failed: usage: gc:policy [name]; available: generational, "
                    + "marksweep, semispace"), platform.transcript());
        }
    }

    @Test
    @Timeout(60)
    void anEmptyBatchIsAUsageError() throws Exception {
        try (Platform platform = Platform.start(Map.of("KORLANG_HOME", tmp.resolve("home").toString()), "-c", "")) {
            assertEquals(64, platform.waitFor(Duration.ofSeconds(30)), platform.transcript());
            assertTrue(platform.err.stream().anyMatch(l -> l.startsWith("usage: bin/korlang")), platform.transcript());
        }
    }
}
