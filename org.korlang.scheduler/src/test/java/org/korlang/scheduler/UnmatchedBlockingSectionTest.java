package org.korlang.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.scheduler.SchedulerFixtures.awaitCondition;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/**
 * Issue 18: blocking sections belong to the task that enters them. A task that ends inside a section
 * it entered fails with an IllegalStateException saying so, and the scheduler closes the section, so
 * the thread is whole again: its later joins hand their slot over (before the fix the depth stayed
 * raised for good and, on work-stealing with one slot, a later join never completed).
 */
@Timeout(60)
class UnmatchedBlockingSectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void aTaskEndingInsideABlockingSectionFailsAndTheThreadRecovers(String policy) throws Exception {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 1)) {
            TaskHandle<String> leaky = scheduler.spawn(() -> {
                scheduler.enterBlocking();
                scheduler.enterBlocking();
                scheduler.exitBlocking();
                return "value of a leaky task";
            });
            TaskFailedException failure = assertThrows(TaskFailedException.class, () -> leaky.join(Duration.ofSeconds(20)));
            IllegalStateException cause = assertInstanceOf(IllegalStateException.class, failure.getCause());
            assertTrue(cause.getMessage().contains("1 blocking section"), cause.getMessage());
            assertEquals(TaskState.FAILED, leaky.state());
            awaitCondition("nobody is blocked any more", Duration.ofSeconds(10),
                    () -> scheduler.metrics().blockedThreads() == 0);

            // The thread's joins work again: fork-join on the single slot (each join runs the child
            // or, once it blocks, hands its slot to a spare that runs it).
            for (int round = 0; round < 20; round++) {
                long value = scheduler.spawn(() -> SchedulerFixtures.fib(scheduler, 14)).join(Duration.ofSeconds(20));
                assertEquals(377L, value);
            }
            // A join that must hand its slot over: the awaited task waits in the injection queue,
            // which a work-stealing joiner does not help with, so only a spare thread that takes the
            // joiner's slot runs it. (With the depth left raised the join kept the only slot: deadlock.)
            CountDownLatch joinerRunning = new CountDownLatch(1);
            CompletableFuture<TaskHandle<Integer>> awaited = new CompletableFuture<>();
            TaskHandle<Integer> joiner = scheduler.spawn(() -> {
                joinerRunning.countDown();
                return awaited.get(20, TimeUnit.SECONDS).join() + 1; // occupies the slot until then
            });
            assertTrue(joinerRunning.await(10, TimeUnit.SECONDS));
            awaited.complete(scheduler.spawn(() -> 41)); // from outside: the injection queue
            assertEquals(42, joiner.join(Duration.ofSeconds(20)));
            awaitCondition("the pool shrinks back", Duration.ofSeconds(20), () -> scheduler.metrics().spareThreads() == 0
                    && scheduler.metrics().blockedThreads() == 0);
            assertEquals(1, scheduler.metrics().workers());
            assertEquals(1, scheduler.metrics().failed());
        }
    }

    /** The task's own exception stays the failure; the leak is attached to it as suppressed. */
    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void aTaskThatThrowsInsideABlockingSectionKeepsItsException(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 2)) {
            IOException io = new IOException("read failed");
            TaskHandle<Void> failing = scheduler.spawn((Runnable) () -> {
                scheduler.enterBlocking();
                throw new IllegalArgumentException("wrapped", io); // no finally: the section leaks
            });
            TaskFailedException failure = assertThrows(TaskFailedException.class, failing::join);
            assertInstanceOf(IllegalArgumentException.class, failure.getCause());
            assertSame(io, failure.getCause().getCause());
            assertEquals(1, failure.getCause().getSuppressed().length);
            assertInstanceOf(IllegalStateException.class, failure.getCause().getSuppressed()[0]);
            awaitCondition("nobody is blocked any more", Duration.ofSeconds(10),
                    () -> scheduler.metrics().blockedThreads() == 0);
        }
    }

    /** A yielding step that leaves a section open fails instead of being re-queued. */
    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void aYieldingStepMayNotLeaveABlockingSectionOpen(String policy) {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start(policy, 1)) {
            int[] steps = {0};
            TaskHandle<Integer> yielder = scheduler.spawnYielding(() -> {
                if (++steps[0] == 3) {
                    scheduler.enterBlocking();
                }
                return steps[0] == 10 ? Step.done(steps[0]) : Step.again();
            });
            TaskFailedException failure = assertThrows(TaskFailedException.class, yielder::join);
            assertInstanceOf(IllegalStateException.class, failure.getCause());
            assertEquals(3, steps[0], "no step ran after the leaky one");
            awaitCondition("nobody is blocked any more", Duration.ofSeconds(10),
                    () -> scheduler.metrics().blockedThreads() == 0);
        }
    }

    /**
     * A task run inside another task's join (fifo helps by running the awaited task on the joining
     * thread, here inside the parent's blocking section) cannot close the parent's section.
     */
    @Test
    void aNestedTaskCannotExitItsParentsBlockingSection() throws Exception {
        // no spare threads: the parent's blocking section cannot hand its work to anyone, so the
        // child runs inside the parent's join, on the parent's thread
        try (StandaloneScheduler scheduler = StandaloneScheduler.builder().policy("fifo").parallelism(1)
                .maxSpareThreads(0).shutdownGrace(Duration.ofMillis(500)).start()) {
            TaskHandle<String> parent = scheduler.spawn(() -> {
                Thread parentThread = Thread.currentThread();
                scheduler.enterBlocking();
                TaskHandle<Boolean> child = scheduler.spawn(() -> {
                    if (Thread.currentThread() != parentThread) {
                        return false;
                    }
                    scheduler.exitBlocking(); // not this task's section
                    return true;
                });
                TaskFailedException childFailure = assertThrows(TaskFailedException.class, child::join);
                assertInstanceOf(IllegalStateException.class, childFailure.getCause());
                int blocked = scheduler.metrics().blockedThreads();
                scheduler.exitBlocking(); // the parent's own section is still open and closes normally
                return "blocked while the child ran: " + blocked;
            });
            assertEquals("blocked while the child ran: 1", parent.join(Duration.ofSeconds(20)));
            assertEquals(1, scheduler.metrics().failed());
        }
    }
}
