package org.korlang.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korlang.lang.bytecode.FunctionCode;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.ProgramFile;

/**
 * {@code compile prog.kor -o prog.kbc} then {@code run prog.kbc}: the bytecode file runs without the
 * front end with the program's exit status; a file that is not bytecode, is truncated, or holds a
 * program the VM's verifier refuses ends with 65 and a message naming the file, never a Java trace.
 * In process: {@link Main#run} returns the status (only {@code main} ends the process).
 */
class CompiledProgramTest {

    @TempDir
    Path dir;

    private int run(String... argv) {
        return Main.run(argv, null, new ProcessExit(true));
    }

    private Path compiled(String source) throws Exception {
        Path kor = dir.resolve("prog.kor");
        Files.writeString(kor, source);
        Path kbc = dir.resolve("prog.kbc");
        assertEquals(0, Main.compileToFile(new String[] {"compile", kor.toString(), "-o", kbc.toString()}));
        return kbc;
    }

    @Test
    void theBytecodeFileRunsWithTheProgramsArgumentsAndStatus() throws Exception {
        Path kbc = compiled("""
                fun main(args: [String]) -> Int {
                    let m: Map<String, Int> = Map.new()
                    for a in args { m.set(a, m.getOrDefault(a, 0) + 1) }
                    var total = 0
                    for (k, v) in m { total = total * 10 + v }
                    total
                }
                """);
        assertEquals(21, run("run", kbc.toString(), "x", "y", "x"));
        Path kor = dir.resolve("bad.kor");
        Files.writeString(kor, "fun main() { let x: Int = \"s\" }\n");
        assertEquals(65, Main.compileToFile(new String[] {"compile", kor.toString(), "-o", dir.resolve("bad.kbc").toString()}));
        assertEquals(64, Main.compileToFile(new String[] {"compile", kor.toString()}));
    }

    @Test
    void foreignTruncatedAndUnverifiableFilesAreRefusedWithAMessage() throws Exception {
        Path kbc = compiled("fun main() -> Int { 7 }\n");
        byte[] file = Files.readAllBytes(kbc);
        assertEquals(7, run("run", kbc.toString()));

        Path source = dir.resolve("source.kbc");
        Files.writeString(source, "fun main() {}\n");
        assertTrue(stderrOf(65, "run", source.toString()).contains("source.kbc: not a Korlang bytecode file"));

        Path cut = dir.resolve("cut.kbc");
        Files.write(cut, Arrays.copyOf(file, file.length - 3));
        assertTrue(stderrOf(65, "run", cut.toString()).contains("cut.kbc: truncated"));

        // well formed, but main's first instruction is no instruction: the verifier's call
        Program p = ProgramFile.read(file);
        List<FunctionCode> functions = new ArrayList<>(p.functions());
        FunctionCode main = functions.get(p.entry());
        int[] code = main.code();
        code[0] = -1;
        functions.set(p.entry(), new FunctionCode(main.name(), main.params(), main.ret(), main.closure(), main.refRegs(),
                main.primRegs(), code, main.lines(), main.columns()));
        Path wrong = dir.resolve("wrong.kbc");
        Files.write(wrong, ProgramFile.write(new Program(p.sourceName(), p.types(), p.layouts(), p.enums(), functions,
                p.primConstants(), p.refConstants(), p.entry())));
        assertTrue(stderrOf(65, "run", wrong.toString()).contains("wrong.kbc: the bytecode does not verify"));
    }

    private String stderrOf(int status, String... argv) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(status, run(argv));
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
