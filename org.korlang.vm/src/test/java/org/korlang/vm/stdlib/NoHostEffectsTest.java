package org.korlang.vm.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md: no stdlib effect bypasses the {@code Os} port. Scans the constant pools of the
 * VM bundle's compiled classes (the interpreter, builtins, stdlib builtins, console) for references
 * to {@code java.io.File*}, {@code java.nio.file.*} and {@code System.out}/{@code System.err} (seen
 * as the {@code PrintStream} field type), and fails naming the class. Allowed: the report of a VM
 * bug ({@code KorlangVm}, which writes the Java stack trace to a temporary file) and the Gogo
 * command {@code korlang:run} (which reads the program's file and writes to the shell session), and
 * the VM component, whose port handle tells the operator on the framework's stderr that the stdlib
 * waits for an Os port (no program's effect).
 */
class NoHostEffectsTest {

    static final Path CLASSES = Path.of("target/classes");
    static final Set<String> ALLOWED = Set.of(
            "org/korlang/vm/KorlangVm.class",
            "org/korlang/vm/internal/osgi/RunCommand.class",
            "org/korlang/vm/internal/osgi/RunCommand$SessionConsole.class",
            // the operator's `korlang: waiting: no Os port serves ...` line, on the framework's stderr
            "org/korlang/vm/internal/osgi/VmComponent.class");

    @Test
    void vmClassesReachTheKernelOnlyThroughOs() throws IOException {
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(p).toString().replace('\\', '/');
                scanned++;
                String pool = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                List<String> found = forbidden(pool);
                if (!found.isEmpty() && !ALLOWED.contains(name)) {
                    offenders.add(name + " uses " + found);
                }
            }
        }
        assertTrue(scanned > 20, "scanned only " + scanned + " classes under " + CLASSES.toAbsolutePath());
        assertEquals(List.of(), offenders, "stdlib effects must go through the Os port");
    }

    @Test
    void theScanFindsWhatItLooksFor() throws IOException {
        // the allowed classes do use the host's file API: proof that the scan would see it
        String vm = new String(Files.readAllBytes(CLASSES.resolve("org/korlang/vm/KorlangVm.class")), StandardCharsets.ISO_8859_1);
        assertTrue(forbidden(vm).contains("java/nio/file/"));
        String run = new String(Files.readAllBytes(CLASSES.resolve("org/korlang/vm/internal/osgi/RunCommand.class")), StandardCharsets.ISO_8859_1);
        assertTrue(forbidden(run).contains("System.out/err"));
    }

    static List<String> forbidden(String constantPool) {
        List<String> found = new ArrayList<>();
        if (constantPool.contains("java/io/File")) {
            found.add("java/io/File*");
        }
        if (constantPool.contains("java/nio/file/")) {
            found.add("java/nio/file/");
        }
        if (constantPool.contains("java/lang/System") && constantPool.contains("Ljava/io/PrintStream;")) {
            found.add("System.out/err");
        }
        return found;
    }
}
