package org.korlang.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.korlang.testkit.CountingOs;
import org.korlang.testkit.Eventually;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** Helpers shared by the sync tests: factories over a CountingOs, thread utilities (the rest is in org.korlang.testkit). */
final class Fixtures {
    /** One Os and one Sync for tests that do not count syscalls (Lincheck creates many primitives). */
    static final CountingOs SHARED_OS = new CountingOs();
    static final FutexSync SHARED = new FutexSync(SHARED_OS);

    /** Long enough for any legitimate wait in these tests on a loaded 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private Fixtures() {}

    /** A fresh Os (its own futex counters) and Sync. */
    static FutexSync sync(CountingOs os) {
        return new FutexSync(os);
    }

    /** A Sync that never spins: every contended path goes to the kernel. */
    static FutexSync noSpin(CountingOs os) {
        return new FutexSync(os, SyncOptions.DEFAULTS.withSpinLimit(0), BlockingHook.NONE);
    }

    interface Body {
        void run(int index) throws Exception;
    }

    /** Runs {@code n} threads of {@code body} and rethrows the first failure. */
    static void runThreads(int n, Body body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    body.run(index);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "test-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(PATIENCE.toMillis());
            if (t.isAlive()) {
                failures.add(new AssertionError(t.getName() + " did not finish within " + PATIENCE + " (lost wake-up or deadlock?)"));
                for (StackTraceElement e : t.getStackTrace()) {
                    System.err.println("    at " + e);
                }
            }
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError(failures.size() + " thread(s) failed: " + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    /** Starts a daemon thread. */
    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits until {@code t} sleeps in the kernel in a futex wait (of a CountingOs), i.e. has really
     * blocked, or has ended (the caller's next assertion then says what went wrong).
     */
    static void awaitBlocked(Thread t) throws InterruptedException {
        eventually(t.getName() + " sleeps in futex_wait", () -> CountingOs.sleepsInFutexWait(t) || !t.isAlive());
    }

    /** Waits until the condition holds, failing after PATIENCE. */
    static void eventually(String what, java.util.function.BooleanSupplier condition) {
        Eventually.await(what, condition, PATIENCE);
    }

    static void joinOrFail(Thread t) throws InterruptedException {
        t.join(PATIENCE.toMillis());
        assertFalse(t.isAlive(), t.getName() + " is still running");
    }
}
