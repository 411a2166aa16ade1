package org.korlang.gc.torture;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Runs the heap API fuzz ({@link HeapApiFuzz}) in a child JVM with this test's class path: a JVM
 * crash (SIGSEGV through a bad address) fails this test with the child's crash report instead of
 * killing the build; a property failure fails it with the child's output; a hang fails it after a
 * watchdog of 10 minutes.
 */
class HeapApiFuzzTest {

    @Test
    void theHeapAndOsApisNeverCrashTheJvmWhateverTheCallSequence() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target.resolve("jna"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m",
                "-Djna.tmpdir=" + target.resolve("jna"), "-Dkorlang.os.viewWaitMillis=100",
                "-XX:ErrorFile=" + target.resolve("fuzz-hs_err_pid%p.log"), "-cp", classPath));
        cmd.add(FuzzMain.class.getName());
        Path log = target.resolve("heap-api-fuzz.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the fuzz did not finish within 10 minutes (a hang?); its output: " + log + "\n" + tail(log, 60));
        }
        int exit = p.exitValue();
        String output = tail(log, 80);
        if (exit != 0) {
            String crash = crashReport(target);
            fail("the fuzz JVM " + (crash != null ? "CRASHED" : "failed") + " (exit " + exit + "); output " + log + ":\n"
                    + output + (crash != null ? "\ncrash report:\n" + crash : ""));
        }
        if (!output.contains("FUZZ-RESULT") || !output.contains("failed=0")) {
            fail("the fuzz JVM did not report a clean run:\n" + output);
        }
        System.out.println(output.lines().filter(l -> l.contains("FUZZ-RESULT") || l.contains("tests successful"))
                .reduce("", (a, b) -> a + b + "\n"));
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The head of the newest hs_err file the child left, if it crashed. */
    private static String crashReport(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            Path newest = files.filter(f -> f.getFileName().toString().startsWith("fuzz-hs_err_pid"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElse(null);
            if (newest == null) {
                return null;
            }
            List<String> lines = Files.readAllLines(newest);
            return newest + File.separator + "\n" + String.join("\n", lines.subList(0, Math.min(40, lines.size())));
        }
    }
}
