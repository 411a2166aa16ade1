package org.korlang.lang;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One Korlang source file: the name used in diagnostics and stack traces ({@code prog.kor}) and
 * its text.
 *
 * <p>Text given as bytes ({@link #ofUtf8}) is decoded as UTF-8; malformed sequences become
 * U+FFFD and {@code validUtf8} is false, which the compiler reports as the error
 * {@code invalid UTF-8 in source} at the first of them (instead of failing to decode).
 */
public record SourceFile(String name, String text, boolean validUtf8) {
    public SourceFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
    }

    /** A source file of already decoded text. */
    public SourceFile(String name, String text) {
        this(name, text, true);
    }

    /** A source file whose text is the UTF-8 decoding of {@code bytes}. */
    public static SourceFile ofUtf8(String name, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return new SourceFile(name, decoder.decode(ByteBuffer.wrap(bytes)).toString(), true);
        } catch (CharacterCodingException e) {
            return new SourceFile(name, new String(bytes, StandardCharsets.UTF_8), false);
        }
    }
}
