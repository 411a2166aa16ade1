package org.korlang.lang.internal.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.korlang.lang.Diagnostic;
import org.korlang.lang.SourceFile;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.diag.SourceLines;

class LexerTest {
    private Reporter reporter;

    private List<Token> lex(String src) {
        reporter = new Reporter(new SourceFile("t.kor", src), new SourceLines(src));
        return Lexer.lex(src, reporter);
    }

    private String kinds(String src) {
        return lex(src).stream().map(t -> t.kind.name()).collect(Collectors.joining(" "));
    }

    private List<String> errors() {
        return reporter.diagnostics().stream().map(d -> d.line() + ":" + d.column() + " " + d.message()).toList();
    }

    @Test
    void integerLiteralsInEveryForm() {
        List<Token> t = lex("42 0x2A 0b101 1_000 0xFFFF_FFFF_FFFF_FFFF 9223372036854775807");
        assertEquals(42, t.get(0).intValue);
        assertEquals(42, t.get(1).intValue);
        assertEquals(5, t.get(2).intValue);
        assertEquals(1000, t.get(3).intValue);
        assertEquals(-1, t.get(4).intValue);
        assertEquals(Long.MAX_VALUE, t.get(5).intValue);
        assertEquals(List.of(), errors());
    }

    @Test
    void twoToThe63IsOnlyAllowedAfterUnaryMinus() {
        List<Token> t = lex("9223372036854775808 9223372036854775809 0x1_0000_0000_0000_0000");
        assertTrue(t.get(0).intIsMinMagnitude);
        assertTrue(t.get(1).intOverflow);
        assertEquals(List.of("1:41 integer literal out of range"), errors());
    }

    @Test
    void floatLiteralsAndRangesAndTupleFields() {
        List<Token> t = lex("1.5 2e10 1.5e-3 6.02E+23 1_000.5");
        assertEquals(1.5, t.get(0).floatValue);
        assertEquals(2e10, t.get(1).floatValue);
        assertEquals(1.5e-3, t.get(2).floatValue);
        assertEquals(6.02e23, t.get(3).floatValue);
        assertEquals(1000.5, t.get(4).floatValue);
        assertEquals("INT DOTDOT IDENT EOF", kinds("1..n"));
        assertEquals("INT DOTDOTEQ INT EOF", kinds("0..=9"));
        assertEquals("IDENT DOT INT DOT INT EOF", kinds("t.0.1"));
        lex("1e400");
        assertEquals(List.of("1:1 float literal out of range"), errors());
    }

    @Test
    void charLiteralsAndEscapes() {
        List<Token> t = lex("'a' '\\n' '\\u{1F600}' '😀' '\\'' '\\0'");
        assertEquals('a', t.get(0).charValue);
        assertEquals('\n', t.get(1).charValue);
        assertEquals(0x1F600, t.get(2).charValue);
        assertEquals(0x1F600, t.get(3).charValue);
        assertEquals('\'', t.get(4).charValue);
        assertEquals(0, t.get(5).charValue);
        assertEquals(List.of(), errors());
        lex("'' 'ab' '\\q' '\\u{D800}'");
        assertEquals(List.of("1:1 invalid char literal", "1:4 invalid char literal", "1:10 unknown escape sequence '\\q'",
                "1:15 invalid Unicode escape"), errors());
    }

    @Test
    void stringsInterpolationAndRawStrings() {
        List<Token> t = lex("\"a\\tb\\\"c\\@{x}\"");
        assertEquals(List.of("a\tb\"c@{x}"), t.get(0).parts);
        t = lex("\"sum=@{a + b}!\"");
        assertEquals(3, t.get(0).parts.size());
        assertEquals("sum=", t.get(0).parts.get(0));
        @SuppressWarnings("unchecked")
        List<Token> inner = (List<Token>) t.get(0).parts.get(1);
        assertEquals(List.of(TokenKind.IDENT, TokenKind.PLUS, TokenKind.IDENT, TokenKind.EOF), inner.stream().map(x -> x.kind).toList());
        assertEquals(10, inner.get(1).pos.column());
        t = lex("\"@{f(\"x\")} { literal }\"");
        assertEquals(" { literal }", t.get(0).parts.get(2));
        t = lex("@\"raw \\n @{x}\nsecond\"");
        assertTrue(t.get(0).raw);
        assertEquals(List.of("raw \\n @{x}\nsecond"), t.get(0).parts);
        assertEquals(List.of(), errors());
    }

    @Test
    void unterminatedThingsAreReportedAndLexingGoesOn() {
        List<Token> t = lex("\"abc\nx /* never closed");
        assertEquals(List.of("1:1 unterminated string", "2:3 unterminated comment"), errors());
        assertEquals(TokenKind.IDENT, t.get(1).kind);
        lex("\"a @{x\ny\"");
        assertEquals("1:7 unterminated interpolation: expected '}'", errors().get(0));
        lex("\"@{}\"");
        assertEquals(List.of("1:2 expected expression, found '}'"), errors());
    }

    @Test
    void newlinesAndCommentsSetNewlineBefore() {
        List<Token> t = lex("a // c\nb /* x\n */ c d");
        assertFalse(t.get(0).newlineBefore);
        assertTrue(t.get(1).newlineBefore);
        assertTrue(t.get(2).newlineBefore);
        assertFalse(t.get(3).newlineBefore);
        assertEquals(3, t.get(2).pos.line());
    }

    @Test
    void keywordsReservedWordsAndUnexpectedCharacters() {
        assertEquals("FUN LET MUT VAR IDENT RESERVED RESERVED EOF", kinds("fun let mut var self class async"));
        lex("a # é");
        assertEquals(List.of("1:3 unexpected character '#'", "1:5 unexpected character 'é'"), errors());
    }

    @Test
    void operatorsLexLongestFirst() {
        assertEquals("SHL_ASSIGN SHR SHR_ASSIGN ELVIS SAFE_DOT BANG_BANG PIPE_GT FAT_ARROW ARROW NE LE GE EQ AND_AND OR_OR EOF",
                kinds("<<= >> >>= ?: ?. !! |> => -> != <= >= == && ||"));
    }

    @Test
    void onlyAsciiDigitsAreDigits() {
        // regression (found by fuzzing): an exponent followed by a non-ASCII digit crashed the float parser
        List<Token> t = lex("0e\u0663 0x\u0661");
        assertEquals(0, t.get(0).intValue);
        assertEquals(List.of("1:2 invalid suffix 'e' on number literal", "1:3 unexpected character '\u0663'",
                "1:5 number literal without digits", "1:7 unexpected character '\u0661'"), errors());
    }

    @Test
    void columnsCountCodePoints() {
        List<Token> t = lex("\"😀\" x");
        assertEquals(5, t.get(1).pos.column());
        List<Diagnostic> none = reporter.diagnostics();
        assertTrue(none.isEmpty());
    }
}
