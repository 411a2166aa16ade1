package org.korlang.lang.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.korlang.lang.Diagnostic;
import org.korlang.lang.SourceFile;
import org.korlang.lang.internal.diag.SourceLines;

/**
 * Fuzzing the front end: whatever the input, it returns diagnostics or a typed program and never
 * throws; every diagnostic points into the file and quotes the right line; a program comes back
 * exactly when there is no error, and then satisfies the typed-program invariants.
 *
 * <p>Inputs: arbitrary strings (any UTF-16, including surrogates and controls), arbitrary bytes
 * (decoded as UTF-8), random streams of Korlang tokens, and random mutations of the conformance
 * scripts (token and line deletions, duplications, swaps, insertions). The number of tries is
 * jqwik's default, set by the build from {@code -Dkorlang.fuzz.tries} (300 in CI; run
 * {@code mvn -pl org.korlang.lang test -Dtest=FrontEndFuzzTest -Dkorlang.fuzz.tries=20000} for a
 * deep round).
 */
class FrontEndFuzzTest {
    private static final String[] VOCABULARY = {
        "fun", "let", "var", "mut", "if", "else", "match", "for", "in", "while", "break", "continue", "return",
        "struct", "enum", "type", "import", "as", "spawn", "true", "false", "null", "class", "self",
        "(", ")", "[", "]", "{", "}", ",", ";", ":", ".", "..", "..=", "->", "=>", "+", "-", "*", "/", "%",
        "=", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "!", "&", "|", "^", "<<", ">>", "+=", "-=", "?",
        "?:", "?.", "!!", "|>", "_", "x", "y", "main", "Point", "Shape", "T", "Int", "Float", "String", "Bool",
        "Char", "Any", "Void", "Result", "Ok", "Err", "println", "print", "len", "str", "push", "pop", "abs",
        "0", "1", "42", "9223372036854775808", "0xFF", "1.5", "2e10", "'a'", "'\\n'", "\"s\"", "\"a@{x}b\"",
        "@\"raw\"", "\n", "\n", "\n", "//c\n", "/* c */",
    };

    private static List<String> scriptTexts;

    private static synchronized List<String> scripts() {
        if (scriptTexts == null) {
            List<String> texts = new ArrayList<>();
            try {
                for (Path p : TypedProgramInvariantsTest.scripts()) {
                    texts.add(Files.readString(p, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (texts.isEmpty()) {
                texts.add("struct P { x: Int }\nenum E { A(Int); B }\nfun main() -> Int {\n    let p = P { x: 1 }\n"
                        + "    match E.A(p.x) { E.A(n) => println(n), E.B => println(0) }\n    0\n}\n");
            }
            scriptTexts = texts;
        }
        return scriptTexts;
    }

    /** The property every input must satisfy. */
    static void assertWellBehaved(SourceFile source) {
        FrontEnd.Result r = FrontEnd.run(source);
        SourceLines lines = new SourceLines(source.text());
        boolean errors = false;
        for (Diagnostic d : r.diagnostics()) {
            assertFalse(d.message().startsWith("internal compiler error"), d.header());
            assertTrue(d.line() >= 1 && d.line() <= lines.lineCount(), d::header);
            String text = lines.lineText(d.line());
            assertEquals(text, d.sourceLine(), d::header);
            assertTrue(d.column() >= 1 && d.column() <= text.codePointCount(0, text.length()) + 1, d::header);
            assertNotNull(d.format());
            errors |= d.isError();
        }
        if (errors) {
            assertNull(r.program());
        } else {
            assertNotNull(r.program(), "no errors but no program");
            List<String> problems = TypedProgramValidator.validate(r.program());
            assertTrue(problems.isEmpty(), () -> "typed program invariants broken: " + problems + "\nsource:\n" + source.text());
        }
    }

    @Property
    void arbitraryStrings(@ForAll("anyText") String text) {
        assertWellBehaved(new SourceFile("fuzz.kor", text));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(400);
    }

    @Property
    void arbitraryBytes(@ForAll("anyBytes") byte[] bytes) {
        assertWellBehaved(SourceFile.ofUtf8("fuzz.kor", bytes));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    }

    @Property
    void randomTokenStreams(@ForAll("tokenStreams") String text) {
        assertWellBehaved(new SourceFile("fuzz.kor", text));
    }

    @Provide
    Arbitrary<String> tokenStreams() {
        return Arbitraries.of(VOCABULARY).list().ofMaxSize(120).map(ts -> String.join(" ", ts));
    }

    @Property
    void mutatedConformanceScripts(@ForAll("scriptIndex") int index, @ForAll long seed, @ForAll("mutationCount") int mutations) {
        List<String> all = scripts();
        String text = all.get(Math.floorMod(index, all.size()));
        assertWellBehaved(new SourceFile("mutant.kor", mutate(text, new Random(seed), mutations)));
    }

    @Provide
    Arbitrary<Integer> scriptIndex() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE);
    }

    @Provide
    Arbitrary<Integer> mutationCount() {
        return Arbitraries.integers().between(1, 6);
    }

    /** Applies {@code n} random edits at the level of lines or of whitespace-separated words. */
    static String mutate(String text, Random rnd, int n) {
        for (int k = 0; k < n; k++) {
            boolean byLine = rnd.nextBoolean();
            List<String> parts = new ArrayList<>(List.of(byLine ? text.split("\n", -1) : text.split(" ", -1)));
            if (parts.isEmpty()) {
                return text;
            }
            int i = rnd.nextInt(parts.size());
            int j = rnd.nextInt(parts.size());
            switch (rnd.nextInt(6)) {
                case 0 -> parts.remove(i);
                case 1 -> parts.add(i, parts.get(j));
                case 2 -> {
                    String t = parts.get(i);
                    parts.set(i, parts.get(j));
                    parts.set(j, t);
                }
                case 3 -> parts.add(i, VOCABULARY[rnd.nextInt(VOCABULARY.length)]);
                case 4 -> {
                    String p = parts.get(i);
                    if (!p.isEmpty()) {
                        int c = rnd.nextInt(p.length());
                        parts.set(i, p.substring(0, c) + p.substring(c + 1));
                    }
                }
                default -> {
                    String p = parts.get(i);
                    int c = p.isEmpty() ? 0 : rnd.nextInt(p.length());
                    parts.set(i, p.substring(0, c) + VOCABULARY[rnd.nextInt(VOCABULARY.length)] + p.substring(c));
                }
            }
            text = String.join(byLine ? "\n" : " ", parts);
        }
        return text;
    }
}
