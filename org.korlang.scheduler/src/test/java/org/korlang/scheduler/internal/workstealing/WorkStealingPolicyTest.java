package org.korlang.scheduler.internal.workstealing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.scheduler.SchedulerFixtures.awaitCondition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.SchedulerFixtures;
import org.korlang.scheduler.SchedulerMetrics;
import org.korlang.scheduler.TaskHandle;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/**
 * The work-stealing policy's own mechanisms, each in a setup where the task can only finish if the
 * mechanism works (a missing mechanism shows up as a timeout, not as a slow run).
 */
@Timeout(60)
class WorkStealingPolicyTest {

    /** A worker spins (no blocking section) until its 100 children ran: only a thief can run them. */
    @Test
    void childrenOfABusyWorkerAreStolen() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(WorkStealingPolicy.NAME, 2)) {
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger ranElsewhere = new AtomicInteger();
            TaskHandle<Boolean> busy = scheduler.spawn(() -> {
                Thread me = Thread.currentThread();
                for (int i = 0; i < 100; i++) {
                    scheduler.spawn((Runnable) () -> {
                        ran.incrementAndGet();
                        if (Thread.currentThread() != me) {
                            ranElsewhere.incrementAndGet();
                        }
                    });
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (ran.get() < 100 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                return ran.get() == 100;
            });
            assertTrue(busy.join(), "all children ran while their spawner was busy: " + ran.get());
            assertEquals(100, ranElsewhere.get());
            assertTrue(scheduler.metrics().steals() > 0, "steals are counted: " + scheduler.metrics());
        }
    }

    /**
     * One worker; a task keeps its local queue busy forever (each task spawns the next) until a task
     * submitted from outside runs: the injection queue must be checked even while local work exists.
     */
    @Test
    void theInjectionQueueIsServedDespiteEndlessLocalWork() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(WorkStealingPolicy.NAME, 1)) {
            AtomicBoolean outsiderRan = new AtomicBoolean();
            AtomicInteger chainLength = new AtomicInteger();
            CountDownLatch chainStarted = new CountDownLatch(1);
            CountDownLatch chainEnded = new CountDownLatch(1);
            scheduler.spawn((Runnable) () -> chain(scheduler, outsiderRan, chainLength, chainStarted, chainEnded));
            assertTrue(chainStarted.await(10, TimeUnit.SECONDS));
            scheduler.spawn((Runnable) () -> outsiderRan.set(true));
            assertTrue(chainEnded.await(20, TimeUnit.SECONDS), "the outside task ran; the chain stopped");
            assertTrue(outsiderRan.get());
        }
    }

    private static void chain(Scheduler scheduler, AtomicBoolean stop, AtomicInteger length, CountDownLatch started,
            CountDownLatch ended) {
        started.countDown();
        if (stop.get()) {
            ended.countDown();
            return;
        }
        length.incrementAndGet();
        scheduler.spawn((Runnable) () -> chain(scheduler, stop, length, started, ended));
    }

    /**
     * One worker; two tasks spawn each other through the LIFO slot forever, until a task that waits
     * in the deque runs: the LIFO slot's bound must let the deque go first now and then.
     */
    @Test
    void theLifoSlotCannotStarveTheDeque() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(WorkStealingPolicy.NAME, 1)) {
            AtomicBoolean waitingTaskRan = new AtomicBoolean();
            CountDownLatch pingPongStopped = new CountDownLatch(1);
            scheduler.spawn((Runnable) () -> {
                scheduler.spawn((Runnable) () -> waitingTaskRan.set(true)); // LIFO slot, then the deque
                scheduler.spawn((Runnable) () -> pingPong(scheduler, waitingTaskRan, pingPongStopped)); // LIFO
            });
            assertTrue(pingPongStopped.await(20, TimeUnit.SECONDS), "the deque's task ran despite the LIFO ping-pong");
        }
    }

    private static void pingPong(Scheduler scheduler, AtomicBoolean stop, CountDownLatch stopped) {
        if (stop.get()) {
            stopped.countDown();
            return;
        }
        scheduler.spawn((Runnable) () -> pingPong(scheduler, stop, stopped));
    }

    /**
     * One slot; a task spawns children into its slot and then blocks in a blocking section until they
     * have all run: its slot, queues and all, must go to a spare thread.
     */
    @Test
    void aBlockedWorkersSlotAndItsQueueGoToASpare() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(WorkStealingPolicy.NAME, 1)) {
            CountDownLatch children = new CountDownLatch(10);
            TaskHandle<Boolean> parent = scheduler.spawn(() -> {
                for (int i = 0; i < 10; i++) {
                    scheduler.spawn((Runnable) children::countDown);
                }
                return scheduler.blocking(() -> children.await(20, TimeUnit.SECONDS));
            });
            assertTrue(parent.join(), "the children ran while their parent was blocked");
            awaitCondition("the spare retires", Duration.ofSeconds(20), () -> scheduler.metrics().spareThreads() == 0);
        }
    }

    /**
     * One slot; a task spawns X (sets a flag) and then a yielding task Y that waits for the flag, and
     * joins Y. Helping must not keep stepping Y while X waits below it in the same slot.
     */
    @Test
    void aJoinOnAYieldingTaskDoesNotStarveTheWorkItWaitsFor() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(WorkStealingPolicy.NAME, 1)) {
            TaskHandle<Integer> parent = scheduler.spawn(() -> {
                AtomicBoolean flag = new AtomicBoolean();
                scheduler.spawn((Runnable) () -> flag.set(true));
                TaskHandle<Integer> waiter = scheduler.spawnYielding(
                        () -> flag.get() ? org.korlang.scheduler.Step.done(1) : org.korlang.scheduler.Step.again());
                return waiter.join();
            });
            assertEquals(1, parent.join(Duration.ofSeconds(20)));
        }
    }

    /** Many fork-join trees at once: joins help only with their own work, so no spare threads pile up. */
    @Test
    void concurrentForkJoinTreesNeedNoSpareThreads() {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(WorkStealingPolicy.NAME, 2)) {
            List<TaskHandle<Long>> trees = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                trees.add(scheduler.spawn(() -> SchedulerFixtures.fib(scheduler, 12)));
            }
            for (TaskHandle<Long> tree : trees) {
                assertEquals(144L, tree.join());
            }
            assertTrue(scheduler.metrics().spareThreads() <= 2, "spares: " + scheduler.metrics());
        }
    }

    /**
     * The ownership half of the retire protocol (WorkStealingRuntime's class comment): a task its owner
     * pushed onto a non-empty slot in the instant of the close may be missed by the drain; the owner
     * forwards the slot whenever it comes back to the closed runtime — entering a blocking section
     * (issue 18's lost task ended up exactly there), a join helping, a submission — and closing again
     * drains again. A runtime without threads; the late tasks are put into the slot after close() by
     * hand, as that race leaves them.
     */
    @Test
    void aClosedRuntimesSlotIsForwardedWhenItsOwnerComesBackOrOnASecondClose() {
        for (String comeBack : List.of("enterBlocking", "helpWhileWaiting", "closeAgain")) {
            RetireHandshakeLincheckTest.RecordingContext context = new RetireHandshakeLincheckTest.RecordingContext();
            WorkStealingRuntime runtime = new WorkStealingRuntime(context);
            Processor slot = runtime.processor(0);
            WsWorker owner = new WsWorker(runtime, slot, "owner-never-started");
            runtime.close();
            RetireHandshakeLincheckTest.Token late = new RetireHandshakeLincheckTest.Token(1);
            RetireHandshakeLincheckTest.Token lateLifo = new RetireHandshakeLincheckTest.Token(2);
            slot.deque.push(late);
            slot.putLifo(lateLifo);
            switch (comeBack) {
                case "enterBlocking" -> {
                    runtime.enterBlocking(owner);
                    assertEquals(-1, owner.processorIndex(), "the slot was given up");
                }
                case "helpWhileWaiting" -> assertTrue(runtime.helpWhileWaiting(owner, late, () -> true));
                default -> runtime.close();
            }
            assertEquals(0, slot.queued(), comeBack + ": the slot's tasks did not stay behind");
            assertEquals(java.util.Set.of(late, lateLifo), java.util.Set.copyOf(context.forwarded), comeBack);
        }
    }

    /** Idle workers park; a single task from outside wakes one and runs. */
    @Test
    void idleWorkersParkAndWakeForNewWork() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(WorkStealingPolicy.NAME, 2)) {
            scheduler.spawn(() -> 1).join();
            awaitCondition("both workers park", Duration.ofSeconds(10), () -> scheduler.metrics().parkedWorkers() == 2);
            long parksBefore = scheduler.metrics().parks();
            assertTrue(parksBefore >= 2);
            for (int round = 0; round < 50; round++) {
                assertEquals(round, scheduler.spawn(() -> 0).join() + round);
            }
            SchedulerMetrics metrics = scheduler.metrics();
            assertTrue(metrics.parks() > parksBefore, "workers parked again between rounds: " + metrics);
        }
    }

    /** Work arriving at a parked pool fans out: many tasks from outside use both workers. */
    @Test
    void workFansOutToParkedWorkers() throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(WorkStealingPolicy.NAME, 2)) {
            scheduler.spawn(() -> 1).join();
            awaitCondition("both workers park", Duration.ofSeconds(10), () -> scheduler.metrics().parkedWorkers() == 2);
            CountDownLatch bothBusy = new CountDownLatch(2);
            List<TaskHandle<Boolean>> handles = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                handles.add(scheduler.spawn(() -> {
                    bothBusy.countDown();
                    return bothBusy.await(20, TimeUnit.SECONDS); // spins in no blocking section
                }));
            }
            for (TaskHandle<Boolean> handle : handles) {
                assertTrue(handle.join(), "two tasks ran at the same time: both workers woke");
            }
        }
    }
}
