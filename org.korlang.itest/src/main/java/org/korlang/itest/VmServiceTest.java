package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.korlang.gc.Heap;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.lang.bytecode.Program;
import org.korlang.vm.Console;
import org.korlang.vm.Outcome;
import org.korlang.vm.Vm;
import org.korlang.vm.VmOptions;
import org.osgi.framework.BundleContext;

/**
 * The VM in the platform: a Korlang program running on the {@code Vm} service — its objects and
 * frames in the platform's live heap — survives {@code gc:policy} switches made through the shell
 * while it runs, and prints the right checksum; {@code korlang:run} runs a file with its output in
 * the session.
 */
class VmServiceTest {

    private final BundleContext context = Services.context();

    @Test
    void aRunningProgramSurvivesPolicySwitchesFromTheShell() throws Exception {
        Vm vm = Services.await(context, Vm.class, null);
        Heap heap = Services.await(context, Heap.class, null);
        String before = heap.policyName();
        int depth = 12;
        int trees = 1500;
        CollectingConsole console = new CollectingConsole();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger switches = new AtomicInteger();
        Thread shell = new Thread(() -> {
            Random r = new Random(11);
            String[] names = {"semispace", "marksweep", "generational"};
            try {
                while (!done.get()) {
                    Shell.run(context, "gc:policy " + names[r.nextInt(3)]);
                    switches.incrementAndGet();
                    Thread.sleep(5 + r.nextInt(20));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "shell-switcher");
        shell.start();
        Outcome o;
        try {
            o = vm.run(trees(context, depth, trees), List.of(), console, VmOptions.defaults());
        } finally {
            done.set(true);
            shell.join(60_000);
            Shell.run(context, "gc:policy " + before);
        }
        assertNull(o.errorMessage(), console.err());
        long one = treeSum(depth);
        assertEquals(one * (trees + 1) + "\n", console.out());
        assertTrue(switches.get() >= 3, "the policy was switched " + switches.get() + " times while the program ran");
    }

    @Test
    void korlangRunPrintsIntoTheSession() throws Exception {
        KorlangCompiler compiler = Services.await(context, KorlangCompiler.class, null);
        Assumptions.assumeTrue(compiler.compile(new SourceFile("probe.kor", "fun main() {}\n")).program().isPresent(),
                "the front end gives no program yet");
        Path file = Files.createTempFile("hello", ".kor");
        try {
            Files.writeString(file, "fun main() {\n    println(\"hello from korlang\")\n}\n");
            String out = Shell.run(context, "korlang:run " + file);
            assertTrue(out.contains("hello from korlang"), out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * {@code sched:stats} shows the Korlang tasks of a running program (the VM publishes them as the
     * scheduler API's TaskCountSource): 10 workers parked on a channel while main waits in readLine,
     * which the test holds until the shell has shown them.
     */
    @Test
    void schedStatsShowsTheKorlangTasksOfARunningProgram() throws Exception {
        Vm vm = Services.await(context, Vm.class, null);
        KorlangCompiler compiler = Services.await(context, KorlangCompiler.class, null);
        String source = """
                fun worker(c: Channel<Int>) -> Int { c.recv()!! + 1 }

                fun main() {
                    let c: Channel<Int> = Channel.new(0)
                    let workers: [Task<Int>] = []
                    for i in 0..10 { workers.push(spawn worker(c)) }
                    readLine()
                    for i in 0..10 { c.send(i) }
                    var sum = 0
                    for w in workers { sum += w.await() }
                    println(sum)
                }
                """;
        Program program = compiler.compile(new SourceFile("parked.kor", source)).program().orElseThrow();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CollectingConsole console = new CollectingConsole() {
            @Override
            public byte[] readLine() {
                try {
                    return release.await(60, java.util.concurrent.TimeUnit.SECONDS) ? "go".getBytes(StandardCharsets.UTF_8) : null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        };
        java.util.concurrent.CompletableFuture<Outcome> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> vm.run(program, List.of(), console, VmOptions.defaults()), Services.OWN_THREAD);
        try {
            String[] stats = {""};
            // main is live, in readLine: not parked
            Services.eventually(() -> "sched:stats to show 11 live and 10 parked Korlang tasks:\n" + stats[0]
                    + (run.isDone() ? "\n(the program ended: " + console.err() + ")" : ""), () -> {
                stats[0] = Shell.run(context, "sched:stats");
                return stats[0].contains("korlang:  live 11, parked 10,") || run.isDone();
            }, java.time.Duration.ofSeconds(30));
            assertFalse(run.isDone(), "the program ended before sched:stats showed its tasks: " + console.err());
        } finally {
            release.countDown();
        }
        Outcome o = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertNull(o.errorMessage(), console.err());
        assertEquals("55\n", console.out());
        String after = Shell.run(context, "sched:stats");
        assertTrue(after.contains("korlang:  live 0, parked 0,"), after);
    }

    @Test
    void onlyTheVmWiresToTheUncheckedHeapAccess() throws Exception {
        org.osgi.framework.Bundle gc = Services.bundle(context, "org.korlang.gc");
        org.osgi.framework.wiring.BundleWiring wiring = gc.adapt(org.osgi.framework.wiring.BundleWiring.class);
        List<String> importers = new java.util.ArrayList<>();
        for (org.osgi.framework.wiring.BundleWire w : wiring.getProvidedWires("osgi.wiring.package")) {
            if ("org.korlang.gc.vmaccess".equals(w.getCapability().getAttributes().get("osgi.wiring.package"))) {
                importers.add(w.getRequirer().getSymbolicName());
            }
        }
        assertEquals(List.of("org.korlang.vm"), importers);
        // this bundle cannot even see it: the package is not on its class space
        org.junit.jupiter.api.Assertions.assertThrows(ClassNotFoundException.class,
                () -> context.getBundle().loadClass("org.korlang.gc.vmaccess.Raw"));
    }

    private static long treeSum(int d) {
        return d == 0 ? 0 : d + 2 * treeSum(d - 1);
    }

    /**
     * A long-lived tree of {@code depth}, then {@code trees} short-lived trees of the same depth,
     * each built and summed; prints the sum of every tree's node values (a node's value is its
     * height above the leaves), compiled by the platform's compiler service.
     */
    static Program trees(BundleContext context, int depth, int trees) throws Exception {
        KorlangCompiler compiler = Services.await(context, KorlangCompiler.class, null);
        String source = """
                struct Node {
                    left: Node?
                    right: Node?
                    value: Int
                }

                fun make(d: Int) -> Node {
                    if d == 0 {
                        Node { left: null, right: null, value: 0 }
                    } else {
                        Node { left: make(d - 1), right: make(d - 1), value: d }
                    }
                }

                fun check(n: Node) -> Int {
                    var sum = n.value
                    let left = n.left
                    if left != null { sum += check(left) }
                    let right = n.right
                    if right != null { sum += check(right) }
                    sum
                }

                fun main() {
                    let longLived = make(%d)
                    var sum = 0
                    for i in 0..%d { sum += check(make(%d)) }
                    sum += check(longLived)
                    println(sum)
                }
                """.formatted(depth, trees, depth);
        CompileResult result = compiler.compile(new SourceFile("trees.kor", source));
        return result.program().orElseThrow(() -> new AssertionError("trees.kor does not compile: " + result));
    }

    static class CollectingConsole implements Console {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public synchronized void writeError(byte[] b, int off, int len) {
            err.write(b, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public byte[] readLine() {
            return null;
        }

        synchronized String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        synchronized String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }
}
