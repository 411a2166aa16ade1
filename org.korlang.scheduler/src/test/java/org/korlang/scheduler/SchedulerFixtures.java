package org.korlang.scheduler;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.korlang.scheduler.standalone.StandaloneScheduler;
import org.korlang.testkit.Eventually;

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
        Eventually.await(what, condition, timeout);
    }
}
