package org.korlang.lang.internal;

import java.util.List;
import org.korlang.lang.Diagnostic;
import org.korlang.lang.SourceFile;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.diag.SourceLines;
import org.korlang.lang.internal.typed.Pos;
import org.korlang.lang.internal.typed.TypedProgram;

/**
 * The front-end pipeline for one file: lexer → parser (AST, with error recovery) → checker (name
 * resolution, types, flow typing, exhaustiveness) → {@link TypedProgram}.
 *
 * <p>Every phase reports into one {@link Reporter} and keeps going, so all errors of a file come
 * out together; the typed program is returned only when there is no error. A Java exception
 * escaping a phase is a compiler bug: it is caught here and reported as an internal compiler error
 * at the start of the file, so that callers never see an exception for any input.
 */
public final class FrontEnd {
    private FrontEnd() {
    }

    /** The diagnostics (sorted) and, without errors, the typed program; {@code nanos} is the wall time spent. */
    public record Result(List<Diagnostic> diagnostics, TypedProgram program, long nanos) {
    }

    public static Result run(SourceFile source) {
        long start = System.nanoTime();
        SourceLines lines = new SourceLines(source.text());
        Reporter reporter = new Reporter(source, lines);
        TypedProgram program = null;
        try {
            program = null; // phases arrive in the next commits
        } catch (RuntimeException | StackOverflowError e) {
            reporter.error(Pos.NONE, "internal compiler error: " + e);
            program = null;
        }
        if (reporter.hasErrors()) {
            program = null;
        }
        return new Result(reporter.diagnostics(), program, System.nanoTime() - start);
    }

    /** A single error diagnostic at {@code pos} of {@code source} (used for code generation failures). */
    public static Diagnostic diagnosticAt(SourceFile source, Pos pos, String message) {
        Reporter reporter = new Reporter(source, new SourceLines(source.text()));
        reporter.error(pos == null ? Pos.NONE : pos, message);
        return reporter.diagnostics().get(0);
    }
}
