package org.korlang.vm.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.standalone.Heaps;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.os.Os;
import org.korlang.os.binding.PortHandle;
import org.korlang.vm.Heaps4Test;
import org.korlang.vm.KorlangVm;
import org.korlang.vm.Outcome;
import org.korlang.vm.TestConsole;
import org.korlang.testkit.Threads;
import org.korlang.vm.VmOptions;

/**
 * A running program whose stdlib reaches the kernel through a port handle, as the VM component's
 * does (issue #15): when the port leaves, the program's next system call waits for a port with its
 * task's mutator blocked — a full collection of the heap completes meanwhile — and once a port serves
 * again the program ends with the right result. The "ports" are distinct objects over one real Linux
 * Os (as the instances of one port bundle are).
 */
class PortsLeaveAndReturnTest {

    private static final String PROGRAM = """
            import fs
            import time

            struct Node { value: Int; next: Node? }

            fun main(args: [String]) -> Int {
                var list: Node? = null
                for i in 0..20000 { list = Node { value: i, next: list } }
                let ready = fs.writeFile(args[0], "ready")
                while !fs.exists(args[1]) { time.sleep(1) }
                var total = 0
                var cur = list
                while cur != null { total += cur.value; cur = cur.next }
                println(ready)
                println(total)
                0
            }
            """;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PortHandle handle = new PortHandle("linux", new PrintStream(log, true, StandardCharsets.UTF_8),
            "running programs stay", () -> false);

    private Os port() {
        return port(null);
    }

    /**
     * A port over the real Os; once {@code leave} is set, it leaves the handle right after the next
     * fstatat it serves (the program's fs.exists): so the port leaves between two of the program's
     * system calls, not in the middle of one.
     */
    private Os port(java.util.concurrent.atomic.AtomicBoolean leave) {
        Os real = Heaps4Test.os();
        Os[] self = new Os[1];
        self[0] = (Os) Proxy.newProxyInstance(Os.class.getClassLoader(), new Class<?>[] {Os.class}, (proxy, method, args) -> {
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (leave != null && method.getName().equals("fstatat") && leave.compareAndSet(true, false)) {
                    handle.unbind(self[0]);
                }
            }
        });
        return self[0];
    }

    private static Map<String, Object> props(long id) {
        return Map.of(Os.OS_NAME, "linux", Os.OS_ARCH, "x86_64", "service.id", id, "service.ranking", 0);
    }

    @Test
    void aProgramWaitsForAPortWithItsMutatorBlockedAndEndsOnTheNextPort() throws Exception {
        CompileResult r = new KorlangCompiler().compile(SourceFile.ofUtf8("ports.kor", PROGRAM.getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.program().isPresent(), r.formatDiagnostics());
        Path dir = Files.createTempDirectory("korlang-vm-ports");
        Path ready = dir.resolve("ready");
        Path go = dir.resolve("go");
        java.util.concurrent.atomic.AtomicBoolean leave = new java.util.concurrent.atomic.AtomicBoolean();
        Os first = port(leave);
        assertTrue(handle.bind(first, props(1)));
        try (Heaps.ClosableHeap heap = Heaps4Test.create(Heaps4Test.small(), "generational")) {
            KorlangVm vm = new KorlangVm(heap, handle);
            TestConsole console = new TestConsole();
            CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() ->
                    vm.run(r.program().get(), List.of(ready.toString(), go.toString()), console, VmOptions.defaults()), Threads.OWN_THREAD);
            await(() -> Files.exists(ready), "the program wrote its ready file");
            leave.set(true); // the port leaves after the program's next fs.exists
            await(() -> !handle.serving(), "the port left");
            await(PortsLeaveAndReturnTest::aThreadWaitsForAPort, "the program's stdlib call waits for a port", PortsLeaveAndReturnTest::programThreads);
            Files.writeString(go, "go", StandardCharsets.UTF_8);
            // the waiting task's mutator is blocked: a full collection does not wait for the port
            CompletableFuture.runAsync(() -> heap.collect(CollectionKind.FULL), Threads.OWN_THREAD).get(30, TimeUnit.SECONDS);
            assertFalse(run.isDone(), "the program cannot end without a port: " + console.err());
            assertTrue(handle.bind(port(), props(2)));
            Outcome o = run.get(60, TimeUnit.SECONDS);
            assertNull(o.errorMessage(), console.err());
            assertEquals(0, o.exitCode());
            assertEquals("Ok(5)\n" + (19999L * 20000 / 2) + "\n", console.out());
            String printed = log.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("korlang: waiting: no Os port serves linux/x86_64 (running programs stay"), printed);
            assertTrue(printed.contains("served again"), printed);
        } finally {
            Files.deleteIfExists(ready);
            Files.deleteIfExists(go);
            Files.deleteIfExists(dir);
        }
    }

    /** Whether some thread waits in {@link PortHandle#awaitServing} now. */
    private static boolean aThreadWaitsForAPort() {
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
            for (StackTraceElement e : stack) {
                if (e.getClassName().equals(PortHandle.class.getName()) && e.getMethodName().equals("awaitServing")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where the program's threads are (for a failure message). */
    private static String programThreads() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (java.util.Arrays.stream(stack).anyMatch(e -> e.getClassName().startsWith("org.korlang.vm"))) {
                b.append('\n').append(t.getName()).append(' ').append(t.getState());
                for (StackTraceElement e : stack) {
                    b.append("\n    at ").append(e);
                }
            }
        });
        return b.toString();
    }

    private static void await(BooleanSupplier condition, String what) {
        await(condition, what, () -> "");
    }

    private static void await(BooleanSupplier condition, String what, java.util.function.Supplier<String> state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what + state.get());
            }
            Thread.onSpinWait();
        }
    }
}
