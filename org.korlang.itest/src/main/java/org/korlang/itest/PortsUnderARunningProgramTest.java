package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.lang.bytecode.Program;
import org.korlang.os.Os;
import org.korlang.sync.Mutex;
import org.korlang.sync.Semaphore;
import org.korlang.sync.Sync;
import org.korlang.vm.Outcome;
import org.korlang.vm.Vm;
import org.korlang.vm.VmOptions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Ports leave and return under a running Korlang program and live sync primitives (issue #15).
 *
 * <p>The program (tasks over a channel, checksummed) runs on the platform's Vm service, as
 * {@code korlang:run} runs it; halfway it writes a "ready" file and then polls, through the stdlib,
 * for a "go" file. Meanwhile a thread sleeps in the kernel's futex wait on a Semaphore of the Sync
 * service. Then:
 * <ul>
 * <li>org.korlang.os.linux stops: the Vm, Sync and {@code korlang:run} services stay the same objects;
 * the program is still running (its stdlib calls wait for a port); a release of the Semaphore waits for
 * a port too. The port starts again: the release wakes the thread that slept in the kernel through
 * the port that left, the program completes with the right checksum, and a Mutex made before the
 * absence still works contended;</li>
 * <li>a second Linux port (ranked higher, registered here): the VM and sync re-bind to it at once
 * ({@code korlang:ports} says so), so with org.korlang.os.linux stopped the program and the
 * Semaphore proceed without waiting; when the second port leaves they go back.</li>
 * </ul>
 */
class PortsUnderARunningProgramTest {

    private static final String LINUX_X86_64 = "(&(" + Os.OS_NAME + "=linux)(" + Os.OS_ARCH + "=x86_64))";
    private static final String THE_LINUX_PORT = "(&" + LINUX_X86_64 + "(!(service.ranking=100)))";
    private static final String RUN_COMMAND = "(&(osgi.command.scope=korlang)(osgi.command.function=run))";

    /** Tasks over a channel; halfway it writes args[0] ("ready") and polls for args[1] ("go"). */
    static final String PROGRAM = """
            import fs
            import time

            fun main(args: [String]) -> Int {
                let c: Channel<Int> = Channel.new(16)
                let producers: [Task<Void>] = []
                for p in 0..4 {
                    producers.push(spawn {
                        for i in 0..1000 { c.send(p * 1000 + i) }
                    })
                }
                var sum = 0
                for i in 0..2000 { sum += c.recv()!! }
                let ready = fs.writeFile(args[0], "ready")
                while !fs.exists(args[1]) { time.sleep(2) }
                for i in 0..2000 { sum += c.recv()!! }
                for t in producers { t.await() }
                println(ready)
                println("sum @{sum}")
                0
            }
            """;
    static final String EXPECTED = "Ok(5)\nsum 7998000\n";

    private final BundleContext context = Services.context();
    private Path dir;
    private Path ready;
    private Path go;

    @BeforeEach
    void files() throws Exception {
        dir = Files.createTempDirectory("korlang-ports-itest");
        ready = dir.resolve("ready");
        go = dir.resolve("go");
    }

    @AfterEach
    void removeFiles() throws Exception {
        Files.deleteIfExists(ready);
        Files.deleteIfExists(go);
        Files.deleteIfExists(dir);
    }

    @Test
    void aRunningProgramAndSyncPrimitivesSurviveTheOsPortStoppingAndReturning() throws Exception {
        Services.await(context, Os.class, LINUX_X86_64);
        Vm vm = Services.await(context, Vm.class, null);
        Sync sync = Services.await(context, Sync.class, null);
        long runCommand = runCommandId();
        Mutex mutex = sync.newMutex();
        Semaphore permits = sync.newSemaphore(0);
        Thread sleeper = new Thread(permits::acquireUninterruptibly, "asleep-in-futex-wait");
        sleeper.start();
        Services.eventually("a thread sleeps in the kernel on the Semaphore", () -> inKernelWait(sleeper));

        VmServiceTest.CollectingConsole console = new VmServiceTest.CollectingConsole();
        CompletableFuture<Outcome> run = start(vm, console);
        Services.eventually("the program wrote its ready file", () -> Files.exists(ready));

        Bundle port = Services.bundle(context, "org.korlang.os.linux");
        Thread releaser = new Thread(permits::release, "releaser");
        port.stop();
        try {
            Services.awaitAbsent(context, Os.class, LINUX_X86_64);
            assertSame(vm, Services.await(context, Vm.class, null), "the Vm service stays while no port serves");
            assertSame(sync, Services.await(context, Sync.class, null), "the Sync service stays while no port serves");
            assertEquals(runCommand, runCommandId(), "korlang:run stays while no port serves");
            assertFalse(run.isDone(), "the program still runs without a port: " + console.err());
            releaser.start();
            Services.eventually("the contended release waits for a port", () -> waitsForAPort(releaser));
            Files.writeString(go, "go", StandardCharsets.UTF_8);
        } finally {
            port.start();
        }
        Services.await(context, Os.class, LINUX_X86_64);
        Outcome o = run.get(Services.TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertNull(o.errorMessage(), console.err());
        assertEquals(0, o.exitCode());
        assertEquals(EXPECTED, console.out(), "the program completed with the right checksum");
        releaser.join(Services.TIMEOUT_MS);
        sleeper.join(Services.TIMEOUT_MS);
        assertFalse(releaser.isAlive(), "the release completed once the port returned");
        assertFalse(sleeper.isAlive(), "the thread asleep through the departed port was woken");
        MutexChecks.contended(mutex, "after the port returned");
        assertSame(vm, Services.await(context, Vm.class, null));
    }

    @Test
    void theVmAndSyncRebindAtOnceToASecondLinuxPortAndBack() throws Exception {
        Os linux = Services.await(context, Os.class, LINUX_X86_64);
        Vm vm = Services.await(context, Vm.class, null);
        Sync sync = Services.await(context, Sync.class, null);
        Mutex mutex = sync.newMutex();
        Semaphore permits = sync.newSemaphore(0);
        Bundle linuxBundle = Services.bundle(context, "org.korlang.os.linux");
        ServiceRegistration<Os> second = Ports.register(context, Ports.secondPortOver(linux), "x86_64", 100);
        try {
            String secondPort = "org.korlang.itest (Os service " + second.getReference().getProperty("service.id") + ",";
            Ports.awaitShown(context, String.format("%-26s %s", "org.korlang.vm", secondPort));
            Ports.awaitShown(context, String.format("%-26s %s", "org.korlang.sync", secondPort));
            Thread sleeper = new Thread(permits::acquireUninterruptibly, "asleep-in-futex-wait");
            sleeper.start();
            Services.eventually("a thread sleeps in the kernel on the Semaphore", () -> inKernelWait(sleeper));
            VmServiceTest.CollectingConsole console = new VmServiceTest.CollectingConsole();
            CompletableFuture<Outcome> run = start(vm, console);
            Services.eventually("the program wrote its ready file", () -> Files.exists(ready));
            linuxBundle.stop();
            try {
                Services.awaitAbsent(context, Os.class, THE_LINUX_PORT);
                // nothing waits: the second port serves
                permits.release();
                sleeper.join(Services.TIMEOUT_MS);
                assertFalse(sleeper.isAlive(), "the release went through the second port");
                Files.writeString(go, "go", StandardCharsets.UTF_8);
                Outcome o = run.get(Services.TIMEOUT_MS, TimeUnit.MILLISECONDS);
                assertNull(o.errorMessage(), console.err());
                assertEquals(EXPECTED, console.out(), "the program completed on the second port");
                MutexChecks.contended(mutex, "on the second port");
            } finally {
                linuxBundle.start();
            }
            Services.await(context, Os.class, THE_LINUX_PORT);
            second.unregister();
            second = null;
            Ports.awaitShown(context, String.format("%-26s %s", "org.korlang.vm", "org.korlang.os.linux (Os service"));
            Ports.awaitShown(context, String.format("%-26s %s", "org.korlang.sync", "org.korlang.os.linux (Os service"));
            MutexChecks.contended(mutex, "back on the first port");
            assertSame(vm, Services.await(context, Vm.class, null));
            assertSame(sync, Services.await(context, Sync.class, null));
        } finally {
            if (second != null) {
                second.unregister();
            }
        }
    }

    /**
     * An Os service for another processor, ranked above every Linux port, arrives: each consumer
     * sees every port and keeps the one that serves this machine. (With a unary reference, SCR
     * handed the consumer the foreign port in place of the Linux one, the handle refused it, and
     * sync was left with no port.)
     */
    @Test
    void aPortForAnotherProcessorRankedFirstTakesNoConsumersPort() throws Exception {
        Os linux = Services.await(context, Os.class, LINUX_X86_64);
        Sync sync = Services.await(context, Sync.class, null);
        Mutex mutex = sync.newMutex();
        ServiceRegistration<Os> foreign = Ports.register(context, Ports.secondPortOver(linux), "riscv64", 1000);
        try {
            for (String consumer : List.of("org.korlang.gc", "org.korlang.vm", "org.korlang.sync")) {
                Ports.awaitShown(context, String.format("%-26s %s", consumer, "org.korlang.os.linux (Os service"));
            }
            MutexChecks.contended(mutex, "with every consumer bound to the Linux port");
            assertFalse(Shell.run(context, "korlang:ports").contains("waiting"), "no consumer waits for a port");
        } finally {
            foreign.unregister();
        }
    }

    private CompletableFuture<Outcome> start(Vm vm, VmServiceTest.CollectingConsole console) throws Exception {
        KorlangCompiler compiler = Services.await(context, KorlangCompiler.class, null);
        CompileResult r = compiler.compile(new SourceFile("ports.kor", PROGRAM));
        assertTrue(r.program().isPresent(), r.formatDiagnostics());
        Program program = r.program().get();
        return CompletableFuture.supplyAsync(() ->
                vm.run(program, List.of(ready.toString(), go.toString()), console, VmOptions.defaults()), Services.OWN_THREAD);
    }

    private long runCommandId() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, RUN_COMMAND);
        assertTrue(refs != null && refs.length == 1, "one korlang:run command");
        return (Long) refs[0].getProperty("service.id");
    }

    /** Whether {@code t} is inside a futex wait of an Os port now. */
    static boolean inKernelWait(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getMethodName().equals("futexWait") && !e.getClassName().startsWith("org.korlang.os.binding")) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code t} waits inside a port handle for a port to serve. */
    private static boolean waitsForAPort(Thread t) {
        if (t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("org.korlang.os.binding.PortHandle")) {
                return true;
            }
        }
        return false;
    }
}
