package org.korlang.lang;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the front end ({@code check}) over every conformance script and compares its diagnostics
 * with the script's {@code // expect compile error:} and {@code // expect warning:} lines: the
 * same number of diagnostics, each on the expected line with a message containing the expected
 * text. A script without such lines must check cleanly (no error, no warning).
 */
class ConformanceDiagnosticsTest {
    private final KorlangCompiler compiler = new KorlangCompiler();

    @TestFactory
    Stream<DynamicTest> everyScriptGetsExactlyItsExpectedDiagnostics() {
        List<ConformanceScripts.Script> scripts = ConformanceScripts.all();
        assumeFalse(scripts.isEmpty(), "no conformance scripts next to this module");
        return scripts.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            assumeFalse(s.skipped(), "script is marked // skip:");
            CompileResult r = compiler.check(s.source());
            String problems = compare(s.expected(), r.diagnostics());
            assertTrue(problems.isEmpty(), s.name() + ":\n" + problems + "\nall diagnostics:\n" + r.formatDiagnostics());
        }));
    }

    static String compare(List<ConformanceScripts.Expected> expected, List<Diagnostic> actual) {
        List<Diagnostic> unmatched = new ArrayList<>(actual);
        StringBuilder out = new StringBuilder();
        for (ConformanceScripts.Expected e : expected) {
            Diagnostic hit = null;
            for (Diagnostic d : unmatched) {
                if (e.matches(d)) {
                    hit = d;
                    break;
                }
            }
            if (hit == null) {
                out.append("  missing   ").append(e).append('\n');
            } else {
                unmatched.remove(hit);
            }
        }
        for (Diagnostic d : unmatched) {
            out.append("  unexpected ").append(d.header()).append('\n');
        }
        return out.toString();
    }
}
