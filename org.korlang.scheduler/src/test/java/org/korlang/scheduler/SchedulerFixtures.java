package org.korlang.scheduler;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.korlang.scheduler.standalone.StandaloneScheduler;

/** Helpers shared by the scheduler tests. */
public final class SchedulerFixtures {

    private SchedulerFixtures() {
    }

    /** A standalone scheduler with short keep-alive and grace, for tests. */
    public static StandaloneScheduler start(String policy, int parallelism) {
        return StandaloneScheduler.builder()
                .policy(policy)
                .parallelism(parallelism)
                .spareKeepAlive(Duration.ofMillis(200))
                .shutdownGrace(Duration.ofMillis(500))
                .start();
    }

    /** Sequential Fibonacci, the reference. */
    public static long fibSequential(int n) {
        return n < 2 ? n : fibSequential(n - 1) + fibSequential(n - 2);
    }

    /** Fork-join Fibonacci on the scheduler: spawn one half, compute the other, join. */
    public static long fib(Scheduler scheduler, int n) {
        if (n < 2) {
            return n;
        }
        TaskHandle<Long> left = scheduler.spawn(() -> fib(scheduler, n - 1));
        long right = fib(scheduler, n - 2);
        return left.join() + right;
    }

    /** Waits (polling) until the condition holds; fails with the message after the timeout. */
    public static void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }

    /** Whether {@code t} is parked (untimed or timed) with {@code blocker} as its park blocker. */
    public static boolean parkedOn(Thread t, Object blocker) {
        Thread.State state = t.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) && LockSupport.getBlocker(t) == blocker;
    }

    /** Whether {@code t} is waiting (parked, sleeping or joining) inside a method called {@code method} of {@code type}. */
    public static boolean waitingInside(Thread t, Class<?> type, String method) {
        Thread.State state = t.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
