package org.korlang.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korlang.scheduler.standalone.StandaloneScheduler;
import org.korlang.testkit.Eventually;

/**
 * Ten million tiny tasks, each counted in its own slot: every one must run exactly once. They are
 * spawned both from outside (100 producer tasks come through the injection queue) and from inside
 * (each producer spawns 100,000 children on its worker), so the local queues, the LIFO slot, stealing
 * and the injection queue all carry load.
 */
class TenMillionTasksTest {

    @ParameterizedTest
    @CsvSource({"work-stealing, 10000000", "fifo, 10000000"})
    @Timeout(180)
    void everyTaskRunsExactlyOnce(String policy, int total) throws InterruptedException {
        int producers = 100;
        int perProducer = total / producers;
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        LongAdder finished = new LongAdder();
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            List<TaskHandle<Void>> producerHandles = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                producerHandles.add(scheduler.spawn((Runnable) () -> {
                    for (int i = 0; i < perProducer; i++) {
                        int id = base + i;
                        scheduler.spawn((Runnable) () -> {
                            runs.incrementAndGet(id);
                            finished.increment();
                        });
                    }
                }));
            }
            for (TaskHandle<Void> producer : producerHandles) {
                producer.join();
            }
            Eventually.await(() -> "all " + total + " tasks to run; only " + finished.sum() + " did: " + scheduler.metrics(),
                    () -> finished.sum() >= total, Duration.ofSeconds(150));
            for (int id = 0; id < total; id++) {
                if (runs.get(id) != 1) {
                    throw new AssertionError("task " + id + " ran " + runs.get(id) + " times");
                }
            }
            assertEquals(total, finished.sum());
            SchedulerMetrics metrics = scheduler.metrics();
            assertEquals(total + producers, metrics.spawned());
            // the last tasks' handles may complete a moment after their bodies counted themselves
            SchedulerFixtures.awaitCondition("accounting settles", java.time.Duration.ofSeconds(10),
                    () -> scheduler.metrics().succeeded() == total + producers);
            assertEquals(0, scheduler.metrics().pending());
            assertEquals(0, scheduler.metrics().failed());
        }
    }
}
