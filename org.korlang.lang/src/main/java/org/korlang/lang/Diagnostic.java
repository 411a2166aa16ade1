package org.korlang.lang;

import java.util.Objects;

/**
 * One compile-time error or warning at a position of a source file.
 *
 * <p>{@code line} and {@code column} are 1-based; the column counts Unicode scalar values (code
 * points) from the start of the line, so a character outside the BMP counts once.
 * {@code sourceLine} is the text of the line without its line terminator (empty when the position
 * is past the end of the file).
 *
 * <p>{@link #format()} gives the text the command line prints, exactly three lines joined by
 * {@code \n} (no trailing newline):
 * <pre>
 * prog.kor:3:9: error: unknown name 'y'
 *     let x = y + 1
 *             ^
 * </pre>
 * The caret line repeats each tab of the source line before the column as a tab, so the caret sits
 * under the right character whatever the terminal's tab width.
 */
public record Diagnostic(Severity severity, String file, int line, int column, String message, String sourceLine)
        implements Comparable<Diagnostic> {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(sourceLine, "sourceLine");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("positions are 1-based: " + line + ":" + column);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:LINE:COL: error: message}, the first line of {@link #format()}. */
    public String header() {
        return file + ":" + line + ":" + column + ": " + severity.label() + ": " + message;
    }

    /** The header, the source line and a caret line under the column. */
    public String format() {
        StringBuilder caret = new StringBuilder();
        int offset = 0;
        for (int c = 1; c < column; c++) {
            if (offset < sourceLine.length()) {
                int cp = sourceLine.codePointAt(offset);
                caret.append(cp == '\t' ? '\t' : ' ');
                offset += Character.charCount(cp);
            } else {
                caret.append(' ');
            }
        }
        caret.append('^');
        return header() + "\n" + sourceLine + "\n" + caret;
    }

    /** Diagnostics sort by line, then column, errors before warnings at one position. */
    @Override
    public int compareTo(Diagnostic other) {
        if (line != other.line) {
            return Integer.compare(line, other.line);
        }
        if (column != other.column) {
            return Integer.compare(column, other.column);
        }
        return severity.compareTo(other.severity);
    }

    @Override
    public String toString() {
        return header();
    }
}
