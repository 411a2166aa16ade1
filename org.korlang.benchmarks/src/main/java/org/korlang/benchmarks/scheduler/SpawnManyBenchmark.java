package org.korlang.benchmarks.scheduler;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.korlang.scheduler.Scheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tokio's {@code spawn_many_local} and {@code spawn_many_remote_idle}: 10,000 tiny tasks, each
 * decrementing a shared counter; the last one releases the waiting benchmark thread. "Local": the
 * tasks are spawned by a task on a worker (local queues). "Remote": the benchmark thread spawns them
 * itself (the injection queue / external submission queues).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpawnManyBenchmark {

    static final int TASKS = 10_000;

    @Benchmark
    public void korlangLocal(Pools.Korlang korlang) throws InterruptedException {
        Scheduler scheduler = korlang.scheduler;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger remaining = new AtomicInteger(TASKS);
        Runnable task = () -> {
            if (remaining.decrementAndGet() == 0) {
                done.countDown();
            }
        };
        scheduler.spawn((Runnable) () -> {
            for (int i = 0; i < TASKS; i++) {
                scheduler.spawn(task);
            }
        });
        done.await();
    }

    @Benchmark
    public void forkJoinPoolLocal(Pools.Jdk jdk) throws InterruptedException {
        ForkJoinPool pool = jdk.pool;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger remaining = new AtomicInteger(TASKS);
        Runnable task = () -> {
            if (remaining.decrementAndGet() == 0) {
                done.countDown();
            }
        };
        pool.execute(() -> {
            for (int i = 0; i < TASKS; i++) {
                pool.execute(task); // from a worker: pushed onto its own queue
            }
        });
        done.await();
    }

    @Benchmark
    public void korlangRemote(Pools.Korlang korlang) throws InterruptedException {
        Scheduler scheduler = korlang.scheduler;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger remaining = new AtomicInteger(TASKS);
        Runnable task = () -> {
            if (remaining.decrementAndGet() == 0) {
                done.countDown();
            }
        };
        for (int i = 0; i < TASKS; i++) {
            scheduler.spawn(task);
        }
        done.await();
    }

    @Benchmark
    public void forkJoinPoolRemote(Pools.Jdk jdk) throws InterruptedException {
        ForkJoinPool pool = jdk.pool;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger remaining = new AtomicInteger(TASKS);
        Runnable task = () -> {
            if (remaining.decrementAndGet() == 0) {
                done.countDown();
            }
        };
        for (int i = 0; i < TASKS; i++) {
            pool.execute(task);
        }
        done.await();
    }
}
