package org.korlang.benchmarks.scheduler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
 * Tokio's {@code ping_pong}: 1,000 pings spawned from outside; each ping spawns its pong, sends it a
 * message and waits for the reply. Java has no await, so the message is the pong's spawn and the
 * reply is its result, which the ping joins: one round trip through the scheduler per ping (both
 * pools let the joining worker run the pong itself when nobody has taken it yet).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PingPongBenchmark {

    static final int PINGS = 1_000;

    @Benchmark
    public void korlang(Pools.Korlang korlang) throws InterruptedException {
        Scheduler scheduler = korlang.scheduler;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger remaining = new AtomicInteger(PINGS);
        for (int i = 0; i < PINGS; i++) {
            int ball = i;
            scheduler.spawn((Runnable) () -> {
                TaskHandle<Integer> pong = scheduler.spawn(() -> ball + 1);
                if (pong.join() != ball + 1) {
                    throw new AssertionError("wrong reply");
                }
                if (remaining.decrementAndGet() == 0) {
                    done.countDown();
                }
            });
        }
        done.await();
    }

    @Benchmark
    public void forkJoinPool(Pools.Jdk jdk) throws InterruptedException {
        ForkJoinPool pool = jdk.pool;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger remaining = new AtomicInteger(PINGS);
        for (int i = 0; i < PINGS; i++) {
            int ball = i;
            pool.execute(() -> {
                ForkJoinTask<Integer> pong = ForkJoinTask.adapt(() -> ball + 1).fork();
                if (pong.join() != ball + 1) {
                    throw new AssertionError("wrong reply");
                }
                if (remaining.decrementAndGet() == 0) {
                    done.countDown();
                }
            });
        }
        done.await();
    }
}
