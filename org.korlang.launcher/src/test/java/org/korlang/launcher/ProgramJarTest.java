package org.korlang.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/korlang build}: the jar holds the program and the platform, and {@code java -jar} runs it
 * in a fresh JVM (a child process with nothing but the jar) with the program's output and exit status.
 */
class ProgramJarTest {

    @TempDir
    Path dir;

    @Test
    void builtJarRunsTheProgramWithItsArgumentsAndExitStatus() throws Exception {
        Path source = dir.resolve("count.kor");
        Files.writeString(source, """
                import fs

                fun main(args: [String]) -> Int {
                    match fs.readFile(args[0]) {
                        Ok(text) => {
                            let m: Map<String, Int> = Map.new()
                            for w in text.split(" ") { m.set(w, m.getOrDefault(w, 0) + 1) }
                            for (w, n) in m.entries() { println("@{w}=@{n}") }
                            0
                        }
                        Err(e) => {
                            println(e)
                            3
                        }
                    }
                }
                """);
        Path words = dir.resolve("words.txt");
        Files.writeString(words, "b a b");
        Path jar = dir.resolve("count.jar");
        assertEquals(0, ProgramJar.build(new String[] {"build", source.toString(), "-o", jar.toString()}));
        try (JarFile j = new JarFile(jar.toFile())) {
            assertNotNull(j.getEntry(ProgramJar.ENTRY));
            assertNotNull(j.getEntry("org/korlang/launcher/Main.class"));
            assertNotNull(j.getEntry("org/korlang/vm/KorlangVm.class"));
            assertNotNull(j.getEntry("org/korlang/lang/stdlib/fs.kor"));
            assertEquals("org.korlang.launcher.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        assertEquals(List.of("0", "b=2", "a=1"), run(jar, words.toString()));
        assertEquals(List.of("3", "IOError.NotFound"), run(jar, dir.resolve("missing").toString()));
    }

    @Test
    void programWithCompileErrorsGivesNoJar() throws Exception {
        Path source = dir.resolve("bad.kor");
        Files.writeString(source, "fun main() { let x: Int = \"s\" }\n");
        Path jar = dir.resolve("bad.jar");
        assertEquals(65, ProgramJar.build(new String[] {"build", source.toString(), "-o", jar.toString()}));
        assertFalse(Files.exists(jar));
        assertEquals(64, ProgramJar.build(new String[] {"build"}));
    }

    /** The exit status, then the lines of stdout, of {@code java -jar jar args}. */
    private static List<String> run(Path jar, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "java -jar did not finish within 120 s");
        List<String> result = new ArrayList<>();
        result.add(String.valueOf(p.exitValue()));
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                result.add(line);
            }
        }
        return result;
    }
}
