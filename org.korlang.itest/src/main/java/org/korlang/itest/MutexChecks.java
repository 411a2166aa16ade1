package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.korlang.sync.Mutex;

/**
 * What the in-framework tests check of a {@link Mutex} from the sync bundle, on real threads and
 * with watchdogs (a thread that does not finish in {@link Services#TIMEOUT_MS} fails the test
 * instead of hanging it):
 * <ul>
 * <li>{@link #hammer}: threads take and release it around a plain counter, which must come out
 * exact (mutual exclusion, whatever path each acquisition took);</li>
 * <li>{@link #contended}: a second thread asks for it while it is held, so it sleeps in the kernel
 * (a futex wait through the OS port) and must be woken by the release (the contended path for
 * certain, which {@code hammer} on two cores may never take).</li>
 * </ul>
 */
final class MutexChecks {

    private MutexChecks() {
    }

    /** {@code threads} real threads each take and release {@code mutex} {@code rounds} times around a plain counter. */
    static void hammer(Mutex mutex, int threads, int rounds, String when) throws Exception {
        long[] counter = {0};
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(daemon(guarded(() -> {
                for (int i = 0; i < rounds; i++) {
                    mutex.lock();
                    try {
                        counter[0]++;
                    } finally {
                        mutex.unlock();
                    }
                }
            }, failures), "mutex-hammer-" + t));
        }
        for (Thread t : started) {
            t.join(Services.TIMEOUT_MS);
            assertFalse(t.isAlive(), t.getName() + " finished " + when + " (watchdog)");
        }
        assertEquals(List.of(), failures, "no thread failed " + when);
        mutex.lock(); // the counter is read under the lock that guarded it
        try {
            assertEquals((long) threads * rounds, counter[0], "the Mutex excluded " + when);
        } finally {
            mutex.unlock();
        }
    }

    /** A second thread asks for {@code mutex} while it is held here: it sleeps in the kernel and is woken. */
    static void contended(Mutex mutex, String when) throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        mutex.lock();
        Thread other;
        try {
            other = daemon(guarded(() -> {
                mutex.lock();
                mutex.unlock();
            }, failures), "contender");
            Services.eventually(() -> "the contender sleeps in the kernel " + when + " (failures: " + failures + ")",
                    () -> !failures.isEmpty() || PortsUnderARunningProgramTest.inKernelWait(other));
        } finally {
            mutex.unlock();
        }
        other.join(Services.TIMEOUT_MS);
        assertFalse(other.isAlive(), "the contender was woken and took the mutex " + when + " (watchdog)");
        assertEquals(List.of(), failures, "the contended path works " + when);
    }

    /** {@code body}, with whatever it throws collected into {@code failures}. */
    static Runnable guarded(Runnable body, List<Throwable> failures) {
        return () -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        };
    }

    /** Starts {@code body} on a daemon thread of its own. */
    static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
