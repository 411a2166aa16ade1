package org.korlang.lang;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One Korlang source file: the name used in diagnostics and stack traces ({@code prog.kor}) and
 * its text.
 *
 * <p>Text given as bytes is decoded as UTF-8 with malformed sequences replaced by U+FFFD, so that
 * the lexer reports them as unexpected characters at their position instead of failing to decode.
 */
public record SourceFile(String name, String text) {
    public SourceFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /** A source file whose text is the UTF-8 decoding of {@code bytes}. */
    public static SourceFile ofUtf8(String name, byte[] bytes) {
        return new SourceFile(name, new String(bytes, StandardCharsets.UTF_8));
    }
}
