package org.korlang.lang;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The conformance scripts of {@code org.korlang.vm/src/test/korlang/} (written by the conformance
 * engineer) as seen by the front end: each script's text and the diagnostics it expects
 * ({@code // expect compile error: MESSAGE} / {@code // expect warning: MESSAGE} on the line where
 * the diagnostic is reported).
 */
final class ConformanceScripts {
    static final Path ROOT = Path.of("..", "org.korlang.vm", "src", "test", "korlang");

    record Expected(Severity severity, int line, String message) {
        boolean matches(Diagnostic d) {
            return d.severity() == severity && d.line() == line && d.message().contains(message);
        }

        @Override
        public String toString() {
            return line + ": " + severity.label() + ": " + message;
        }
    }

    record Script(Path path, String name, byte[] bytes, List<Expected> expected, boolean skipped) {
        SourceFile source() {
            return SourceFile.ofUtf8(path.getFileName().toString(), bytes);
        }
    }

    static List<Script> all() {
        if (!Files.isDirectory(ROOT)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Script> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".kor")).sorted().toList()) {
                out.add(read(p));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Script read(Path p) throws IOException {
        byte[] bytes = Files.readAllBytes(p);
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        List<Expected> expected = new ArrayList<>();
        boolean skipped = false;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int e = l.indexOf("// expect compile error: ");
            if (e >= 0) {
                expected.add(new Expected(Severity.ERROR, i + 1, l.substring(e + "// expect compile error: ".length()).trim()));
            }
            int w = l.indexOf("// expect warning: ");
            if (w >= 0) {
                expected.add(new Expected(Severity.WARNING, i + 1, l.substring(w + "// expect warning: ".length()).trim()));
            }
            if (l.contains("// skip:")) {
                skipped = true;
            }
        }
        return new Script(p, ROOT.relativize(p).toString(), bytes, expected, skipped);
    }
}
