package org.korlang.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.korlang.os.Os;
import org.korlang.os.binding.PortHandle;
import org.korlang.testkit.CountingOs;
import org.korlang.testkit.Eventually;
import org.korlang.testkit.Threads;

/**
 * Sync primitives over a port handle whose ports leave and return (issue #15), as the Sync component
 * binds them: a thread asleep in the kernel through a port that leaves is woken by an unlock through
 * the next port; while no port serves, a contended release waits and completes once a port returns,
 * and primitives made before work after; an interrupt ends an interruptible wait for a port and
 * never fails an uninterruptible one. The "ports" are distinct service objects over one real Linux Os
 * (as the instances of one port bundle are: they share its mapping registry).
 */
class PortsLeaveAndReturnTest {

    private final CountingOs real = new CountingOs();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PortHandle handle = new PortHandle("linux", new PrintStream(log, true, StandardCharsets.UTF_8),
            "sync primitives stay", () -> false);
    private final FutexSync sync = new FutexSync(handle, SyncOptions.DEFAULTS.withSpinLimit(0), BlockingHook.NONE);

    /** A port over the real Os that counts the wakes made through it. */
    private final class Port {
        final AtomicInteger wakes = new AtomicInteger();
        final Os os = (Os) Proxy.newProxyInstance(Os.class.getClassLoader(), new Class<?>[] {Os.class}, (proxy, method, args) -> {
            if (method.getName().equals("futexWake")) {
                wakes.incrementAndGet();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private Port serve(long id) {
        Port port = new Port();
        assertTrue(handle.bind(port.os, Map.of(Os.OS_NAME, "linux", Os.OS_ARCH, "x86_64", "service.id", id,
                "service.ranking", 0)));
        return port;
    }

    @Test
    void aWaiterAsleepThroughALeavingPortIsWokenThroughTheNext() throws Exception {
        Port first = serve(1);
        Mutex m = sync.newMutex();
        m.lock();
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            m.lock();
            m.unlock();
        }, Threads.OWN_THREAD);
        Thread parked = awaitParkedInKernel();
        handle.unbind(first.os);
        Port second = serve(2);
        m.unlock();
        waiter.get(30, TimeUnit.SECONDS);
        assertFalse(parked.isInterrupted());
        assertTrue(second.wakes.get() >= 1, "the wake went through the second port");
        assertEquals(0, first.wakes.get(), "nothing went through the port that left");
    }

    @Test
    void whileNoPortServesAContendedReleaseWaitsAndPrimitivesMadeBeforeWorkAfter() throws Exception {
        Port first = serve(1);
        Semaphore permits = sync.newSemaphore(0);
        Channel<Integer> channel = sync.newChannel(1);
        Mutex m = sync.newMutex();
        CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
            permits.acquireUninterruptibly();
            try {
                return channel.receive();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Threads.OWN_THREAD);
        awaitParkedInKernel();
        handle.unbind(first.os);
        awaitLog("korlang: waiting: no Os port serves linux/x86_64 (sync primitives stay");
        Thread releaser = new Thread(permits::release, "releaser");
        releaser.start();
        await(() -> waitsForAPort(releaser), "the contended release waits for a port");
        assertFalse(waiter.isDone(), "nobody woke the waiter without a port");
        serve(2);
        releaser.join(30_000);
        assertFalse(releaser.isAlive(), "the release completed once a port served");
        channel.send(42);
        assertEquals(42, waiter.get(30, TimeUnit.SECONDS), "the waiter woke and received");
        awaitLog("served again");
        // a primitive made before the absence works contended after it
        m.lock();
        CompletableFuture<Void> contended = CompletableFuture.runAsync(() -> {
            m.lock();
            m.unlock();
        }, Threads.OWN_THREAD);
        awaitParkedInKernel();
        m.unlock();
        contended.get(30, TimeUnit.SECONDS);
    }

    @Test
    void anInterruptEndsAnInterruptibleWaitForAPortButNotAnUninterruptibleOne() throws Exception {
        Port first = serve(1);
        Mutex m = sync.newMutex();
        m.lock();
        handle.unbind(first.os);
        CompletableFuture<Boolean> interruptible = new CompletableFuture<>();
        Thread a = new Thread(() -> {
            try {
                m.lockInterruptibly();
                interruptible.complete(false);
            } catch (InterruptedException expected) {
                interruptible.complete(true);
            }
        }, "interruptible");
        CompletableFuture<Boolean> uninterruptible = new CompletableFuture<>();
        Thread b = new Thread(() -> {
            m.lock();
            uninterruptible.complete(Thread.currentThread().isInterrupted());
            m.unlock();
        }, "uninterruptible");
        a.start();
        b.start();
        await(() -> waitsForAPort(a) && waitsForAPort(b), "both lockers wait for a port");
        a.interrupt();
        b.interrupt();
        assertTrue(interruptible.get(30, TimeUnit.SECONDS), "lockInterruptibly ended with InterruptedException");
        await(() -> waitsForAPort(b), "lock() waits for a port again after the interrupt");
        serve(2);
        m.unlock();
        assertTrue(uninterruptible.get(30, TimeUnit.SECONDS), "lock() succeeded and re-asserted the interrupt");
    }

    /** The thread that is asleep in futex_wait right now (fails after the deadline). */
    private static Thread awaitParkedInKernel() {
        Eventually.await("a thread asleep in the kernel in futex_wait", () -> CountingOs.sleeperInFutexWait().isPresent(),
                Duration.ofSeconds(30));
        return CountingOs.sleeperInFutexWait().orElseThrow(() -> new AssertionError("the sleeper woke before it was read"));
    }

    /** Whether {@code t} is waiting inside the port handle for a port to serve. */
    private static boolean waitsForAPort(Thread t) {
        if (t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(PortHandle.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private void awaitLog(String text) throws InterruptedException {
        await(() -> log.toString(StandardCharsets.UTF_8).contains(text), "'" + text + "' printed; printed: " + log);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.onSpinWait();
        }
    }
}
