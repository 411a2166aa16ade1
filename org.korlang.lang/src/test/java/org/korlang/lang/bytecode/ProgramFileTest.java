package org.korlang.lang.bytecode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;

/**
 * The bytecode file: a compiled program survives the round trip exactly (same file again, same
 * disassembly), and every malformed file — not one, another format or instruction set, truncated at
 * any byte, a corrupt count, stray bytes — is a {@link ProgramFileException}, never another exception.
 */
class ProgramFileTest {

    private static Program compile(String text) {
        return new KorlangCompiler().compile(SourceFile.ofUtf8("p.kor", text.getBytes(StandardCharsets.UTF_8)))
                .program().orElseThrow();
    }

    private static final String PROGRAM = """
            import collections
            enum Shape { Circle(Float); Empty }
            struct P { x: Int; name: String }
            fun main(args: [String]) -> Int {
                let m: Map<String, Int> = Map.new()
                m.set("é \\u{1F600}", 2)
                let f = fun (x: Int) -> Int { x + args.len() }
                println(P { x: f(1), name: "n" })
                println(Shape.Empty)
                for (k, v) in m { println("@{k}=@{v} @{1.5}") }
                0
            }
            """;

    @Test
    void aCompiledProgramSurvivesTheRoundTrip() {
        Program p = compile(PROGRAM);
        byte[] file = ProgramFile.write(p);
        assertTrue(ProgramFile.looksLikeBytecode(file));
        Program back = ProgramFile.read(file);
        assertArrayEquals(file, ProgramFile.write(back));
        assertEquals(Disassembler.listing(p), Disassembler.listing(back));
        assertEquals(p.entry(), back.entry());
        assertEquals(p.sourceName(), back.sourceName());
    }

    @Test
    void sourceTextIsNotBytecode() {
        byte[] source = PROGRAM.getBytes(StandardCharsets.UTF_8);
        assertFalse(ProgramFile.looksLikeBytecode(source));
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(source)).getMessage()
                .contains("not a Korlang bytecode file"));
        assertThrows(ProgramFileException.class, () -> ProgramFile.read(new byte[0]));
    }

    @Test
    void anotherFormatOrInstructionSetIsRefused() {
        byte[] file = ProgramFile.write(compile(PROGRAM));
        byte[] format = file.clone();
        ByteBuffer.wrap(format).putInt(ProgramFile.MAGIC.length, ProgramFile.FORMAT_VERSION + 1);
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(format)).getMessage().contains("format"));
        byte[] set = file.clone();
        ByteBuffer.wrap(set).putInt(ProgramFile.MAGIC.length + 4, ProgramFile.instructionSet() + 1);
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(set)).getMessage().contains("instruction set"));
    }

    @Test
    void everyTruncationAndStrayBytesAreRefused() {
        byte[] file = ProgramFile.write(compile(PROGRAM));
        // every cut in the header and the first tables, then one in 61 bytes (the file is tens of KiB)
        for (int len = 0; len < file.length; len += len < 400 ? 1 : 61) {
            byte[] cut = Arrays.copyOf(file, len);
            assertThrows(ProgramFileException.class, () -> ProgramFile.read(cut), "cut at " + len);
        }
        byte[] longer = Arrays.copyOf(file, file.length + 1);
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(longer)).getMessage().contains("after the end"));
    }

    @Test
    void corruptBytesGiveAProgramFileExceptionOrAProgramNeverAnotherException() {
        byte[] file = ProgramFile.write(compile(PROGRAM));
        Random random = new Random(13);
        int header = ProgramFile.MAGIC.length + 8;
        for (int i = 0; i < 300; i++) {
            byte[] bad = file.clone();
            bad[header + random.nextInt(file.length - header)] = (byte) random.nextInt(256);
            try {
                ProgramFile.read(bad); // a well-formed but wrong program: the VM's verifier decides
            } catch (ProgramFileException expected) {
                // refused with a message
            }
        }
        byte[] hugeCount = file.clone();
        ByteBuffer b = ByteBuffer.wrap(hugeCount);
        int nameLength = b.getInt(header);
        b.putInt(header + 4 + nameLength, Integer.MAX_VALUE); // the type count
        assertTrue(assertThrows(ProgramFileException.class, () -> ProgramFile.read(hugeCount)).getMessage().contains("cannot fit"));
    }
}
