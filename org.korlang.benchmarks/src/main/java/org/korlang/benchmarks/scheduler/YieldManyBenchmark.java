package org.korlang.benchmarks.scheduler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.korlang.scheduler.Step;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tokio's {@code yield_many}: 200 tasks each yield 1,000 times before they finish. Korlang: a
 * {@link org.korlang.scheduler.YieldingTask} returning {@link Step#again()} (the task re-queues
 * itself). ForkJoinPool has no yield: the idiomatic equivalent is a task that re-submits itself to
 * the pool from its worker (a push on that worker's queue) until its count runs out.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class YieldManyBenchmark {

    static final int TASKS = 200;
    static final int YIELDS = 1_000;

    @Benchmark
    public void korlang(Pools.Korlang korlang) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(TASKS);
        for (int t = 0; t < TASKS; t++) {
            int[] left = {YIELDS};
            korlang.scheduler.spawnYielding(() -> {
                if (left[0]-- > 0) {
                    return Step.again();
                }
                done.countDown();
                return Step.done(null);
            });
        }
        done.await();
    }

    @Benchmark
    public void forkJoinPool(Pools.Jdk jdk) throws InterruptedException {
        ForkJoinPool pool = jdk.pool;
        CountDownLatch done = new CountDownLatch(TASKS);
        for (int t = 0; t < TASKS; t++) {
            pool.execute(new Runnable() {
                private int left = YIELDS;

                @Override
                public void run() {
                    if (left-- > 0) {
                        pool.execute(this);
                    } else {
                        done.countDown();
                    }
                }
            });
        }
        done.await();
    }
}
