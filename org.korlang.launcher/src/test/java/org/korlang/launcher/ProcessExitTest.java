package org.korlang.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's process ends through the Os port ({@link ProcessExit}): a child JVM runs
 * {@code Main run prog.kor} and must exit with the program's status and all of its output — a
 * partial last line included, which only the console's flush at exit writes.
 *
 * <p>Without strace, what shows that exit_group (and not the JVM's exit) ended the process is the
 * JVM's own exit path: {@code -Xlog:gc+exit*} writes a heap summary there (tagged gc,heap,exit on JDK 17
 * and gc,exit on JDK 25), so its log is empty
 * after an exit_group and not after {@code System.exit} (the {@code korlang.launcher.jvmExit} run
 * that bin/korlang uses to write its class-data-sharing archive). The extracted shim library must
 * not be left in {@code jna.tmpdir} either way.
 */
class ProcessExitTest {

    @TempDir
    Path dir;

    @Test
    void systemExitEndsTheProcessThroughTheOsPortWithItsOutputFlushed() throws Exception {
        Path jna = Files.createDirectories(dir.resolve("jna"));
        Path exitLog = dir.resolve("exit.log");
        Result r = run(jna, exitLog, false, """
                import system

                fun main() {
                    println("before")
                    print("partial")
                    system.exit(3)
                    println("after")
                }
                """);
        assertEquals(3, r.status);
        assertEquals("before\npartial", r.stdout);
        assertFalse(Files.readString(exitLog).contains("Heap"), "the JVM's exit path ran:\n" + Files.readString(exitLog));
        assertEquals(List.of(), filesIn(jna), "the extracted shim is deleted once loaded");
    }

    @Test
    void mainsResultIsTheStatusToo() throws Exception {
        Path jna = Files.createDirectories(dir.resolve("jna"));
        Result r = run(jna, dir.resolve("exit.log"), false, """
                fun main() -> Int {
                    print("x")
                    42
                }
                """);
        assertEquals(42, r.status);
        assertEquals("x", r.stdout);
    }

    @Test
    void theJvmExitRunForTheArchiveEndsThroughTheJvmWithTheSameResult() throws Exception {
        Path jna = Files.createDirectories(dir.resolve("jna"));
        Path exitLog = dir.resolve("exit.log");
        Result r = run(jna, exitLog, true, """
                import system

                fun main() {
                    print("partial")
                    system.exit(5)
                }
                """);
        assertEquals(5, r.status);
        assertEquals("partial", r.stdout);
        assertTrue(Files.readString(exitLog).contains("Heap"), "the JVM's exit path did not run:\n" + Files.readString(exitLog));
        assertEquals(List.of(), filesIn(jna));
    }

    private record Result(int status, String stdout) {
    }

    private Result run(Path jna, Path exitLog, boolean jvmExit, String program) throws Exception {
        Path source = dir.resolve("prog.kor");
        Files.writeString(source, program);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        // gc+exit* selects the exit summary on both JDK 17 (gc,heap,exit) and JDK 25 (gc,exit).
        cmd.add("-Xlog:gc+exit*=info:file=" + exitLog);
        cmd.add("-Djna.tmpdir=" + jna);
        cmd.add("-D" + ProcessExit.JVM_EXIT_PROPERTY + "=" + jvmExit);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("run");
        cmd.add(source.toString());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish within 120 s");
        return new Result(p.exitValue(), out);
    }

    private static List<String> filesIn(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }
}
