package org.korlang.lang.internal.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.korlang.lang.Diagnostic;
import org.korlang.lang.Severity;
import org.korlang.lang.SourceFile;
import org.korlang.lang.internal.typed.Pos;

/**
 * Collects the diagnostics of one compilation of one file. Every phase reports here instead of
 * throwing, so that all errors of a file come out together.
 *
 * <p>Invariants: each diagnostic's position is clamped into the file (a line that exists, a
 * column at most one past the end of that line), and the same message at the same position is
 * reported once (error recovery may otherwise find one mistake twice). Positions inside a stdlib
 * module's source (lines from {@code StdlibModules.LINE_BASE} on) are not the program's: warnings
 * there are dropped, and an error there is reported as an internal stdlib error naming the module's
 * file and line, at the start of the program.
 */
public final class Reporter {
    private final SourceFile source;
    private final SourceLines lines;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int errorCount;

    public Reporter(SourceFile source, SourceLines lines) {
        this.source = source;
        this.lines = lines;
    }

    public void error(Pos pos, String message) {
        add(Severity.ERROR, pos, message);
    }

    public void warning(Pos pos, String message) {
        add(Severity.WARNING, pos, message);
    }

    private void add(Severity severity, Pos pos, String message) {
        if (pos.line() >= org.korlang.lang.bytecode.StdlibModules.LINE_BASE) {
            // a position in a stdlib module's source (compiled with the program that imports it):
            // its warnings are not the program's business; an error there is a bug of the stdlib
            if (severity == Severity.WARNING) {
                return;
            }
            message = "internal error in the stdlib, " + org.korlang.lang.bytecode.StdlibModules.fileOf(pos.line(), "")
                    + ":" + org.korlang.lang.bytecode.StdlibModules.lineIn(pos.line()) + ":" + pos.column() + ": " + message;
            pos = Pos.NONE;
        }
        int line = Math.max(1, Math.min(pos.line(), lines.lineCount()));
        String text = lines.lineText(line);
        int maxColumn = text.codePointCount(0, text.length()) + 1;
        int column = Math.max(1, Math.min(line == pos.line() ? pos.column() : maxColumn, maxColumn));
        if (!seen.add(severity + ":" + line + ":" + column + ":" + message)) {
            return;
        }
        if (severity == Severity.ERROR) {
            errorCount++;
        }
        diagnostics.add(new Diagnostic(severity, source.name(), line, column, message, text));
    }

    public boolean hasErrors() {
        return errorCount > 0;
    }

    public int errorCount() {
        return errorCount;
    }

    /** Every diagnostic so far, sorted by position. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        Collections.sort(sorted);
        return sorted;
    }
}
