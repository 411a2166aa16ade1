package org.korlang.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.scheduler.SchedulerFixtures.awaitCondition;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korlang.scheduler.standalone.StandaloneScheduler;
import org.korlang.testkit.Threads;

/** The Scheduler API's promises, checked on both built-in policies with real threads. */
@Timeout(60)
class SchedulerBehaviourTest {

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void joinReturnsTheValue(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            TaskHandle<Integer> answer = scheduler.spawn(() -> 6 * 7);
            assertEquals(42, answer.join());
            assertEquals(TaskState.SUCCEEDED, answer.state());
            assertEquals(42, answer.resultNow());
            assertThrows(IllegalStateException.class, answer::exceptionNow);
            AtomicBoolean ran = new AtomicBoolean();
            TaskHandle<Void> runnable = scheduler.spawn((Runnable) () -> ran.set(true));
            assertNull(runnable.join());
            assertTrue(ran.get());
            assertEquals(policy, scheduler.activePolicy().orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void forkJoinFibonacciIsCorrect(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            for (int n : new int[] {0, 1, 2, 10, 22}) {
                int k = n;
                long value = scheduler.spawn(() -> SchedulerFixtures.fib(scheduler, k)).join();
                assertEquals(SchedulerFixtures.fibSequential(n), value, "fib(" + n + ")");
            }
            SchedulerMetrics metrics = scheduler.metrics();
            assertEquals(metrics.spawned(), metrics.succeeded());
            assertEquals(0, metrics.pending());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void anExceptionReachesJoinAndTheWorkerSurvives(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            IOException boom = new IOException("boom");
            TaskHandle<Integer> failing = scheduler.spawn(() -> {
                throw boom;
            });
            TaskFailedException thrown = assertThrows(TaskFailedException.class, failing::join);
            assertSame(boom, thrown.getCause());
            assertEquals(TaskState.FAILED, failing.state());
            assertSame(boom, failing.exceptionNow());
            assertThrows(IllegalStateException.class, failing::resultNow);
            // an Error does not kill the worker either
            TaskHandle<Void> error = scheduler.spawn((Runnable) () -> {
                throw new AssertionError("task error");
            });
            assertInstanceOf(AssertionError.class, assertThrows(TaskFailedException.class, error::join).getCause());
            // every worker still runs tasks
            List<TaskHandle<Integer>> after = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                int k = i;
                after.add(scheduler.spawn(() -> k));
            }
            for (int i = 0; i < after.size(); i++) {
                assertEquals(i, after.get(i).join());
            }
            SchedulerMetrics metrics = scheduler.metrics();
            assertEquals(2, metrics.failed());
            assertEquals(2, metrics.parallelism());
            awaitCondition("two workers", Duration.ofSeconds(10), () -> scheduler.metrics().workers() == 2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void aCancelledQueuedTaskNeverRuns(String policy) throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch occupied = new CountDownLatch(1);
            // occupy the only worker without a blocking section, so nothing else can run
            TaskHandle<Void> blocker = scheduler.spawn((Runnable) () -> {
                occupied.countDown();
                awaitUninterruptibly(release);
            });
            occupied.await();
            AtomicBoolean ran = new AtomicBoolean();
            TaskHandle<Void> victim = scheduler.spawn((Runnable) () -> ran.set(true));
            assertEquals(TaskState.QUEUED, victim.state());
            assertTrue(victim.cancel());
            assertFalse(victim.cancel(), "a second cancel changes nothing");
            assertEquals(TaskState.CANCELLED, victim.state());
            assertThrows(CancellationException.class, victim::join, "join returns at once");
            release.countDown();
            blocker.join();
            scheduler.spawn(() -> 1).join(); // the queue has moved past the victim's entry
            assertFalse(ran.get(), "a cancelled queued task must never run");
            SchedulerMetrics metrics = scheduler.metrics();
            assertEquals(1, metrics.cancelled());
            assertEquals(0, metrics.pending());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void cancellingARunningTaskCompletesItsHandleAtOnce(String policy) throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean finished = new AtomicBoolean();
            TaskHandle<String> running = scheduler.spawn(() -> {
                started.countDown();
                awaitUninterruptibly(release);
                finished.set(true);
                return "discarded";
            });
            started.await();
            assertEquals(TaskState.RUNNING, running.state());
            assertTrue(running.cancel());
            assertThrows(CancellationException.class, () -> running.join(Duration.ofSeconds(5)));
            release.countDown();
            awaitCondition("the body ran to its end", Duration.ofSeconds(10), finished::get);
            assertEquals(TaskState.CANCELLED, running.state());
            awaitCondition("accounting settles", Duration.ofSeconds(10), () -> scheduler.metrics().pending() == 0);
            assertEquals(1, scheduler.metrics().cancelled());
            assertEquals(0, scheduler.metrics().succeeded());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void timedJoinTimesOutAndCanBeInterrupted(String policy) throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            CountDownLatch release = new CountDownLatch(1);
            TaskHandle<String> slow = scheduler.spawn(() -> {
                awaitUninterruptibly(release);
                return "late";
            });
            assertThrows(TimeoutException.class, () -> slow.join(Duration.ofMillis(30)));
            assertThrows(IllegalArgumentException.class, () -> slow.join(Duration.ofMillis(-1)));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> slow.join(Duration.ofSeconds(5)));
            assertFalse(Thread.interrupted());
            release.countDown();
            assertEquals("late", slow.join(Duration.ofSeconds(10)));
            assertEquals("late", slow.join(Duration.ZERO), "a done task joins even with no time");
        }
    }

    /**
     * What a timed join bounds (issue 18): its waiting, not the tasks it runs while helping. With one
     * worker, a task joins its still-queued child with a 50 ms timeout; the join runs the child inline
     * (nobody else can), the child works four times longer than the timeout, and the join returns the
     * child's value — a timed join never reports a timeout for a task it ran itself. (Helping stops
     * once the deadline has passed: only if the thread lost the whole 50 ms before it began to help
     * may the join time out, and then it must not have run the child.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void aTimedJoinThatRunsTheTaskInlineReturnsItsValueLate(String policy) throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 1)) {
            Duration timeout = Duration.ofMillis(50);
            TaskHandle<String> parent = scheduler.spawn(() -> {
                Thread parentThread = Thread.currentThread();
                AtomicBoolean insideJoin = new AtomicBoolean();
                AtomicBoolean ranInsideJoin = new AtomicBoolean();
                TaskHandle<Long> child = scheduler.spawn(() -> {
                    ranInsideJoin.set(insideJoin.get() && Thread.currentThread() == parentThread);
                    long start = System.nanoTime();
                    while (System.nanoTime() - start < 4 * timeout.toNanos()) {
                        Thread.onSpinWait(); // the child's work
                    }
                    return 7L;
                });
                insideJoin.set(true);
                try {
                    long value = child.join(timeout);
                    return ranInsideJoin.get() ? "ran inline, returned " + value : "ran elsewhere";
                } catch (TimeoutException late) {
                    return ranInsideJoin.get() ? "ran inline, yet timed out" : "timed out before helping";
                } finally {
                    insideJoin.set(false);
                }
            });
            String outcome = parent.join(Duration.ofSeconds(20));
            assertTrue(outcome.equals("ran inline, returned 7") || outcome.equals("timed out before helping"), outcome);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void untimedJoinKeepsTheInterrupt(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            Thread joiner = Thread.currentThread();
            AtomicReference<TaskHandle<Integer>> self = new AtomicReference<>();
            TaskHandle<Integer> handle = scheduler.spawn(() -> {
                // the joiner, interrupted before join(), parks on this task again: join() swallowed the interrupt
                awaitCondition("the interrupted joiner is parked in join()", Duration.ofSeconds(20),
                        () -> self.get() != null && Threads.parkedOn(joiner, self.get()));
                return 7;
            });
            self.set(handle);
            Thread.currentThread().interrupt();
            assertEquals(7, handle.join());
            assertTrue(Thread.interrupted(), "join() restores the interrupt it swallowed");
        }
    }

    /**
     * With a single worker, a yielding task waits for a flag that only a task queued behind it sets:
     * it can only finish if yielding really re-queues it behind waiting work.
     */
    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void aYieldingTaskLetsQueuedWorkRun(String policy) throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 1)) {
            AtomicBoolean flag = new AtomicBoolean();
            AtomicInteger steps = new AtomicInteger();
            TaskHandle<Integer> yielder = scheduler.spawnYielding(() -> {
                steps.incrementAndGet();
                return flag.get() ? Step.done(steps.get()) : Step.again();
            });
            scheduler.spawn((Runnable) () -> flag.set(true));
            int taken = yielder.join(Duration.ofSeconds(20));
            assertTrue(taken >= 2, "it yielded at least once: " + taken);
            assertEquals(TaskState.SUCCEEDED, yielder.state());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void stepsOfAYieldingTaskNeverOverlapAndAllRun(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            int tasks = 50;
            int stepsEach = 200;
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger totalSteps = new AtomicInteger();
            List<TaskHandle<Integer>> handles = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                AtomicBoolean inStep = new AtomicBoolean();
                int[] done = {0}; // plain: steps are ordered one after another
                handles.add(scheduler.spawnYielding(() -> {
                    if (!inStep.compareAndSet(false, true)) {
                        overlaps.incrementAndGet();
                    }
                    done[0]++;
                    totalSteps.incrementAndGet();
                    inStep.set(false);
                    return done[0] == stepsEach ? Step.done(done[0]) : Step.again();
                }));
            }
            for (TaskHandle<Integer> handle : handles) {
                assertEquals(stepsEach, handle.join());
            }
            assertEquals(0, overlaps.get());
            assertEquals(tasks * stepsEach, totalSteps.get());
            assertEquals(tasks, scheduler.metrics().succeeded());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void aYieldingTaskThatReturnsNoStepFails(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 1)) {
            TaskHandle<Object> handle = scheduler.spawnYielding(() -> null);
            assertInstanceOf(NullPointerException.class, assertThrows(TaskFailedException.class, handle::join).getCause());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void aGroupJoinsEveryMemberBeforeReportingAFailure(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            TaskGroup<Integer> group = scheduler.newGroup();
            for (int i = 0; i < 20; i++) {
                int k = i;
                group.spawn(() -> k * k);
            }
            assertEquals(IntStream.range(0, 20).map(k -> k * k).boxed().toList(), group.joinAll());

            TaskGroup<Integer> failing = scheduler.newGroup();
            IllegalStateException first = new IllegalStateException("first");
            IllegalStateException second = new IllegalStateException("second");
            CountDownLatch bothFailing = new CountDownLatch(2);
            TaskHandle<Integer> slow = failing.spawn(() -> {
                // still running when the other two fail, so joinAll sees failures before every member is done
                assertTrue(bothFailing.await(20, TimeUnit.SECONDS), "the failing members ran");
                return 1;
            });
            failing.spawn(() -> {
                bothFailing.countDown();
                throw first;
            });
            failing.spawn(() -> {
                bothFailing.countDown();
                throw second;
            });
            TaskFailedException thrown = assertThrows(TaskFailedException.class, failing::joinAll);
            assertSame(first, thrown.getCause());
            assertSame(second, thrown.getSuppressed()[0]);
            assertTrue(slow.isDone(), "joinAll waited for every member");
            assertEquals(3, failing.members().size());

            List<Callable<String>> tasks = List.of(() -> "a", () -> "b", () -> "c");
            assertEquals(List.of("a", "b", "c"), scheduler.forkJoin(tasks));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void workerIdentityIsKnownOnlyInsideTasks(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            assertFalse(scheduler.isWorkerThread());
            assertEquals(OptionalInt.empty(), scheduler.currentWorker());
            assertTrue(scheduler.spawn(scheduler::isWorkerThread).join());
            int index = scheduler.spawn(() -> scheduler.currentWorker().orElse(-1)).join();
            assertTrue(index == 0 || index == 1, "slot index " + index);
            // another scheduler's worker is not ours
            try (StandaloneScheduler other = SchedulerFixtures.start(policy, 1)) {
                assertFalse(other.spawn(scheduler::isWorkerThread).join());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void blockingSectionsAreSafeEverywhereAndNest(String policy) throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            // outside the scheduler: only runs the action
            scheduler.enterBlocking();
            scheduler.exitBlocking();
            scheduler.exitBlocking();
            assertEquals("x", scheduler.blocking(() -> "x"));
            IOException failure = new IOException("io");
            assertSame(failure, assertThrows(IOException.class, () -> scheduler.blocking(() -> {
                throw failure;
            })));
            // on a worker: nested sections count as one blocked thread
            int blockedInside = scheduler.spawn(() -> {
                scheduler.enterBlocking();
                scheduler.enterBlocking();
                int blocked = scheduler.metrics().blockedThreads();
                scheduler.exitBlocking();
                scheduler.exitBlocking();
                return blocked;
            }).join();
            assertEquals(1, blockedInside);
            // an unmatched exit on a worker is a bug in the caller
            TaskHandle<Void> unmatched = scheduler.spawn((Runnable) scheduler::exitBlocking);
            assertInstanceOf(IllegalStateException.class, assertThrows(TaskFailedException.class, unmatched::join).getCause());
            awaitCondition("nobody blocked", Duration.ofSeconds(5), () -> scheduler.metrics().blockedThreads() == 0);
        }
    }

    /** Compensation: with every worker blocked in a blocking section, a new task still runs. */
    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void newTasksRunWhileEveryWorkerIsBlocked(String policy) throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            CountDownLatch allBlocked = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<TaskHandle<Boolean>> blockers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                blockers.add(scheduler.spawn(() -> scheduler.blocking(() -> {
                    allBlocked.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                })));
            }
            assertTrue(allBlocked.await(10, TimeUnit.SECONDS));
            assertEquals(2, scheduler.metrics().blockedThreads());
            List<TaskHandle<Integer>> fresh = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int k = i;
                fresh.add(scheduler.spawn(() -> k + 1));
            }
            for (int i = 0; i < fresh.size(); i++) {
                assertEquals(i + 1, fresh.get(i).join(Duration.ofSeconds(20)), "task " + i + " ran while all were blocked");
            }
            assertTrue(scheduler.metrics().spareThreads() >= 1, "a spare thread took over: " + scheduler.metrics());
            release.countDown();
            for (TaskHandle<Boolean> blocker : blockers) {
                assertTrue(blocker.join());
            }
            // the spares retire after their keep-alive (200 ms here): the pool shrinks back
            awaitCondition("spares retire", Duration.ofSeconds(20), () -> scheduler.metrics().spareThreads() == 0);
            assertEquals(2, scheduler.metrics().workers());
        }
    }

    /** The spare bound holds: with one slot and one spare allowed, a third blocked task waits. */
    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void spareThreadsAreBounded(String policy) throws Exception {
        try (StandaloneScheduler scheduler = StandaloneScheduler.builder().policy(policy).parallelism(1)
                .maxSpareThreads(1).spareKeepAlive(Duration.ofMillis(200)).shutdownGrace(Duration.ofMillis(500))
                .start()) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(2);
            List<TaskHandle<Boolean>> blockers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                blockers.add(scheduler.spawn(() -> scheduler.blocking(() -> {
                    blocked.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                })));
            }
            assertTrue(blocked.await(10, TimeUnit.SECONDS), "the spare ran the second blocker");
            TaskHandle<Integer> third = scheduler.spawn(() -> 3);
            assertThrows(TimeoutException.class, () -> third.join(Duration.ofMillis(200)),
                    "both allowed threads are blocked: nothing can run the third task");
            SchedulerMetrics metrics = scheduler.metrics();
            assertTrue(metrics.spareThreads() <= 1, "at most one spare: " + metrics);
            release.countDown();
            assertEquals(3, third.join(Duration.ofSeconds(20)));
            for (TaskHandle<Boolean> blocker : blockers) {
                assertTrue(blocker.join());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void shutdownCompletesOrCancelsEveryHandle(String policy) throws Exception {
        StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 1); // grace 500 ms
        CountDownLatch occupied = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Throwable> stuckSaw = new AtomicReference<>();
        TaskHandle<Void> stuck = scheduler.spawn((Runnable) () -> {
            occupied.countDown();
            try {
                never.await(); // ignores the grace period; shutdown interrupts it at the end
            } catch (InterruptedException e) {
                stuckSaw.set(e);
            }
        });
        assertTrue(occupied.await(10, TimeUnit.SECONDS));
        List<TaskHandle<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int k = i;
            queued.add(scheduler.spawn(() -> k));
        }
        scheduler.close();
        for (TaskHandle<Integer> handle : queued) {
            assertEquals(TaskState.CANCELLED, handle.state());
            assertThrows(CancellationException.class, () -> handle.join(Duration.ofSeconds(1)));
        }
        assertEquals(TaskState.CANCELLED, stuck.state(), "a task still running after the grace is cancelled");
        assertThrows(CancellationException.class, () -> stuck.join(Duration.ofSeconds(1)));
        awaitCondition("the stuck task was interrupted", Duration.ofSeconds(10), () -> stuckSaw.get() != null);
        assertThrows(RejectedExecutionException.class, () -> scheduler.spawn(() -> 1));
        assertTrue(scheduler.metrics().policy().isEmpty());
        assertEquals(101, scheduler.metrics().cancelled());
        scheduler.close(); // idempotent
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void shutdownLetsRunningTasksFinishWithinTheGrace(String policy) throws Exception {
        StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2); // grace 500 ms
        Thread closer = Thread.currentThread();
        CountDownLatch started = new CountDownLatch(1);
        TaskHandle<String> finishing = scheduler.spawn(() -> {
            started.countDown();
            // still running when close() begins: finish only once the closer waits inside close()
            awaitCondition("the closer waits inside close()", Duration.ofSeconds(10),
                    () -> Threads.waitingInside(closer, scheduler.getClass(), "close"));
            return "finished";
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        scheduler.close();
        assertEquals("finished", finishing.join(Duration.ofSeconds(1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void badArgumentsAreRejected(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 1)) {
            assertThrows(NullPointerException.class, () -> scheduler.spawn((Callable<Object>) null));
            assertThrows(NullPointerException.class, () -> scheduler.spawn((Runnable) null));
            assertThrows(NullPointerException.class, () -> scheduler.spawnYielding(null));
            assertThrows(NullPointerException.class, () -> scheduler.blocking(null));
            assertThrows(NullPointerException.class, () -> scheduler.forkJoin(null));
            assertThrows(UnknownPolicyException.class, () -> scheduler.switchPolicy("no-such-policy"));
            assertThrows(IllegalArgumentException.class, () -> scheduler.switchPolicy(" "));
        }
        assertThrows(UnknownPolicyException.class, () -> StandaloneScheduler.builder().policy("nope").start());
        assertThrows(IllegalArgumentException.class, () -> StandaloneScheduler.builder().parallelism(0));
        assertThrows(IllegalArgumentException.class, () -> StandaloneScheduler.builder().spareKeepAlive(Duration.ZERO));
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
