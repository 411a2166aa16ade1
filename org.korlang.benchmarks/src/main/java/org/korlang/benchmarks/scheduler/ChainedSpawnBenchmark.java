package org.korlang.benchmarks.scheduler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.korlang.scheduler.Scheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tokio's {@code chained_spawn}: a task spawns the next, which spawns the next, 1,000 deep; the last
 * releases the benchmark thread. Pure spawn latency: at any moment one task exists.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChainedSpawnBenchmark {

    static final int DEPTH = 1_000;

    @Benchmark
    public void korlang(Pools.Korlang korlang) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Scheduler scheduler = korlang.scheduler;
        scheduler.spawn((Runnable) () -> korlangLink(scheduler, DEPTH, done));
        done.await();
    }

    private static void korlangLink(Scheduler scheduler, int n, CountDownLatch done) {
        if (n == 0) {
            done.countDown();
        } else {
            scheduler.spawn((Runnable) () -> korlangLink(scheduler, n - 1, done));
        }
    }

    @Benchmark
    public void forkJoinPool(Pools.Jdk jdk) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        ForkJoinPool pool = jdk.pool;
        pool.execute(() -> jdkLink(pool, DEPTH, done));
        done.await();
    }

    private static void jdkLink(ForkJoinPool pool, int n, CountDownLatch done) {
        if (n == 0) {
            done.countDown();
        } else {
            pool.execute(() -> jdkLink(pool, n - 1, done));
        }
    }
}
