package org.korlang.lang.internal.syntax;

import java.util.List;
import org.korlang.lang.internal.typed.Pos;

/**
 * One token. {@code pos} is where it starts, {@code end} just after it (1-based line and column
 * in code points). {@code newlineBefore} is true when a line break (or a comment containing one)
 * separates it from the previous token: the parser ends statements there (Kotlin/Go style).
 *
 * <p>Literal values are decoded by the lexer: {@code intValue} (an INT that does not fit in 63
 * bits has {@code intOverflow}; exactly 2^63 also has {@code intIsMinMagnitude} so that
 * {@code -9223372036854775808} works), {@code floatValue}, {@code charValue} (a code point) and,
 * for a STRING, {@code parts}: literal {@code String}s and interpolated token lists
 * ({@code List<Token>} ending with an EOF token), in order.
 */
public final class Token {
    public final TokenKind kind;
    public final String text;
    public final Pos pos;
    public final Pos end;
    public final boolean newlineBefore;
    public long intValue;
    public boolean intOverflow;
    public boolean intIsMinMagnitude;
    public double floatValue;
    public int charValue;
    public boolean raw;
    public List<Object> parts;

    public Token(TokenKind kind, String text, Pos pos, Pos end, boolean newlineBefore) {
        this.kind = kind;
        this.text = text;
        this.pos = pos;
        this.end = end;
        this.newlineBefore = newlineBefore;
    }

    /** A copy of this token with another kind and text (used to split {@code >>} in generic arguments). */
    public Token split(TokenKind newKind, String newText, Pos newPos) {
        return new Token(newKind, newText, newPos, end, false);
    }

    /** How "found …" in a syntax error names this token: its text quoted, or {@code end of file}. */
    public String describe() {
        if (kind == TokenKind.EOF) {
            return "end of file";
        }
        String t = text.length() > 24 ? text.substring(0, 20) + "…" : text;
        int nl = t.indexOf('\n');
        if (nl >= 0) {
            t = t.substring(0, nl) + "…";
        }
        return "'" + t + "'";
    }

    @Override
    public String toString() {
        return kind + (text != null ? "(" + text + ")" : "") + "@" + pos;
    }
}
