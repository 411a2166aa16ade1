package org.korlang.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.scheduler.SchedulerFixtures.awaitCondition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/**
 * Issue 18: shutdown from several threads at once. Every close() — the first and the concurrent ones
 * — returns only when every handle is done; before the fix a second close() returned at once while
 * the first was still in its grace period with a task running.
 */
@Timeout(60)
class ConcurrentShutdownTest {

    /**
     * A task runs (ignoring interrupts) while one thread is inside close(), waiting out the grace
     * period for it; three more threads call close(). None of them may return before the task is
     * done: they are seen waiting, the task is released, and each one saw the task done on return.
     */
    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void concurrentCloseCallsAllWaitForTheRunningTask(String policy) throws Exception {
        StandaloneScheduler scheduler = StandaloneScheduler.builder().policy(policy).parallelism(2)
                .shutdownGrace(Duration.ofSeconds(30)).start();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TaskHandle<String> task = scheduler.spawn(() -> {
            running.countDown();
            SchedulerBehaviourTest.awaitUninterruptibly(release);
            return "finished";
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));

        List<Closer> closers = new ArrayList<>();
        Closer first = new Closer(scheduler, task, "closer-first");
        closers.add(first);
        first.start();
        awaitCondition("the first close() began", Duration.ofSeconds(10), () -> scheduler.metrics().policy().isEmpty());
        for (int i = 0; i < 3; i++) {
            Closer concurrent = new Closer(scheduler, task, "closer-" + i);
            closers.add(concurrent);
            concurrent.start();
        }
        awaitCondition("every closer is waiting or has returned", Duration.ofSeconds(10), () -> closers.stream()
                .allMatch(c -> c.getState() == Thread.State.WAITING || c.getState() == Thread.State.TIMED_WAITING
                        || c.getState() == Thread.State.TERMINATED));
        for (Closer closer : closers) {
            assertNull(closer.stateOnReturn.get(), closer.getName() + " returned while the task was running");
        }
        assertEquals(TaskState.RUNNING, task.state());

        release.countDown();
        for (Closer closer : closers) {
            closer.join(TimeUnit.SECONDS.toMillis(20));
            assertTrue(!closer.isAlive(), closer.getName() + " returned");
            assertEquals(TaskState.SUCCEEDED, closer.stateOnReturn.get(), closer.getName() + " saw the task done");
        }
        assertEquals("finished", task.resultNow());
        assertEquals(0, scheduler.metrics().pending());
    }

    /**
     * Several threads close a scheduler whose task outlives the grace period: they all return, and
     * each one saw the task's handle cancelled (done) on return, and every queued task cancelled.
     */
    @ParameterizedTest
    @ValueSource(strings = {"work-stealing", "fifo"})
    void concurrentCloseCallsAllSeeEveryHandleDoneAfterTheGrace(String policy) throws Exception {
        StandaloneScheduler scheduler = StandaloneScheduler.builder().policy(policy).parallelism(1)
                .shutdownGrace(Duration.ofMillis(200)).start();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TaskHandle<String> stuck = scheduler.spawn(() -> {
            running.countDown();
            SchedulerBehaviourTest.awaitUninterruptibly(release);
            return "discarded";
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        List<TaskHandle<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int k = i;
            queued.add(scheduler.spawn(() -> k));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Closer> closers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Closer closer = new Closer(scheduler, stuck, "closer-" + i, go);
            closers.add(closer);
            closer.start();
        }
        go.countDown();
        for (Closer closer : closers) {
            closer.join(TimeUnit.SECONDS.toMillis(20));
            assertTrue(!closer.isAlive(), closer.getName() + " returned");
            assertEquals(TaskState.CANCELLED, closer.stateOnReturn.get(), closer.getName() + " saw the stuck task done");
        }
        for (TaskHandle<Integer> handle : queued) {
            assertEquals(TaskState.CANCELLED, handle.state());
        }
        assertThrows(CancellationException.class, stuck::join);
        release.countDown();
        scheduler.close(); // and once more, afterwards
    }

    /** Calls close() and records the task's state at the moment it returned. */
    private static final class Closer extends Thread {
        final AtomicReference<TaskState> stateOnReturn = new AtomicReference<>();
        private final StandaloneScheduler scheduler;
        private final TaskHandle<?> watched;
        private final CountDownLatch go;

        Closer(StandaloneScheduler scheduler, TaskHandle<?> watched, String name) {
            this(scheduler, watched, name, new CountDownLatch(0));
        }

        Closer(StandaloneScheduler scheduler, TaskHandle<?> watched, String name, CountDownLatch go) {
            super(name);
            this.scheduler = scheduler;
            this.watched = watched;
            this.go = go;
            setDaemon(true);
        }

        @Override
        public void run() {
            SchedulerBehaviourTest.awaitUninterruptibly(go);
            scheduler.close();
            stateOnReturn.set(watched.state());
        }
    }
}
