package org.korlang.benchmarks.scheduler;

import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;

import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fork-join fib(30) with no sequential cut-off: 1.6 million tasks, each forking one half, computing
 * the other and joining — the classic measure of fork/join overhead.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForkJoinFibBenchmark {

    static final int N = 30;
    static final long EXPECTED = 832_040L;

    @Benchmark
    public long korlang(Pools.Korlang korlang) {
        Scheduler scheduler = korlang.scheduler;
        long value = scheduler.spawn(() -> fib(scheduler, N)).join();
        if (value != EXPECTED) {
            throw new AssertionError("fib(30) = " + value);
        }
        return value;
    }

    static long fib(Scheduler scheduler, int n) {
        if (n < 2) {
            return n;
        }
        TaskHandle<Long> left = scheduler.spawn(() -> fib(scheduler, n - 1));
        long right = fib(scheduler, n - 2);
        return left.join() + right;
    }

    @Benchmark
    public long forkJoinPool(Pools.Jdk jdk) {
        long value = jdk.pool.invoke(new Fib(N));
        if (value != EXPECTED) {
            throw new AssertionError("fib(30) = " + value);
        }
        return value;
    }

    static final class Fib extends RecursiveTask<Long> {
        private static final long serialVersionUID = 1L;
        private final int n;

        Fib(int n) {
            this.n = n;
        }

        @Override
        protected Long compute() {
            if (n < 2) {
                return (long) n;
            }
            Fib left = new Fib(n - 1);
            left.fork();
            long right = new Fib(n - 2).compute();
            return left.join() + right;
        }
    }
}
