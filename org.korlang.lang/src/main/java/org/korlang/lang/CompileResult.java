package org.korlang.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.korlang.lang.bytecode.Program;

/**
 * What compiling or checking one source file gave: every diagnostic (sorted by position) and,
 * when {@link KorlangCompiler#compile} found no error, the compiled program.
 */
public final class CompileResult {
    private final List<Diagnostic> diagnostics;
    private final Program program;
    private final long frontEndNanos;

    CompileResult(List<Diagnostic> diagnostics, Program program, long frontEndNanos) {
        this.diagnostics = List.copyOf(diagnostics);
        this.program = program;
        this.frontEndNanos = frontEndNanos;
    }

    /** Every error and warning, sorted by line and column. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public boolean hasErrors() {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                return true;
            }
        }
        return false;
    }

    public List<Diagnostic> errors() {
        return select(true);
    }

    public List<Diagnostic> warnings() {
        return select(false);
    }

    private List<Diagnostic> select(boolean errors) {
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (d.isError() == errors) {
                out.add(d);
            }
        }
        return out;
    }

    /** The compiled program: present after {@code compile} of a file without errors, never after {@code check}. */
    public Optional<Program> program() {
        return Optional.ofNullable(program);
    }

    /** Every diagnostic {@link Diagnostic#format() formatted}, each followed by a newline. */
    public String formatDiagnostics() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(d.format()).append('\n');
        }
        return out.toString();
    }

    /** Wall time of lexing, parsing and checking, in nanoseconds (code generation excluded). */
    public long frontEndNanos() {
        return frontEndNanos;
    }
}
