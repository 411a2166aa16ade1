package org.korlang.lang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact text of formatted diagnostics (KORLANG.md, LANG-CONTRACT.md decision 8). */
class DiagnosticTest {
    private final KorlangCompiler compiler = new KorlangCompiler();

    @Test
    void formatIsHeaderSourceLineAndCaret() {
        Diagnostic d = new Diagnostic(Severity.ERROR, "prog.kor", 3, 13, "expected Int, found String", "    let x: Int = \"a\"");
        assertEquals("prog.kor:3:13: error: expected Int, found String\n"
                + "    let x: Int = \"a\"\n"
                + "            ^", d.format());
    }

    @Test
    void caretKeepsTabsAndCountsCodePoints() {
        Diagnostic d = new Diagnostic(Severity.WARNING, "t.kor", 1, 5, "m", "\t😀a b");
        // column 5 = the 'b' after tab, emoji (one column), 'a', space
        assertEquals("t.kor:1:5: warning: m\n\t😀a b\n\t   ^", d.format());
    }

    @Test
    void positionsAreOneBased() {
        assertThrows(IllegalArgumentException.class, () -> new Diagnostic(Severity.ERROR, "f", 0, 1, "m", ""));
        assertThrows(IllegalArgumentException.class, () -> new Diagnostic(Severity.ERROR, "f", 1, 0, "m", ""));
    }

    @Test
    void compilerReportsEveryErrorOfAFileSortedAndFormatted() {
        String src = "fun main() {\n    let x: Int = \"a\"\n    println(y)\n    let z = 1 +\n}\n";
        CompileResult r = compiler.check(new SourceFile("prog.kor", src));
        assertEquals("prog.kor:2:18: error: expected Int, found String\n"
                + "    let x: Int = \"a\"\n"
                + "                 ^\n"
                + "prog.kor:3:13: error: undefined name 'y'\n"
                + "    println(y)\n"
                + "            ^\n"
                + "prog.kor:4:16: error: expected expression, found end of line\n"
                + "    let z = 1 +\n"
                + "               ^\n", r.formatDiagnostics());
        assertEquals(3, r.errors().size());
        assertEquals(List.of(), r.warnings());
    }

    @Test
    void columnsCountCharsNotUtf16Units() {
        String src = "fun main() { let s = \"😀😀\"; let x: Int = s }\n";
        CompileResult r = compiler.check(new SourceFile("u.kor", src));
        assertEquals(1, r.errors().size());
        assertEquals(41, r.errors().get(0).column());
    }

    @Test
    void warningDoesNotStopCheckAndIsFormattedAsWarning() {
        CompileResult r = compiler.check(new SourceFile("w.kor", "fun main() {\n    let n = 0\n    n = 1\n}\n"));
        assertEquals(0, r.errors().size());
        assertEquals("w.kor:3:5: warning: 'n' is declared with 'let'; use 'var' to reassign it\n    n = 1\n    ^",
                r.warnings().get(0).format());
    }

    @Test
    void invalidUtf8IsOneErrorAtTheFirstBadByte() {
        byte[] bytes = "fun main() {\n  println(\"ab\")\n}\n".getBytes(StandardCharsets.UTF_8);
        bytes[24] = (byte) 0xFF; // inside the string literal, line 2
        CompileResult r = compiler.check(SourceFile.ofUtf8("bad.kor", bytes));
        assertEquals(1, r.diagnostics().size(), r::formatDiagnostics);
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("invalid UTF-8 in source", d.message());
        assertEquals(2, d.line());
    }

    @Test
    void deepProgramsAreSafeOnACallerWithASmallStack() throws Exception {
        // a 4 KB file can nest 2,000 levels (a chain of '+'); the caller may be a thread with a tiny stack
        String chain = "fun main() { let x = " + "1+".repeat(2000) + "1\n println(x) }";
        String prefix = "fun main() { let x = " + "-".repeat(150) + "1\n println(x) }";
        CompileResult[] results = new CompileResult[3];
        Thread t = new Thread(null, () -> {
            results[0] = compiler.check(new SourceFile("d.kor", chain));
            results[1] = compiler.check(new SourceFile("d.kor", prefix));
            results[2] = compiler.compile(new SourceFile("d.kor", chain));
        }, "small-stack", 128 * 1024);
        t.start();
        t.join();
        assertEquals(List.of(), results[0].diagnostics());
        assertEquals(List.of(), results[1].diagnostics());
        for (Diagnostic d : results[2].diagnostics()) {
            assertEquals(false, d.message().contains("StackOverflowError"), d.header());
        }
    }

    @Test
    void compileWithoutCodeGeneratorReportsInsteadOfThrowing() {
        CompileResult r = compiler.compile(new SourceFile("ok.kor", "fun main() { println(1) }"));
        // whatever code generation does, compile never throws and a program comes only without errors
        assertEquals(r.hasErrors(), r.program().isEmpty());
    }
}
