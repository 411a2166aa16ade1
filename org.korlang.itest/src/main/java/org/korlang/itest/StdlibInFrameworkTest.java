package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.gc.Heap;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.lang.bytecode.Program;
import org.korlang.vm.Outcome;
import org.korlang.vm.Vm;
import org.korlang.vm.VmOptions;
import org.osgi.framework.BundleContext;

/**
 * The stdlib (issue #13) in the platform: a program run by the {@code Vm} service writes a file with
 * {@code fs.writeFile} that java.nio reads back byte for byte, and reads with {@code fs.readFile} a
 * file java.nio wrote; {@code mem.setPolicy} switches the platform's live heap (what
 * {@code gc:policy} reports afterwards) while another program's objects on the same heap stay intact.
 */
class StdlibInFrameworkTest {

    private final BundleContext context = Services.context();

    private Program compile(String name, String source) throws Exception {
        KorlangCompiler compiler = Services.await(context, KorlangCompiler.class, null);
        CompileResult r = compiler.compile(new SourceFile(name, source));
        assertTrue(r.program().isPresent(), r.formatDiagnostics());
        return r.program().get();
    }

    @Test
    void filesWrittenByProgramsReadBackWithJavaNioAndTheReverse() throws Exception {
        Vm vm = Services.await(context, Vm.class, null);
        Path dir = Files.createTempDirectory("korlang-stdlib-itest");
        Path written = dir.resolve("from-korlang.txt");
        Path given = dir.resolve("from-java.txt");
        String javaText = "written by java.nio: grüße 😀\nsecond line\n";
        Files.writeString(given, javaText, StandardCharsets.UTF_8);
        try {
            Program p = compile("files.kor", """
                    import fs

                    fun main(args: [String]) -> Int {
                        println(fs.writeFile(args[0], "written by korlang: ÄÖÜ 😀\\n"))
                        match fs.readFile(args[1]) {
                            Ok(text) => { print(text); 0 }
                            Err(e) => { println(e); 1 }
                        }
                    }
                    """);
            VmServiceTest.CollectingConsole console = new VmServiceTest.CollectingConsole();
            Outcome o = vm.run(p, List.of(written.toString(), given.toString()), console, VmOptions.defaults());
            assertNull(o.errorMessage(), console.err());
            assertEquals(0, o.exitCode(), console.out());
            assertEquals("written by korlang: ÄÖÜ 😀\n", Files.readString(written, StandardCharsets.UTF_8));
            assertEquals("Ok(" + "written by korlang: ÄÖÜ 😀\n".getBytes(StandardCharsets.UTF_8).length + ")\n" + javaText, console.out());
        } finally {
            Files.deleteIfExists(written);
            Files.deleteIfExists(given);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void memSetPolicySwitchesTheLiveHeapAndOtherProgramsKeepTheirObjects() throws Exception {
        Vm vm = Services.await(context, Vm.class, null);
        Heap heap = Services.await(context, Heap.class, null);
        String before = heap.policyName();
        Program switcher = compile("switcher.kor", """
                import mem

                struct Node { value: Int; next: Node? }

                fun sum(n: Node?) -> Int {
                    var total = 0
                    var cur = n
                    while cur != null { total += cur.value; cur = cur.next }
                    total
                }

                fun main() {
                    var list: Node? = null
                    for i in 0..50000 { list = Node { value: i, next: list } }
                    for name in ["marksweep", "semispace", "generational", "marksweep"] {
                        mem.setPolicy(name)
                        println("@{mem.policy()} @{sum(list)}")
                    }
                }
                """);
        // another program on the same heap, allocating trees the whole time
        AtomicReference<Outcome> other = new AtomicReference<>();
        VmServiceTest.CollectingConsole otherConsole = new VmServiceTest.CollectingConsole();
        Program trees = VmServiceTest.trees(context, 10, 400);
        Thread otherProgram = new Thread(() -> other.set(vm.run(trees, List.of(), otherConsole, VmOptions.defaults())),
                "other-program");
        otherProgram.start();
        VmServiceTest.CollectingConsole console = new VmServiceTest.CollectingConsole();
        Outcome o;
        try {
            o = vm.run(switcher, List.of(), console, VmOptions.defaults());
            otherProgram.join(120_000);
            assertEquals("marksweep", heap.policyName(), "the program's last mem.setPolicy is the platform heap's policy");
        } finally {
            heap.switchPolicy(before);
        }
        assertNull(o.errorMessage(), console.err());
        long sum = 49999L * 50000 / 2;
        assertEquals("marksweep " + sum + "\nsemispace " + sum + "\ngenerational " + sum + "\nmarksweep " + sum + "\n", console.out());
        assertTrue(!otherProgram.isAlive(), "the other program finished");
        assertNull(other.get().errorMessage(), otherConsole.err());
        long one = treeSum(10);
        assertEquals(one * 401 + "\n", otherConsole.out(), "the other program's trees survived every switch");
    }

    private static long treeSum(int d) {
        return d == 0 ? 0 : d + 2 * treeSum(d - 1);
    }
}
