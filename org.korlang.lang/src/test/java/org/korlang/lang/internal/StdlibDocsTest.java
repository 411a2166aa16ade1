package org.korlang.lang.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.lang.bytecode.StdlibModules;

/** docs/stdlib.md is current, and every stdlib module compiles cleanly when imported. */
class StdlibDocsTest {

    static final Path PAGE = Path.of("../docs/stdlib.md");

    @Test
    void referencePageIsCurrent() throws IOException {
        String generated = StdlibDocs.generate();
        if (Boolean.getBoolean("korlang.docs.write")) {
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(PAGE), "docs/stdlib.md is missing: run with -Dkorlang.docs.write=true");
        assertEquals(generated, Files.readString(PAGE, StandardCharsets.UTF_8),
                "docs/stdlib.md is stale: mvn -pl org.korlang.lang test -Dtest=StdlibDocsTest -Dkorlang.docs.write=true");
        assertTrue(generated.contains("- `fs.readFile(path: String) -> Result<String, IOError>`"), generated);
        assertTrue(generated.contains("- `File.open(path: String, mode: FileMode) -> Result<File, IOError>`"), generated);
        assertTrue(generated.contains("- `Map<K, V>.get(k: K) -> V?`"), generated);
    }

    @Test
    void everyModuleCompilesWithoutDiagnostics() {
        KorlangCompiler compiler = new KorlangCompiler();
        for (String module : StdlibModules.MODULES) {
            String program = "import " + module + "\nfun main() { println(\"ok\") }\n";
            CompileResult r = compiler.compile(SourceFile.ofUtf8("m.kor", program.getBytes(StandardCharsets.UTF_8)));
            assertEquals("", r.formatDiagnostics(), module);
            assertTrue(r.program().isPresent(), module);
        }
    }

    @Test
    void programsCannotCallSystemBuiltins() {
        CompileResult r = new KorlangCompiler().compile(SourceFile.ofUtf8("m.kor",
                "import fs\nfun main() { println(sys.pid()) }\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.hasErrors(), r.formatDiagnostics());
    }
}
