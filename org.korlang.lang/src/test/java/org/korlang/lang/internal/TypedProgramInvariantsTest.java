package org.korlang.lang.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.korlang.lang.SourceFile;

/**
 * Every conformance script that compiles cleanly yields a typed program that satisfies the
 * invariants code generation relies on (docs/typed-program.md), checked by
 * {@link TypedProgramValidator}.
 */
class TypedProgramInvariantsTest {
    static final Path ROOT = Path.of("..", "org.korlang.vm", "src", "test", "korlang");

    static List<Path> scripts() throws IOException {
        if (!Files.isDirectory(ROOT)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".kor")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> typedProgramsOfCleanScriptsAreWellFormed() throws IOException {
        List<Path> scripts = scripts();
        assumeFalse(scripts.isEmpty(), "no conformance scripts next to this module");
        return scripts.stream().map(p -> DynamicTest.dynamicTest(ROOT.relativize(p).toString(), () -> {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            assumeTrue(!text.contains("// expect compile error") && !text.contains("// skip:"), "not expected to compile");
            FrontEnd.Result r = FrontEnd.run(new SourceFile(p.getFileName().toString(), text));
            assertNotNull(r.program(), () -> "no typed program: " + r.diagnostics());
            List<String> problems = TypedProgramValidator.validate(r.program());
            assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        }));
    }
}
