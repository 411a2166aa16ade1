package org.korlang.observe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy directory as a user has it (issue #15): {@code bin/korlang} with its own KORLANG_HOME.
 * A bundle dropped into {@code $KORLANG_HOME/deploy} of a running platform becomes ACTIVE; removed,
 * it is uninstalled; still in the directory at the next start (a new framework with fresh storage),
 * it is ACTIVE again before a {@code -c} script runs. The platform's own bundles have locations
 * that {@code update <id>} can re-read. Every wait has a deadline; nothing sleeps for a fixed time.
 */
class DeployDirectoryTest {

    private static final String PROBE = "korlang.deploy.probe";
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration POLL_DEADLINE = Duration.ofSeconds(30);

    @Test
    void aDeployedBundleStartsLeavesWhenRemovedAndSurvivesARestart(@TempDir Path home, @TempDir Path build) throws Exception {
        Path probe = probeBundle(build.resolve("probe.jar"));
        Path deploy = home.resolve("deploy");
        Map<String, String> env = Map.of("KORLANG_HOME", home.toString(), "KORLANG_STARTUP", "", "KORLANG_CONSOLE", "0");

        try (Platform platform = Platform.start(env)) {
            platform.await(platform.err, line -> line.startsWith("korlang: ready"), START, "the ready line");
            drop(probe, deploy.resolve("probe.jar"));
            awaitShell(platform, "lb " + PROBE, lines -> lines.stream().anyMatch(l -> l.contains(PROBE) && l.contains("Active")),
                    "the dropped bundle ACTIVE");
            Files.delete(deploy.resolve("probe.jar"));
            awaitShell(platform, "lb " + PROBE, lines -> lines.stream().noneMatch(l -> l.contains(PROBE)),
                    "the removed bundle uninstalled");
            drop(probe, deploy.resolve("probe.jar"));
            awaitShell(platform, "lb " + PROBE, lines -> lines.stream().anyMatch(l -> l.contains(PROBE) && l.contains("Active")),
                    "the bundle dropped again ACTIVE");
        }

        // A restart: a new framework with fresh storage finds the bundle in the directory, and a
        // platform bundle's location is one that update re-reads.
        try (Platform restarted = Platform.start(Map.of("KORLANG_HOME", home.toString()), "-c",
                "lb " + PROBE + "; lb -l org.korlang.gc.semispace")) {
            assertEquals(0, restarted.waitFor(START), restarted.transcript());
            assertTrue(restarted.out.stream().anyMatch(l -> l.contains(PROBE) && l.contains("Active")),
                    "deployed bundle ACTIVE after a restart\n" + restarted.transcript());
            String location = restarted.out.stream().filter(l -> l.contains("org.korlang.gc.semispace")).findFirst()
                    .orElseThrow(() -> new AssertionError("no semispace bundle\n" + restarted.transcript()));
            assertTrue(location.contains("reference:file:"), "a location update can open: " + location);
            String id = location.trim().split("\\|")[0].trim();
            try (Platform updating = Platform.start(Map.of("KORLANG_HOME", home.toString()), "-c",
                    "update " + id + "; lb org.korlang.gc.semispace")) {
                assertEquals(0, updating.waitFor(START), updating.transcript());
                assertTrue(updating.err.stream().noneMatch(l -> l.contains("MalformedURLException")), updating.transcript());
                assertTrue(updating.out.stream().anyMatch(l -> l.contains("semispace") && l.contains("Active")), updating.transcript());
            }
        }
    }

    /**
     * Types {@code command} at the prompt again and again until the lines it printed satisfy
     * {@code wanted}; fails after {@link #POLL_DEADLINE}. Each round ends with an echoed marker, so
     * the lines of one round are known exactly.
     */
    private static void awaitShell(Platform platform, String command, java.util.function.Predicate<List<String>> wanted, String what)
            throws Exception {
        long deadline = System.nanoTime() + POLL_DEADLINE.toNanos();
        for (int round = 0; ; round++) {
            String marker = "@@round-" + round + "@@";
            int from = platform.out.size();
            // two lines: Gogo prints the value of a line's last statement only
            platform.type(command);
            platform.type("echo " + marker);
            platform.await(platform.out, line -> line.endsWith(marker), POLL_DEADLINE, "the end of " + command);
            List<String> printed = platform.out.subList(from, platform.out.size()).stream()
                    .takeWhile(line -> !line.endsWith(marker)).collect(Collectors.toList());
            if (wanted.test(printed)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + POLL_DEADLINE + "\n" + platform.transcript());
            }
        }
    }

    /** Copies then renames, as a deployment tool should: FileInstall never sees half a jar. */
    private static void drop(Path jar, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A bundle with a manifest only: it resolves and starts anywhere. */
    private static Path probeBundle(Path file) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", PROBE);
        main.putValue("Bundle-Version", "1.0.0");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        return file;
    }
}
