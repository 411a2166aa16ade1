package org.korlang.benchmarks.scheduler;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.korlang.scheduler.standalone.StandaloneScheduler;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The two pools under test, each as its own JMH state so that a benchmark method starts only the
 * pool it measures. Both get one worker per available processor.
 */
public final class Pools {

    private Pools() {
    }

    /** The Korlang scheduler (standalone, the same code as the DS service). */
    @State(Scope.Benchmark)
    public static class Korlang {

        @Param({"work-stealing"})
        public String policy;

        public StandaloneScheduler scheduler;

        @Setup
        public void start() {
            scheduler = StandaloneScheduler.builder()
                    .policy(policy)
                    .parallelism(Runtime.getRuntime().availableProcessors())
                    .start();
        }

        @TearDown
        public void stop() {
            scheduler.close();
        }
    }

    /** The JDK's peer: a ForkJoinPool with the same parallelism (LIFO local queues, the default). */
    @State(Scope.Benchmark)
    public static class Jdk {

        public ForkJoinPool pool;

        @Setup
        public void start() {
            pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        }

        @TearDown
        public void stop() throws InterruptedException {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
