package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.Heap;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.os.Os;
import org.korlang.sync.Mutex;
import org.korlang.sync.Semaphore;
import org.korlang.sync.Sync;
import org.korlang.vm.Outcome;
import org.korlang.vm.Vm;
import org.korlang.vm.VmOptions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * A port can leave and return under live sync primitives and a running program without losing them
 * (issue #15): {@code Bundle.update()} of org.korlang.os.linux (a new revision: new classes, a new
 * Os object), then a stop/start of the updated bundle, under
 * <ul>
 * <li>a Mutex and a Semaphore of the Sync service made (and used through the kernel's futex) before
 * the update: a thread asleep in the kernel on the Semaphore through the old revision is woken
 * through the new one, and the Mutex, contended by real threads, works after the update and after
 * the stop/start. Their futex words were mapped by the old revision; the new one accepts them
 * because every revision of every OS port binds the one process-wide MappingRegistry service of
 * org.korlang.os.mappings (before that bundle existed, each revision had a registry of its own, and
 * the new port refused the old words: "not inside memory mapped by this Os");</li>
 * <li>a Korlang program on the Vm service, polling for a file through the stdlib while the port is
 * updated: it completes with the right checksum, and the heap still collects and verifies;</li>
 * <li>a stop/start of org.korlang.os.mappings itself: the OS port goes away (its reference to the
 * registry is mandatory; korlang:ports says what it waits for) and returns with the same registry
 * (it lives as long as that bundle's revision), so the words made before still work.</li>
 * </ul>
 * Watchdogs: every thread is joined with a deadline, every wait is {@link Services#eventually}, and
 * the class as a whole fails after two minutes instead of hanging the run.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PortBundleUpdateTest {

    private static final String LINUX_X86_64 = "(&(" + Os.OS_NAME + "=linux)(" + Os.OS_ARCH + "=x86_64))";
    private static final int THREADS = 4;
    private static final int ROUNDS = 20_000;

    private final BundleContext context = Services.context();

    @Test
    void syncPrimitivesMadeBeforeAnUpdateOfTheOsPortWorkAfterItAndAfterAStopAndStart() throws Exception {
        Services.await(context, Os.class, LINUX_X86_64);
        Sync sync = Services.await(context, Sync.class, null);
        Mutex mutex = sync.newMutex();
        Semaphore permits = sync.newSemaphore(0);
        MutexChecks.hammer(mutex, THREADS, ROUNDS, "before the update");
        MutexChecks.contended(mutex, "before the update");
        Thread sleeper = MutexChecks.daemon(permits::acquireUninterruptibly, "asleep-in-futex-wait-through-the-old-revision");
        Services.eventually("a thread sleeps in the kernel on the Semaphore", () -> PortsUnderARunningProgramTest.inKernelWait(sleeper));

        Bundle port = Services.bundle(context, "org.korlang.os.linux");
        update(port);

        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread releaser = MutexChecks.daemon(MutexChecks.guarded(permits::release, failures), "releaser-through-the-new-revision");
        releaser.join(Services.TIMEOUT_MS);
        assertFalse(releaser.isAlive(), "the release completed");
        assertEquals(List.of(), failures, "the new revision wakes a futex word the old revision mapped");
        sleeper.join(Services.TIMEOUT_MS);
        assertFalse(sleeper.isAlive(), "the thread asleep through the old revision was woken through the new one");
        MutexChecks.contended(mutex, "after the update");
        MutexChecks.hammer(mutex, THREADS, ROUNDS, "after the update");

        port.stop();
        try {
            Services.awaitAbsent(context, Os.class, LINUX_X86_64);
        } finally {
            port.start();
        }
        awaitSyncBoundTo(Services.await(context, Os.class, LINUX_X86_64));
        MutexChecks.contended(mutex, "after a stop/start of the updated port");
        MutexChecks.hammer(mutex, THREADS, ROUNDS, "after a stop/start of the updated port");
        permits.release();
        assertTrue(permits.tryAcquire(), "the Semaphore made before the update still counts");
    }

    @Test
    void aRunningProgramAndTheHeapKeepGoingThroughAnUpdateOfTheOsPort() throws Exception {
        Services.await(context, Os.class, LINUX_X86_64);
        Vm vm = Services.await(context, Vm.class, null);
        Heap heap = Services.await(context, Heap.class, null);
        Path dir = Files.createTempDirectory("korlang-port-update-itest");
        Path ready = dir.resolve("ready");
        Path go = dir.resolve("go");
        try {
            KorlangCompiler compiler = Services.await(context, KorlangCompiler.class, null);
            CompileResult r = compiler.compile(new SourceFile("update.kor", PortsUnderARunningProgramTest.PROGRAM));
            assertTrue(r.program().isPresent(), r.formatDiagnostics());
            VmServiceTest.CollectingConsole console = new VmServiceTest.CollectingConsole();
            CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> vm.run(r.program().get(),
                    List.of(ready.toString(), go.toString()), console, VmOptions.defaults()), Services.OWN_THREAD);
            Services.eventually("the program wrote its ready file", () -> Files.exists(ready));

            update(Services.bundle(context, "org.korlang.os.linux"));

            assertFalse(run.isDone(), "the program still runs after the update: " + console.err());
            Files.writeString(go, "go", StandardCharsets.UTF_8);
            Outcome o = run.get(Services.TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertNull(o.errorMessage(), console.err());
            assertEquals(0, o.exitCode());
            assertEquals(PortsUnderARunningProgramTest.EXPECTED, console.out(), "the program completed with the right checksum");
            heap.collect(CollectionKind.FULL);
            heap.verify();
            assertSame(vm, Services.await(context, Vm.class, null), "the Vm service stays through the update");
        } finally {
            Files.deleteIfExists(ready);
            Files.deleteIfExists(go);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void aStopAndStartOfTheMappingsBundleKeepsTheWordsMadeBefore() throws Exception {
        Services.await(context, Os.class, LINUX_X86_64);
        Sync sync = Services.await(context, Sync.class, null);
        Mutex mutex = sync.newMutex();
        MutexChecks.contended(mutex, "before os.mappings stops");
        Bundle mappings = Services.bundle(context, "org.korlang.os.mappings");
        mappings.stop();
        try {
            Services.awaitAbsent(context, Os.class, LINUX_X86_64); // the port's reference to the registry is mandatory
            Ports.awaitShown(context, "waiting: no MappingRegistry service (install or start org.korlang.os.mappings)");
        } finally {
            mappings.start();
        }
        awaitSyncBoundTo(Services.await(context, Os.class, LINUX_X86_64));
        MutexChecks.contended(mutex, "after os.mappings stopped and started");
        MutexChecks.hammer(mutex, THREADS, ROUNDS, "after os.mappings stopped and started");
    }

    /** Updates {@code port} and waits until the new revision's Os is registered and sync is bound to it. */
    private void update(Bundle port) throws Exception {
        long lastBefore = lastLinuxOsId();
        port.update();
        Services.eventually(() -> "a Linux Os registered by the updated bundle (after service " + lastBefore + ")",
                () -> lastLinuxOsId() > lastBefore);
        awaitSyncBoundTo(Services.await(context, Os.class, LINUX_X86_64));
    }

    /** Waits until korlang:ports shows org.korlang.sync bound to the Os service {@code os} is registered as. */
    private void awaitSyncBoundTo(Os os) throws Exception {
        long id = -1;
        for (ServiceReference<Os> ref : context.getServiceReferences(Os.class, LINUX_X86_64)) {
            if (context.getService(ref) == os) {
                id = (Long) ref.getProperty(Constants.SERVICE_ID);
            }
            context.ungetService(ref);
        }
        Ports.awaitShown(context, String.format("%-26s %s", "org.korlang.sync", "org.korlang.os.linux (Os service " + id + ","));
    }

    /** The highest service id of a registered Linux x86_64 Os, or -1 if none is registered. */
    private long lastLinuxOsId() throws Exception {
        long last = -1;
        for (ServiceReference<Os> ref : context.getServiceReferences(Os.class, LINUX_X86_64)) {
            last = Math.max(last, (Long) ref.getProperty(Constants.SERVICE_ID));
        }
        return last;
    }
}
