package org.korlang.lang.internal.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.typed.Pos;

/**
 * Turns Korlang source text into tokens.
 *
 * <p>Algorithm: one pass over the UTF-16 text with a hand-written switch on the current char (no
 * regular expressions, no per-token allocation beyond the token itself). Line and column are
 * tracked incrementally; a surrogate pair counts as one column, so columns count Unicode scalar
 * values. Whitespace and comments ({@code //} to end of line, {@code /* … *}{@code /} not
 * nested) are skipped; a line break among them sets {@link Token#newlineBefore} on the next token,
 * which is how the parser ends statements at line ends.
 *
 * <p>Strings: {@code "…"} decodes the escapes {@code \n \t \r \\ \" \' \0 \@ &#92;u{…}} and splits the
 * text at {@code @{…}} interpolations; the expression inside is lexed recursively into its own
 * token list (ended by EOF), up to the {@code }} that balances the {@code @{} (braces, strings and
 * comments inside are handled). {@code @"…"} is a raw string: no escapes, no interpolation, may span
 * lines. A bare {@code {} is literal text. Numbers: decimal with {@code _} separators, {@code 0x},
 * {@code 0b}, {@code 0o}; floats with a fraction and/or exponent. After a {@code .} a number is
 * lexed without fraction, so {@code t.0.1} is a tuple access twice and {@code 1..5} a range.
 *
 * <p>Errors (an unterminated string or comment, a bad escape, a stray character, …) are reported
 * and lexing goes on, so that the parser still sees the rest of the file. The lexer never throws.
 */
public final class Lexer {
    private static final Map<String, TokenKind> KEYWORDS = new HashMap<>();
    private static final String[] RESERVED_WORDS = {
        "view", "resource", "state", "gpu", "interface", "sealed", "implements", "class", "async"};

    static {
        for (TokenKind k : TokenKind.values()) {
            if (k.ordinal() >= TokenKind.FUN.ordinal() && k.ordinal() <= TokenKind.NULL.ordinal()) {
                KEYWORDS.put(k.text(), k);
            }
        }
        for (String r : RESERVED_WORDS) {
            KEYWORDS.put(r, TokenKind.RESERVED);
        }
    }

    private final String src;
    private final Reporter reporter;
    private final int limit;
    private int offset;
    private int line;
    private int column;
    private boolean sawNewline;
    private TokenKind previous;
    /** Inside an interpolation: stop at line ends instead of skipping them. */
    private boolean stopAtNewline;
    /** Set when an interpolation ended at a line end (its string is then unterminated too, reported once). */
    private boolean broken;
    private boolean skipReplacementChars;

    private Lexer(String src, int start, int limit, int line, int column, Reporter reporter) {
        this.src = src;
        this.reporter = reporter;
        this.offset = start;
        this.limit = limit;
        this.line = line;
        this.column = column;
    }

    /** All tokens of {@code src}, ending with one EOF token. */
    public static List<Token> lex(String src, Reporter reporter) {
        return lex(src, reporter, false);
    }

    /**
     * As {@link #lex(String, Reporter)}; with {@code decodedFromInvalidUtf8} the U+FFFD chars that
     * stand for malformed bytes are skipped silently (the file already has its one
     * {@code invalid UTF-8 in source} error).
     */
    public static List<Token> lex(String src, Reporter reporter, boolean decodedFromInvalidUtf8) {
        return lex(src, reporter, decodedFromInvalidUtf8, 1);
    }

    /**
     * As {@link #lex(String, Reporter, boolean)} with the first line numbered {@code firstLine}: a
     * stdlib module's source is lexed at its line base ({@link org.korlang.lang.bytecode.StdlibModules}).
     */
    public static List<Token> lex(String src, Reporter reporter, boolean decodedFromInvalidUtf8, int firstLine) {
        Lexer lexer = new Lexer(src, 0, src.length(), firstLine, 1, reporter);
        lexer.skipReplacementChars = decodedFromInvalidUtf8;
        List<Token> tokens = new ArrayList<>(src.length() / 4 + 4);
        lexer.run(tokens, false);
        return tokens;
    }

    /** Lexes until EOF, or (inside an interpolation) until the {@code }} that closes it. */
    private void run(List<Token> out, boolean interpolation) {
        int depth = 0;
        while (true) {
            skipTrivia();
            if (offset >= limit) {
                if (interpolation) {
                    reporter.error(pos(), "unterminated interpolation: expected '}'");
                }
                out.add(new Token(TokenKind.EOF, "", pos(), pos(), sawNewline));
                return;
            }
            if (interpolation) {
                char c = src.charAt(offset);
                if (c == '\n' || c == '\r') {
                    // strings do not span lines: an interpolation still open at the line end is broken
                    reporter.error(pos(), "unterminated interpolation: expected '}'");
                    broken = true;
                    out.add(new Token(TokenKind.EOF, "", pos(), pos(), sawNewline));
                    return;
                }
                if (c == '}' && depth == 0) {
                    out.add(new Token(TokenKind.EOF, "", pos(), pos(), sawNewline));
                    advance();
                    return;
                }
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
            Token t = next();
            if (t != null) {
                out.add(t);
                previous = t.kind;
                sawNewline = false;
            }
        }
    }

    private Pos pos() {
        return new Pos(line, column);
    }

    private char peek(int ahead) {
        int i = offset + ahead;
        return i < limit ? src.charAt(i) : '\0';
    }

    private boolean at(int ahead, char c) {
        int i = offset + ahead;
        return i < limit && src.charAt(i) == c;
    }

    /** Consumes one code point, keeping line and column. */
    private void advance() {
        char c = src.charAt(offset++);
        if (c == '\n') {
            line++;
            column = 1;
        } else if (c == '\r') {
            if (offset < limit && src.charAt(offset) == '\n') {
                offset++;
            }
            line++;
            column = 1;
        } else {
            if (Character.isHighSurrogate(c) && offset < limit && Character.isLowSurrogate(src.charAt(offset))) {
                offset++;
            }
            column++;
        }
    }

    private void skipTrivia() {
        while (offset < limit) {
            char c = src.charAt(offset);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\uFEFF') {
                advance();
            } else if (c == '\n' || c == '\r') {
                if (stopAtNewline) {
                    return;
                }
                sawNewline = true;
                advance();
            } else if (c == '/' && at(1, '/')) {
                while (offset < limit && src.charAt(offset) != '\n' && src.charAt(offset) != '\r') {
                    advance();
                }
            } else if (c == '/' && at(1, '*')) {
                Pos start = pos();
                advance();
                advance();
                boolean closed = false;
                while (offset < limit) {
                    if (src.charAt(offset) == '*' && at(1, '/')) {
                        advance();
                        advance();
                        closed = true;
                        break;
                    }
                    if (src.charAt(offset) == '\n' || src.charAt(offset) == '\r') {
                        sawNewline = true;
                    }
                    advance();
                }
                if (!closed) {
                    reporter.error(start, "unterminated comment");
                }
            } else {
                return;
            }
        }
    }

    private Token make(TokenKind kind, Pos start, int startOffset) {
        return new Token(kind, src.substring(startOffset, offset), start, pos(), sawNewline);
    }

    private Token punct(TokenKind kind, Pos start, int length) {
        int s = offset;
        for (int i = 0; i < length; i++) {
            advance();
        }
        return make(kind, start, s);
    }

    private Token next() {
        Pos start = pos();
        int s = offset;
        char c = src.charAt(offset);
        if (isIdentStart(c)) {
            while (offset < limit && isIdentPart(src.charAt(offset))) {
                advance();
            }
            String word = src.substring(s, offset);
            TokenKind k = KEYWORDS.get(word);
            return new Token(k == null ? TokenKind.IDENT : k, word, start, pos(), sawNewline);
        }
        if (c >= '0' && c <= '9') {
            return number(start);
        }
        switch (c) {
            case '"':
                return string(start, false);
            case '\'':
                return charLiteral(start);
            case '@':
                if (at(1, '"')) {
                    advance();
                    return string(start, true);
                }
                break;
            case '(':
                return punct(TokenKind.LPAREN, start, 1);
            case ')':
                return punct(TokenKind.RPAREN, start, 1);
            case '[':
                return punct(TokenKind.LBRACKET, start, 1);
            case ']':
                return punct(TokenKind.RBRACKET, start, 1);
            case '{':
                return punct(TokenKind.LBRACE, start, 1);
            case '}':
                return punct(TokenKind.RBRACE, start, 1);
            case ',':
                return punct(TokenKind.COMMA, start, 1);
            case ';':
                return punct(TokenKind.SEMI, start, 1);
            case ':':
                return punct(TokenKind.COLON, start, 1);
            case '.':
                if (at(1, '.')) {
                    return at(2, '=') ? punct(TokenKind.DOTDOTEQ, start, 3) : punct(TokenKind.DOTDOT, start, 2);
                }
                return punct(TokenKind.DOT, start, 1);
            case '+':
                return at(1, '=') ? punct(TokenKind.PLUS_ASSIGN, start, 2) : punct(TokenKind.PLUS, start, 1);
            case '-':
                if (at(1, '>')) {
                    return punct(TokenKind.ARROW, start, 2);
                }
                return at(1, '=') ? punct(TokenKind.MINUS_ASSIGN, start, 2) : punct(TokenKind.MINUS, start, 1);
            case '*':
                return at(1, '=') ? punct(TokenKind.STAR_ASSIGN, start, 2) : punct(TokenKind.STAR, start, 1);
            case '/':
                return at(1, '=') ? punct(TokenKind.SLASH_ASSIGN, start, 2) : punct(TokenKind.SLASH, start, 1);
            case '%':
                return at(1, '=') ? punct(TokenKind.PERCENT_ASSIGN, start, 2) : punct(TokenKind.PERCENT, start, 1);
            case '=':
                if (at(1, '=')) {
                    return punct(TokenKind.EQ, start, 2);
                }
                return at(1, '>') ? punct(TokenKind.FAT_ARROW, start, 2) : punct(TokenKind.ASSIGN, start, 1);
            case '!':
                if (at(1, '=')) {
                    return punct(TokenKind.NE, start, 2);
                }
                return at(1, '!') ? punct(TokenKind.BANG_BANG, start, 2) : punct(TokenKind.BANG, start, 1);
            case '<':
                if (at(1, '<')) {
                    return at(2, '=') ? punct(TokenKind.SHL_ASSIGN, start, 3) : punct(TokenKind.SHL, start, 2);
                }
                return at(1, '=') ? punct(TokenKind.LE, start, 2) : punct(TokenKind.LT, start, 1);
            case '>':
                if (at(1, '>')) {
                    return at(2, '=') ? punct(TokenKind.SHR_ASSIGN, start, 3) : punct(TokenKind.SHR, start, 2);
                }
                return at(1, '=') ? punct(TokenKind.GE, start, 2) : punct(TokenKind.GT, start, 1);
            case '&':
                if (at(1, '&')) {
                    return punct(TokenKind.AND_AND, start, 2);
                }
                return at(1, '=') ? punct(TokenKind.AMP_ASSIGN, start, 2) : punct(TokenKind.AMP, start, 1);
            case '|':
                if (at(1, '|')) {
                    return punct(TokenKind.OR_OR, start, 2);
                }
                if (at(1, '>')) {
                    return punct(TokenKind.PIPE_GT, start, 2);
                }
                return at(1, '=') ? punct(TokenKind.PIPE_ASSIGN, start, 2) : punct(TokenKind.PIPE, start, 1);
            case '^':
                return at(1, '=') ? punct(TokenKind.CARET_ASSIGN, start, 2) : punct(TokenKind.CARET, start, 1);
            case '?':
                if (at(1, ':')) {
                    return punct(TokenKind.ELVIS, start, 2);
                }
                return at(1, '.') ? punct(TokenKind.SAFE_DOT, start, 2) : punct(TokenKind.QUESTION, start, 1);
            default:
                break;
        }
        int cp = src.codePointAt(offset);
        advance();
        if (!(cp == 0xFFFD && skipReplacementChars)) {
            reporter.error(start, "unexpected character " + describeCodePoint(cp));
        }
        return null;
    }

    /** A character as diagnostics show it: quoted when printable ({@code 'é'}), else {@code U+0007}. */
    static String describeCodePoint(int cp) {
        if (cp >= 0x20 && cp != 0x7F && !Character.isISOControl(cp) && Character.isDefined(cp) && cp != 0xFFFD
                && !Character.isWhitespace(cp)) {
            return "'" + new String(Character.toChars(cp)) + "'";
        }
        String hex = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
        return "U+" + "0000".substring(Math.min(4, hex.length())) + hex;
    }

    /** Identifiers are ASCII (docs/language.md D1); other letters are unexpected characters. */
    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    // ------------------------------------------------------------------ numbers

    private Token number(Pos start) {
        int s = offset;
        boolean afterDot = previous == TokenKind.DOT || previous == TokenKind.SAFE_DOT;
        if (src.charAt(offset) == '0' && (at(1, 'x') || at(1, 'b'))) {
            char kind = peek(1);
            int radix = kind == 'x' ? 16 : 2;
            advance();
            advance();
            long value = 0;
            boolean overflow = false;
            int digits = 0;
            while (offset < limit) {
                char c = src.charAt(offset);
                if (c == '_') {
                    advance();
                    continue;
                }
                int d = digitValue(c, radix);
                if (d < 0) {
                    if (isIdentPart(c)) {
                        reporter.error(pos(), "invalid digit '" + c + "' in " + (radix == 16 ? "hexadecimal" : "binary") + " literal");
                        while (offset < limit && isIdentPart(src.charAt(offset))) {
                            advance();
                        }
                    }
                    break;
                }
                // up to 64 bits of pattern are accepted (0xFFFF_FFFF_FFFF_FFFF is -1)
                if (Long.numberOfLeadingZeros(value) < (radix == 16 ? 4 : 1)) {
                    overflow = true;
                }
                value = value * radix + d;
                digits++;
                advance();
            }
            Token t = make(TokenKind.INT, start, s);
            if (digits == 0) {
                reporter.error(start, "number literal without digits");
            }
            if (overflow) {
                reporter.error(start, "integer literal out of range");
            }
            t.intValue = value;
            return t;
        }
        StringBuilder digits = new StringBuilder();
        scanDigits(digits);
        boolean isFloat = false;
        if (!afterDot && at(0, '.') && isAsciiDigit(peek(1))) {
            isFloat = true;
            digits.append('.');
            advance();
            scanDigits(digits);
        }
        if (!afterDot && (at(0, 'e') || at(0, 'E'))
                && (isAsciiDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isAsciiDigit(peek(2))))) {
            isFloat = true;
            digits.append('e');
            advance();
            if (at(0, '+') || at(0, '-')) {
                digits.append(src.charAt(offset));
                advance();
            }
            scanDigits(digits);
        }
        if (offset < limit && isIdentStart(src.charAt(offset))) {
            Pos p = pos();
            int bad = offset;
            while (offset < limit && isIdentPart(src.charAt(offset))) {
                advance();
            }
            reporter.error(p, "invalid suffix '" + src.substring(bad, offset) + "' on number literal");
        }
        Token t = make(isFloat ? TokenKind.FLOAT : TokenKind.INT, start, s);
        if (isFloat) {
            double v = Double.parseDouble(digits.toString());
            if (Double.isInfinite(v)) {
                reporter.error(start, "float literal out of range");
            }
            t.floatValue = v;
        } else {
            decimalInt(t, digits);
        }
        return t;
    }

    /** The value of an ASCII digit in {@code radix} (2 or 16), or -1 (other Unicode digits are not digits here). */
    private static int digitValue(char c, int radix) {
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        return v < radix ? v : -1;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void scanDigits(StringBuilder out) {
        while (offset < limit) {
            char c = src.charAt(offset);
            if (c >= '0' && c <= '9') {
                out.append(c);
            } else if (c != '_') {
                return;
            }
            advance();
        }
    }

    private static void decimalInt(Token t, CharSequence digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                // exactly 2^63 is allowed only under a unary minus
                if (i == digits.length() - 1 && value == 922337203685477580L && d == 8) {
                    t.intIsMinMagnitude = true;
                    t.intValue = Long.MIN_VALUE;
                    return;
                }
                t.intOverflow = true;
                return;
            }
            value = value * 10 + d;
        }
        t.intValue = value;
    }

    // ------------------------------------------------------------------ chars and strings

    private Token charLiteral(Pos start) {
        int s = offset;
        advance();
        int value = -1;
        int count = 0;
        while (offset < limit && src.charAt(offset) != '\'' && src.charAt(offset) != '\n' && src.charAt(offset) != '\r') {
            int cp;
            if (src.charAt(offset) == '\\') {
                cp = escape(false);
            } else {
                cp = src.codePointAt(offset);
                advance();
            }
            if (count == 0) {
                value = cp;
            }
            count++;
        }
        Token t;
        if (at(0, '\'')) {
            advance();
            t = make(TokenKind.CHAR, start, s);
            if (count != 1) {
                reporter.error(start, "invalid char literal");
            }
        } else {
            t = make(TokenKind.CHAR, start, s);
            reporter.error(start, "invalid char literal");
        }
        t.charValue = value < 0 ? 0 : value;
        return t;
    }

    /**
     * Decodes one escape at {@code \}; returns the code point, or -1 after reporting a bad escape.
     * {@code \@} exists so that a string can hold a literal {@code @{}.
     */
    private int escape(boolean inString) {
        Pos p = pos();
        advance();
        if (offset >= limit) {
            reporter.error(p, "unterminated escape sequence");
            return -1;
        }
        char c = src.charAt(offset);
        switch (c) {
            case 'n': advance(); return '\n';
            case 't': advance(); return '\t';
            case 'r': advance(); return '\r';
            case '0': advance(); return 0;
            case '\\': advance(); return '\\';
            case '"': advance(); return '"';
            case '\'': advance(); return '\'';
            case '@':
                if (!inString) {
                    return unknownEscape(p, c);
                }
                advance();
                return '@';
            case 'u': {
                advance();
                if (!at(0, '{')) {
                    reporter.error(p, "invalid Unicode escape");
                    return -1;
                }
                advance();
                int value = 0;
                int digits = 0;
                while (offset < limit && digitValue(src.charAt(offset), 16) >= 0) {
                    if (digits < 8) {
                        value = value * 16 + digitValue(src.charAt(offset), 16);
                    }
                    digits++;
                    advance();
                }
                if (!at(0, '}')) {
                    reporter.error(p, "invalid Unicode escape");
                    return -1;
                }
                advance();
                if (digits == 0 || digits > 6 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
                    reporter.error(p, "invalid Unicode escape");
                    return -1;
                }
                return value;
            }
            default:
                return unknownEscape(p, c);
        }
    }

    private int unknownEscape(Pos p, char c) {
        int cp = src.codePointAt(offset);
        if (c != '\n' && c != '\r') {
            advance();
        }
        reporter.error(p, "unknown escape sequence '\\" + (cp >= 0x20 && cp < 0x7F ? String.valueOf((char) cp) : describeCodePoint(cp)) + "'");
        return -1;
    }

    private Token string(Pos start, boolean raw) {
        int s = raw ? offset - 1 : offset;
        advance(); // opening quote
        List<Object> parts = new ArrayList<>(1);
        StringBuilder text = new StringBuilder();
        boolean closed = false;
        boolean brokenInterpolation = false;
        while (offset < limit) {
            char c = src.charAt(offset);
            if (c == '"') {
                advance();
                closed = true;
                break;
            }
            if (!raw && (c == '\n' || c == '\r')) {
                break;
            }
            if (!raw && c == '\\') {
                int cp = escape(true);
                if (cp >= 0) {
                    text.appendCodePoint(cp);
                }
                continue;
            }
            if (!raw && c == '@' && at(1, '{')) {
                Pos interpolationPos = pos();
                advance();
                advance();
                if (text.length() > 0 || parts.isEmpty()) {
                    parts.add(text.toString());
                }
                text.setLength(0);
                Lexer inner = new Lexer(src, offset, limit, line, column, reporter);
                inner.stopAtNewline = true;
                List<Token> tokens = new ArrayList<>();
                inner.run(tokens, true);
                offset = inner.offset;
                line = inner.line;
                column = inner.column;
                brokenInterpolation |= inner.broken;
                if (tokens.size() == 1) {
                    reporter.error(interpolationPos, "expected expression, found '}'");
                }
                parts.add(tokens);
                continue;
            }
            text.append(c);
            offset++;
            if (c == '\n' || (c == '\r')) {
                if (c == '\r' && offset < limit && src.charAt(offset) == '\n') {
                    text.append('\n');
                    offset++;
                }
                line++;
                column = 1;
            } else if (Character.isHighSurrogate(c) && offset < limit && Character.isLowSurrogate(src.charAt(offset))) {
                text.append(src.charAt(offset));
                offset++;
                column++;
            } else {
                column++;
            }
        }
        if (!closed && !brokenInterpolation) {
            reporter.error(start, "unterminated string");
        }
        if (text.length() > 0 || parts.isEmpty()) {
            parts.add(text.toString());
        }
        Token t = make(TokenKind.STRING, start, s);
        t.parts = parts;
        t.raw = raw;
        return t;
    }
}
