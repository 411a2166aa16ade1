package org.korlang.gc.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;
import org.korlang.os.Advice;
import org.korlang.os.MemoryHold;
import org.korlang.os.Os;
import org.korlang.os.Prot;
import org.korlang.testkit.Threads;
import org.korlang.os.binding.PortHandle;

/**
 * The port handle the heap binds its Os through (org.korlang.os.binding, tested here because this
 * module has a real Os on its test class path): calls wait while no port serves and resume on the port that returns; a
 * port for another kernel or processor is never bound; a better-ranked port of the same kernel takes
 * over at once, and holds follow it; a closed handle fails instead of waiting. The "ports" are
 * distinct service objects over one real Os (as two instances of one port bundle are).
 */
class PortHandleTest {

    private final CountingOs real = new CountingOs();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PortHandle handle = new PortHandle("linux", new PrintStream(log, true, StandardCharsets.UTF_8),
            "the heap and its objects stay", () -> false);

    private Os port() {
        return (Os) Proxy.newProxyInstance(Os.class.getClassLoader(), new Class<?>[] {Os.class}, (proxy, method, args) -> {
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static Map<String, Object> props(String kernel, String processor, long id, int ranking) {
        return Map.of(Os.OS_NAME, kernel, Os.OS_ARCH, processor, "service.id", id, "service.ranking", ranking);
    }

    private void awaitLog(String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log.toString(StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within 10 s; printed: " + log);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void callsWaitWhileNoPortServesAndResumeWhenOneReturns() throws Exception {
        Os first = port();
        assertTrue(handle.bind(first, props("linux", "x86_64", 1, 0)));
        long pid = handle.getpid();
        handle.unbind(first);
        assertFalse(handle.serving());
        awaitLog("korlang: waiting: no Os port serves linux/x86_64");
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(handle::getpid, Threads.OWN_THREAD);
        assertThrows(java.util.concurrent.TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS),
                "a system call waits while no port serves");
        assertTrue(handle.bind(port(), props("linux", "x86_64", 2, 0)));
        assertEquals(pid, waiting.get(10, TimeUnit.SECONDS), "the waiting call completed on the returned port");
        awaitLog("served again");
    }

    @Test
    void aPortForAnotherKernelOrProcessorIsNeverBound() {
        assertFalse(handle.bind(port(), props("macos", "x86_64", 1, 0)), "not this machine's kernel");
        assertTrue(handle.bind(port(), props("linux", "x86_64", 2, 0)));
        assertFalse(handle.bind(port(), props("linux", "aarch64", 3, 100)), "another processor than the pinned one");
        assertTrue(handle.servedBy().contains("service 2"), handle.servedBy());
    }

    @Test
    void aBetterRankedPortTakesOverAtOnceAndHoldsFollowIt() {
        Os first = port();
        handle.bind(first, props("linux", "x86_64", 1, 0));
        int page = handle.pageSize();
        long address = handle.mmapAnonymous(4L * page, Set.of(Prot.READ, Prot.WRITE));
        MemoryHold hold = handle.hold(address, 4L * page, Set.of(Prot.READ, Prot.WRITE));
        handle.bind(port(), props("linux", "x86_64", 2, 10));
        assertTrue(handle.servedBy().contains("service 2"), handle.servedBy());
        handle.unbind(first);
        hold.madvise(address, page, Advice.DONTNEED);
        assertTrue(hold.isOpen());
        hold.close();
        handle.munmap(address, 4L * page);
        assertFalse(handle.isMapped(address, 4L * page));
    }

    @Test
    void aClosedHandleFailsInsteadOfWaiting() {
        Os first = port();
        handle.bind(first, props("linux", "x86_64", 1, 0));
        handle.unbind(first);
        handle.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, handle::getpid);
        assertTrue(e.getMessage().contains("no Os port serves linux/x86_64"), e.getMessage());
    }
}
