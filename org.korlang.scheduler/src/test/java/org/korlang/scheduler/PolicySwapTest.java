package org.korlang.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.scheduler.SchedulerFixtures.awaitCondition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/**
 * Hot swap: policies switched while tasks run and wait. No task may be lost or run twice, running
 * tasks finish on the thread they run on, queued ones move, and joins across the swap complete.
 */
@Timeout(120)
class PolicySwapTest {

    /**
     * One swap, watched closely: the only worker of the old policy is stuck in a task, so its queued
     * tasks can only run if the swap moves them to the new policy; the stuck task then finishes where
     * it runs, and the old policy retires.
     */
    @Test
    void queuedTasksMoveAndTheRunningTaskFinishesWhereItRuns() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start("work-stealing", 1)) {
            CountDownLatch occupied = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> stuckThread = new AtomicReference<>();
            AtomicReference<String> finishedThread = new AtomicReference<>();
            TaskHandle<String> stuck = scheduler.spawn(() -> {
                stuckThread.set(Thread.currentThread().getName());
                occupied.countDown();
                SchedulerBehaviourTest.awaitUninterruptibly(release);
                finishedThread.set(Thread.currentThread().getName());
                return "stuck-done";
            });
            assertTrue(occupied.await(10, TimeUnit.SECONDS));
            AtomicIntegerArray runs = new AtomicIntegerArray(1_000);
            List<TaskHandle<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                int k = i;
                queued.add(scheduler.spawn(() -> {
                    runs.incrementAndGet(k);
                    return k;
                }));
            }
            scheduler.switchPolicy("fifo");
            assertEquals("fifo", scheduler.activePolicy().orElseThrow());
            for (int i = 0; i < queued.size(); i++) {
                assertEquals(i, queued.get(i).join(Duration.ofSeconds(20)), "queued task " + i + " moved and ran");
            }
            assertEquals(TaskState.RUNNING, stuck.state(), "the running task is still where it was");
            assertEquals(1, scheduler.metrics().retiringPolicies());
            release.countDown();
            assertEquals("stuck-done", stuck.join(Duration.ofSeconds(20)));
            assertEquals(stuckThread.get(), finishedThread.get());
            assertTrue(stuckThread.get().contains("work-stealing"), stuckThread.get());
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "task " + i);
            }
            awaitCondition("the old policy retires", Duration.ofSeconds(20),
                    () -> scheduler.metrics().retiringPolicies() == 0);
            assertEquals(2, scheduler.metrics().swaps());
        }
    }

    /**
     * One hundred swaps while producers keep spawning plain tasks, fork-join trees, yielding tasks and
     * tasks with blocking sections, and while tasks join each other across the swaps. Afterwards every
     * handle succeeded, every plain task ran exactly once, every result is right, and the scheduler's
     * accounting is exact.
     */
    @Test
    void oneHundredSwapsUnderLoadWithExactAccounting() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start("work-stealing", 2)) {
            int capacity = 2_000_000;
            AtomicIntegerArray runs = new AtomicIntegerArray(capacity);
            AtomicInteger nextId = new AtomicInteger();
            ConcurrentLinkedQueue<Check> checks = new ConcurrentLinkedQueue<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                int seed = p;
                Thread producer = new Thread(() -> {
                    try {
                        int round = seed;
                        while (producing.get() && nextId.get() < capacity - 10_000) {
                            produce(scheduler, round++, runs, nextId, checks);
                            while (producing.get() && scheduler.metrics().pending() > 20_000) {
                                Thread.onSpinWait(); // keep a backlog queued across the swaps, but a bounded one
                            }
                        }
                    } catch (Throwable t) {
                        producerFailure.set(t);
                    }
                }, "producer-" + p);
                producer.start();
                producers.add(producer);
            }
            String[] policies = {"fifo", "work-stealing"};
            for (int swap = 0; swap < 100; swap++) {
                scheduler.switchPolicy(policies[swap % 2]);
                Thread.sleep(2);
            }
            producing.set(false);
            for (Thread producer : producers) {
                producer.join();
            }
            if (producerFailure.get() != null) {
                throw new AssertionError("a producer failed", producerFailure.get());
            }
            int checked = 0;
            for (Check check : checks) {
                check.verify();
                checked++;
            }

            int ids = nextId.get();
            for (int i = 0; i < ids; i++) {
                assertEquals(1, runs.get(i), "plain task " + i + " runs");
            }
            awaitCondition("accounting settles", Duration.ofSeconds(20), () -> scheduler.metrics().pending() == 0);
            SchedulerMetrics metrics = scheduler.metrics();
            assertEquals(101, metrics.swaps(), "the first install plus 100 swaps");
            assertEquals(0, metrics.failed());
            assertEquals(0, metrics.cancelled());
            assertEquals(metrics.spawned(), metrics.succeeded());
            assertTrue(checked > 100, "the load kept running during the swaps: " + checked + " checks");
            assertTrue(ids > 1_000, "plain tasks ran during the swaps: " + ids);
            assertTrue(RAN_ON_FIFO.get() > 0 && RAN_ON_WORK_STEALING.get() > 0,
                    "both policies ran tasks: fifo " + RAN_ON_FIFO + ", work-stealing " + RAN_ON_WORK_STEALING);
            awaitCondition("old policies retire", Duration.ofSeconds(30), () -> scheduler.metrics().retiringPolicies() == 0);
        }
    }

    /** A handle and what its outcome must be. */
    private record Check(TaskHandle<?> handle, Object expected) {
        void verify() throws Exception {
            assertEquals(expected, handle.join(Duration.ofSeconds(30)));
        }
    }

    private static final AtomicInteger RAN_ON_FIFO = new AtomicInteger();
    private static final AtomicInteger RAN_ON_WORK_STEALING = new AtomicInteger();

    private static void produce(Scheduler scheduler, int round, AtomicIntegerArray runs, AtomicInteger nextId,
            ConcurrentLinkedQueue<Check> checks) {
        // plain tasks, each counted by id
        for (int i = 0; i < 200; i++) {
            int id = nextId.getAndIncrement();
            checks.add(new Check(scheduler.spawn(() -> {
                runs.incrementAndGet(id);
                (Thread.currentThread().getName().contains("fifo") ? RAN_ON_FIFO : RAN_ON_WORK_STEALING).incrementAndGet();
                return id;
            }), id));
        }
        // a fork-join tree whose joins span swaps
        int n = 12 + round % 4;
        checks.add(new Check(scheduler.spawn(() -> SchedulerFixtures.fib(scheduler, n)), SchedulerFixtures.fibSequential(n)));
        // a yielding task: its steps move between policies
        int[] steps = {0};
        checks.add(new Check(scheduler.spawnYielding(() -> ++steps[0] == 25 ? Step.done(steps[0]) : Step.again()), 25));
        // a task that blocks in a blocking section and spawns and joins a child meanwhile
        checks.add(new Check(scheduler.spawn(() -> scheduler.blocking(() -> {
            Thread.sleep(0, 100_000);
            return scheduler.spawn(() -> 7).join() * 6;
        })), 42));
        // a group
        checks.add(new Check(scheduler.spawn(() -> scheduler.forkJoin(List.of(() -> 1, () -> 2, () -> 3))), List.of(1, 2, 3)));
    }
}
