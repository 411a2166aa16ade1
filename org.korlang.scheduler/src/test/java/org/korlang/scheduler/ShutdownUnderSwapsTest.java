package org.korlang.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.scheduler.SchedulerFixtures.awaitCondition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/**
 * Issue 18, the shutdown side of the lost task: shutdown arrives while fork-join trees run from
 * several drivers and the policy is being swapped without pause, so it closes a runtime that is
 * still receiving stolen and forwarded tasks while older runtimes are still retiring. Issue 18
 * suspected that the race which lost a task under swaps also left a handle QUEUED forever after
 * shutdown. Every handle ever spawned in a tree that had not finished must be done once the
 * concurrent close() calls have returned (cancelled, failed or succeeded — a task still claimed but
 * not started is cancelled as soon as it is claimed, so the check allows a short bounded wait), the
 * accounting must balance with nothing pending, and every driver's join must return. Every wait is
 * bounded: a lost handle fails the test with its state instead of hanging.
 */
@Timeout(120)
class ShutdownUnderSwapsTest {

    private static final int DRIVERS = 3;
    private static final int TREE_DEPTH = 9;
    private static final Duration WATCHDOG = Duration.ofSeconds(30);

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    void everyHandleIsDoneAfterAShutdownDuringSwaps(int parallelism) throws Exception {
        StandaloneScheduler scheduler = StandaloneScheduler.builder().policy("work-stealing").parallelism(parallelism)
                .spareKeepAlive(Duration.ofMillis(200)).shutdownGrace(Duration.ofMillis(300)).start();
        /* the handles of every tree not yet known to be finished (a finished tree's are all done) */
        Set<Queue<TaskHandle<?>>> unfinished = ConcurrentHashMap.newKeySet();
        LongAdder trees = new LongAdder();
        LongAdder swaps = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();

        List<Thread> drivers = new ArrayList<>();
        for (int d = 0; d < DRIVERS; d++) {
            drivers.add(new Thread(() -> {
                while (!stop.get()) {
                    Queue<TaskHandle<?>> handles = new ConcurrentLinkedQueue<>();
                    unfinished.add(handles);
                    TaskHandle<Long> root;
                    try {
                        root = scheduler.spawn(() -> tree(scheduler, TREE_DEPTH, handles));
                    } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                        unfinished.remove(handles);
                        return;
                    }
                    handles.add(root);
                    try {
                        long leaves = root.join(WATCHDOG);
                        if (leaves != 1L << TREE_DEPTH) {
                            unexpected.compareAndSet(null, new AssertionError("a tree counted " + leaves + " leaves"));
                        }
                        unfinished.remove(handles);
                        trees.increment();
                    } catch (java.util.concurrent.TimeoutException lost) {
                        unexpected.compareAndSet(null, new AssertionError("a tree's join outlived the watchdog, root "
                                + root.state() + ", metrics " + scheduler.metrics()));
                        return;
                    } catch (java.util.concurrent.CancellationException | TaskFailedException cutByShutdown) {
                        // the tree met the shutdown: its handles are checked below
                    } catch (Throwable t) {
                        unexpected.compareAndSet(null, t);
                        return;
                    }
                }
            }, "shutdown-driver-" + d));
        }
        Thread swapper = new Thread(() -> {
            for (int step = 0; !stop.get(); step++) {
                try {
                    scheduler.switchPolicy(step % 2 == 0 ? "fifo" : "work-stealing");
                    swaps.increment();
                } catch (IllegalStateException shutDown) {
                    return; // "the scheduler is shut down"
                }
                Thread.yield();
            }
        }, "shutdown-swapper");
        drivers.forEach(Thread::start);
        swapper.start();
        try {
            awaitCondition("trees finish and swaps happen under load", WATCHDOG,
                    () -> trees.sum() >= 10 * DRIVERS && swaps.sum() >= 200 || unexpected.get() != null);
            assertEquals(null, unexpected.get());

            // Two closers at once, in the middle of the load and the swaps.
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> closers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread closer = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    scheduler.close();
                }, "shutdown-closer-" + i);
                closers.add(closer);
                closer.start();
            }
            go.countDown();
            for (Thread closer : closers) {
                closer.join(WATCHDOG.toMillis());
                assertTrue(!closer.isAlive(), closer.getName() + " returned from close()");
            }
            stop.set(true);
            awaitCondition("every handle of every unfinished tree is done after close()", Duration.ofSeconds(10),
                    () -> unfinished.stream().allMatch(q -> q.stream().allMatch(TaskHandle::isDone)));
            for (Thread driver : drivers) {
                driver.join(WATCHDOG.toMillis());
                assertTrue(!driver.isAlive(), driver.getName() + " ended");
            }
            swapper.join(WATCHDOG.toMillis());
            assertTrue(!swapper.isAlive(), "the swapper ended");
            assertEquals(null, unexpected.get());
            SchedulerMetrics metrics = scheduler.metrics();
            assertEquals(0, metrics.pending(), metrics::toString);
            assertEquals(metrics.spawned(), metrics.succeeded() + metrics.failed() + metrics.cancelled(), metrics::toString);
        } finally {
            stop.set(true);
            scheduler.close();
        }
    }

    private static long tree(Scheduler scheduler, int depth, Queue<TaskHandle<?>> handles) {
        if (depth == 0) {
            return 1;
        }
        TaskHandle<Long> left = scheduler.spawn(() -> tree(scheduler, depth - 1, handles));
        handles.add(left);
        long right = tree(scheduler, depth - 1, handles);
        return left.join() + right;
    }
}
