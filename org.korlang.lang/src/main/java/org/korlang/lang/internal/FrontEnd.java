package org.korlang.lang.internal;

import java.util.List;
import org.korlang.lang.Diagnostic;
import org.korlang.lang.SourceFile;
import org.korlang.lang.internal.check.Checker;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.syntax.Ast;
import org.korlang.lang.internal.syntax.Lexer;
import org.korlang.lang.internal.syntax.Parser;
import org.korlang.lang.internal.syntax.Token;
import org.korlang.lang.internal.diag.SourceLines;
import org.korlang.lang.internal.typed.Pos;
import org.korlang.lang.internal.typed.TypedProgram;

/**
 * The front-end pipeline for one file: lexer → parser (AST, with error recovery) → stdlib linking
 * (the Korlang sources of the imported stdlib modules are parsed and their declarations put in
 * front of the program's, see {@link Stdlib}) → checker (name resolution, types, flow typing,
 * exhaustiveness) → {@link TypedProgram}.
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

    private static final long STACK_BYTES = 256L << 20;

    /** Runs the phases on a thread with a large stack (see {@link #onLargeStack}). */
    public static Result run(SourceFile source) {
        Result[] result = new Result[1];
        onLargeStack(new Runnable() {
            @Override
            public void run() {
                result[0] = runHere(source);
            }
        });
        return result[0];
    }

    /** Runs the phases on the calling thread, whose stack must be large enough for deep programs. */
    public static Result runHere(SourceFile source) {
        long start = System.nanoTime();
        SourceLines lines = new SourceLines(source.text());
        Reporter reporter = new Reporter(source, lines);
        Phases phases = new Phases(source, lines, reporter);
        phases.run();
        TypedProgram result = reporter.hasErrors() ? null : phases.program;
        return new Result(reporter.diagnostics(), result, System.nanoTime() - start);
    }

    /** The phases as a Runnable (a class, not a lambda: no LambdaMetafactory bootstrap at start-up). */
    private static final class Phases implements Runnable {
        private final SourceFile source;
        private final SourceLines lines;
        private final Reporter reporter;
        TypedProgram program;

        Phases(SourceFile source, SourceLines lines, Reporter reporter) {
            this.source = source;
            this.lines = lines;
            this.reporter = reporter;
        }

        @Override
        public void run() {
            try {
                if (!source.validUtf8()) {
                    reporter.error(lines.positionOf(Math.max(0, source.text().indexOf('\uFFFD'))), "invalid UTF-8 in source");
                }
                List<Token> tokens = Lexer.lex(source.text(), reporter, !source.validUtf8());
                Ast.File file = Parser.parse(tokens, reporter);
                Stdlib.Linked linked = Stdlib.link(file, tokens, reporter);
                program = new Checker(reporter, linked.moduleOf()).check(linked.file(), source.name());
            } catch (RuntimeException | StackOverflowError e) {
                reporter.error(Pos.NONE, "internal compiler error: " + e);
            }
        }
    }

    /**
     * Runs {@code work} on a fresh thread with a 256 MiB stack (reserved, not committed, by the OS)
     * and waits for it. The checker and code generation recurse over the syntax tree; the parser
     * bounds nesting, but a long operator chain still makes a deep tree (a 4 KB file can nest 2,000
     * levels), and the caller's thread — a Gogo session, a DS worker, a test — may have a small
     * stack. A thread start costs well under a millisecond. {@code work} must catch its own
     * exceptions.
     */
    public static void onLargeStack(Runnable work) {
        Thread t = new Thread(null, work, "korlang-compiler", STACK_BYTES);
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A single error diagnostic at {@code pos} of {@code source} (used for code generation failures). */
    public static Diagnostic diagnosticAt(SourceFile source, Pos pos, String message) {
        Reporter reporter = new Reporter(source, new SourceLines(source.text()));
        reporter.error(pos == null ? Pos.NONE : pos, message);
        return reporter.diagnostics().get(0);
    }
}
