package org.korlang.scheduler.stress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.korlang.scheduler.PolicySwitch;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.SchedulerMetrics;
import org.korlang.scheduler.Step;
import org.korlang.scheduler.TaskFailedException;
import org.korlang.scheduler.TaskHandle;
import org.korlang.scheduler.TaskState;
import org.korlang.scheduler.internal.core.SchedulerSettings;
import org.korlang.scheduler.internal.core.TaskScheduler;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/**
 * The swap stress: driver threads keep running fork-join trees (and, in the mixed load, plain,
 * yielding, blocking, failing and cancelled tasks) on one scheduler while a swapper thread swaps its
 * policy without pause — work-stealing to fifo and back, and work-stealing to a fresh work-stealing
 * runtime (a settings change), so that tasks are stolen, forwarded and joined across every kind of
 * swap. Used by {@code SwapUnderLoadTest} (seconds) and by {@code bin/soak-scheduler} (minutes).
 *
 * <p><b>What counts as a failure.</b> A join that does not return within the watchdog (a lost task:
 * its join would wait forever), a wrong result (a tree whose node count or value is off: a task run
 * twice or not at all), a task body run more than once, an unexpected exception, and at the end of a
 * run inexact accounting: every spawned task succeeded, failed as planned, or was cancelled by us,
 * with nothing pending, and a {@link PolicySwitch} heard by a listener for every swap, in sequence.
 * The first failure stops the run; it never hangs: every wait is bounded, and
 * the report carries the metrics and the scheduler's thread stacks at the moment of failure.
 */
public final class SwapStress {

    /**
     * One run.
     *
     * @param policy the policy the scheduler starts with
     * @param parallelism worker slots
     * @param drivers threads that spawn and join from outside the scheduler
     * @param treeDepth depth of each fork-join tree (2^depth leaves, a spawn + join per inner node)
     * @param duration how long the drivers keep starting new work
     * @param watchdog the longest any join may take before the run fails
     * @param mixedLoad whether drivers add plain, yielding, blocking, failing and cancelled tasks
     */
    public record Config(String policy, int parallelism, int drivers, int treeDepth, Duration duration,
            Duration watchdog, boolean mixedLoad) {

        public Config {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(watchdog, "watchdog");
            if (parallelism < 1 || drivers < 1 || treeDepth < 1 || treeDepth > 20) {
                throw new IllegalArgumentException("bad stress configuration: " + parallelism + " slots, " + drivers
                        + " drivers, depth " + treeDepth);
            }
        }
    }

    /**
     * What a run did.
     *
     * @param trees fork-join trees completed and checked
     * @param tasks tasks spawned (the scheduler's count)
     * @param swaps policy swaps during the run
     * @param failures empty when the run passed; otherwise the first failure (with diagnostics)
     */
    public record Report(Config config, long trees, long tasks, long swaps, List<String> failures) {

        public boolean passed() {
            return failures.isEmpty();
        }

        @Override
        public String toString() {
            return String.format("%s p=%d drivers=%d depth=%d%s: %d trees, %d tasks, %d swaps, %s",
                    config.policy(), config.parallelism(), config.drivers(), config.treeDepth(),
                    config.mixedLoad() ? " mixed" : "", trees, tasks, swaps,
                    passed() ? "passed" : "FAILED: " + failures.get(0));
        }
    }

    private final Config config;
    private final StandaloneScheduler scheduler;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final LongAdder trees = new LongAdder();
    /** Tasks that fail on purpose and tasks we cancelled: the accounting must show exactly these. */
    private final LongAdder plannedFailures = new LongAdder();
    private final LongAdder cancelledByUs = new LongAdder();
    /** Swaps the scheduler had made before the listener was added (its start). */
    private final long swapsBeforeListener;
    /** PolicySwitch events heard; the listener runs under the scheduler's swap lock, one at a time. */
    private final AtomicLong switchesHeard = new AtomicLong();
    private volatile PolicySwitch lastSwitch;

    private SwapStress(Config config) {
        this.config = config;
        this.scheduler = StandaloneScheduler.builder()
                .policy(config.policy())
                .parallelism(config.parallelism())
                .spareKeepAlive(Duration.ofMillis(200))
                .shutdownGrace(Duration.ofSeconds(5))
                .start();
        this.swapsBeforeListener = scheduler.metrics().swaps();
        scheduler.addListener(this::policySwitched);
    }

    /**
     * Scheduler API 1.1: every swap — a switch, a restart of the same policy by a settings change —
     * must reach the listeners once, in order, naming the policy before and after.
     */
    private void policySwitched(PolicySwitch event) {
        long expected = swapsBeforeListener + switchesHeard.incrementAndGet();
        PolicySwitch previous = lastSwitch;
        lastSwitch = event;
        if (event.sequence() != expected) {
            fail("listener: swap event " + event + " has sequence " + event.sequence() + ", expected " + expected);
        } else if (previous != null && !previous.to().equals(event.from())) {
            fail("listener: swap event " + event + " does not start where " + previous + " ended");
        }
    }

    /** Runs one stress run to its end or its first failure; never hangs. */
    public static Report run(Config config) {
        SwapStress stress = new SwapStress(config);
        try {
            return stress.execute();
        } finally {
            stress.scheduler.close();
        }
    }

    private Report execute() {
        long deadline = System.nanoTime() + config.duration().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < config.drivers(); d++) {
            int seed = d;
            threads.add(daemon("stress-driver-" + d, () -> drive(seed, deadline)));
        }
        Thread swapper = daemon("stress-swapper", this::swapContinuously);
        threads.forEach(Thread::start);
        swapper.start();
        // Every driver's waits are bounded by the watchdog, so each driver ends by the deadline plus
        // one watchdog period per wait in its current round; give them twice that before giving up.
        long driversDeadline = deadline + 4 * config.watchdog().toNanos();
        for (Thread driver : threads) {
            joinUntil(driver, driversDeadline);
            if (driver.isAlive()) {
                fail("driver " + driver.getName() + " did not end in time: " + stackOf(driver));
                break;
            }
        }
        stop.set(true);
        joinUntil(swapper, System.nanoTime() + config.watchdog().toNanos());
        if (swapper.isAlive()) {
            fail("the swapper did not end in time: " + stackOf(swapper));
        }
        if (failures.isEmpty()) {
            checkAccounting();
        }
        SchedulerMetrics metrics = scheduler.metrics();
        // the scheduler's count: the swapper's first switch to the policy already running is no swap
        long swapsMade = metrics.swaps() - swapsBeforeListener;
        if (failures.isEmpty() && switchesHeard.get() != swapsMade) {
            fail("listener: heard " + switchesHeard.get() + " swap events for " + swapsMade + " swaps");
        }
        return new Report(config, trees.sum(), metrics.spawned(), swapsMade, List.copyOf(failures));
    }

    // ================================================================ the swapper

    private void swapContinuously() {
        TaskScheduler internals = (TaskScheduler) (Scheduler) scheduler;
        SchedulerSettings base = internals.settings();
        SchedulerSettings other = base.withSpareKeepAlive(base.spareKeepAlive().plusMillis(1));
        int step = 0;
        try {
            while (!stop.get() && failures.isEmpty()) {
                switch (step++ % 4) {
                    case 0 -> scheduler.switchPolicy("fifo");
                    case 1 -> scheduler.switchPolicy("work-stealing");
                    // a settings change restarts the same policy: work-stealing to work-stealing
                    case 2 -> internals.configure(other, "work-stealing");
                    default -> internals.configure(base, "work-stealing");
                }
                Thread.yield();
            }
        } catch (Throwable t) {
            fail("the swapper failed: " + t);
        }
    }

    // ================================================================ the drivers

    private void drive(int seed, long deadline) {
        int round = seed;
        try {
            while (!stop.get() && failures.isEmpty() && System.nanoTime() - deadline < 0) {
                runTree(round);
                if (config.mixedLoad()) {
                    runMixed(round);
                }
                round++;
            }
        } catch (Throwable t) {
            fail("driver round " + round + " failed: " + describe(t));
        }
    }

    /** A fork-join tree spawned from outside: the root runs on a worker, its nodes spawn and join. */
    private void runTree(int round) throws Exception {
        int depth = config.treeDepth() - (config.mixedLoad() ? round % 3 : 0);
        AtomicInteger nodes = new AtomicInteger();
        TaskHandle<Long> root = scheduler.spawn(() -> tree(depth, nodes));
        long leaves = awaitValue(root, "fork-join tree of depth " + depth);
        int expectedNodes = (1 << (depth + 1)) - 1;
        if (leaves != 1L << depth || nodes.get() != expectedNodes) {
            fail("tree of depth " + depth + ": " + leaves + " leaves and " + nodes.get() + " node runs, expected "
                    + (1L << depth) + " and " + expectedNodes + " (a task ran twice or not at all)");
        }
        trees.increment();
    }

    /** Spawns the left subtree, computes the right one here, joins the left: ForkJoinTask style. */
    private long tree(int depth, AtomicInteger nodes) {
        nodes.incrementAndGet();
        if (depth == 0) {
            return 1;
        }
        TaskHandle<Long> left = scheduler.spawn(() -> tree(depth - 1, nodes));
        long right = tree(depth - 1, nodes);
        return left.join() + right;
    }

    private void runMixed(int round) throws Exception {
        // plain tasks from outside, each counted: exactly once
        int batch = 64;
        AtomicIntegerArray runs = new AtomicIntegerArray(batch);
        List<TaskHandle<Integer>> plain = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            int k = i;
            plain.add(scheduler.spawn(() -> {
                runs.incrementAndGet(k);
                return k;
            }));
        }
        // a yielding task: its steps move between runtimes
        int[] steps = {0};
        TaskHandle<Integer> yielder = scheduler.spawnYielding(() -> ++steps[0] == 20 ? Step.done(steps[0]) : Step.again());
        // a task that spawns children from inside a blocking section and joins them there
        TaskHandle<Integer> blocker = scheduler.spawn(() -> scheduler.blocking(() -> {
            TaskHandle<Integer> a = scheduler.spawn(() -> 20);
            TaskHandle<Integer> b = scheduler.spawn(() -> 22);
            return a.join() + b.join();
        }));
        // a task that fails on purpose
        IllegalStateException planned = new IllegalStateException("planned failure " + round);
        plannedFailures.increment();
        TaskHandle<Integer> failing = scheduler.spawn(() -> {
            throw planned;
        });
        // a group spawned from inside a task
        TaskHandle<List<Integer>> group = scheduler.spawn(() -> scheduler.forkJoin(List.of(() -> 1, () -> 2, () -> 3)));
        // cancellation: a cancelled task runs at most once, and if it never started it never runs
        AtomicIntegerArray cancelledRuns = new AtomicIntegerArray(8);
        List<TaskHandle<Integer>> cancelled = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int k = i;
            TaskHandle<Integer> handle = scheduler.spawn(() -> {
                cancelledRuns.incrementAndGet(k);
                return k;
            });
            if (handle.cancel()) {
                cancelledByUs.increment();
            }
            cancelled.add(handle);
        }

        for (int i = 0; i < batch; i++) {
            check(awaitValue(plain.get(i), "plain task") == i, "plain task " + i + " returned the wrong value");
        }
        for (int i = 0; i < batch; i++) {
            check(runs.get(i) == 1, "plain task " + i + " ran " + runs.get(i) + " times");
        }
        check(awaitValue(yielder, "yielding task") == 20, "yielding task took the wrong number of steps");
        check(awaitValue(blocker, "blocking task") == 42, "blocking task returned the wrong value");
        check(awaitValue(group, "group").equals(List.of(1, 2, 3)), "group returned the wrong values");
        try {
            awaitValue(failing, "failing task");
            fail("a failing task succeeded");
        } catch (TaskFailedException expected) {
            check(expected.getCause() == planned, "a failing task failed with " + expected.getCause());
        }
        for (int i = 0; i < cancelled.size(); i++) {
            TaskHandle<Integer> handle = cancelled.get(i);
            awaitDone(handle, "cancelled task");
            check(cancelledRuns.get(i) <= 1, "cancelled task " + i + " ran " + cancelledRuns.get(i) + " times");
            if (handle.state() == TaskState.SUCCEEDED) {
                check(cancelledRuns.get(i) == 1, "cancelled task " + i + " succeeded without running");
            }
        }
    }

    // ================================================================ waiting with a watchdog

    private <T> T awaitValue(TaskHandle<T> handle, String what) throws Exception {
        try {
            return handle.join(config.watchdog());
        } catch (TimeoutException lost) {
            throw new StressFailure(what + " not done after " + config.watchdog() + " (state " + handle.state()
                    + "; a join waiting forever means a lost task)\n" + diagnostics());
        }
    }

    private void awaitDone(TaskHandle<?> handle, String what) throws Exception {
        try {
            handle.join(config.watchdog());
        } catch (TimeoutException lost) {
            throw new StressFailure(what + " not done after " + config.watchdog() + " (state " + handle.state() + ")\n"
                    + diagnostics());
        } catch (CancellationException | TaskFailedException outcome) {
            // the outcome of a cancelled task is either
        }
    }

    private void checkAccounting() {
        long deadline = System.nanoTime() + config.watchdog().toNanos();
        SchedulerMetrics metrics = scheduler.metrics();
        while (metrics.pending() != 0 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
            metrics = scheduler.metrics();
        }
        if (metrics.pending() != 0) {
            fail("accounting: " + metrics.pending() + " tasks still pending after the drivers ended\n" + diagnostics());
            return;
        }
        if (metrics.failed() != plannedFailures.sum() || metrics.cancelled() != cancelledByUs.sum()
                || metrics.spawned() != metrics.succeeded() + metrics.failed() + metrics.cancelled()) {
            fail("accounting: spawned " + metrics.spawned() + ", succeeded " + metrics.succeeded() + ", failed "
                    + metrics.failed() + " (planned " + plannedFailures.sum() + "), cancelled " + metrics.cancelled()
                    + " (by us " + cancelledByUs.sum() + ")");
        }
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw new StressFailure(message);
        }
    }

    private void fail(String message) {
        failures.add(message);
        stop.set(true);
    }

    private String describe(Throwable t) {
        if (t instanceof StressFailure) {
            return t.getMessage();
        }
        java.io.StringWriter text = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    /** The metrics and the stacks of the scheduler's threads, for a failure report. */
    private String diagnostics() {
        StringBuilder out = new StringBuilder();
        out.append("metrics: ").append(scheduler.metrics()).append('\n');
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            if (!thread.getName().startsWith("korlang-") && !thread.getName().startsWith("stress-")) {
                continue;
            }
            out.append("  ").append(thread.getName()).append(" ").append(thread.getState()).append('\n');
            StackTraceElement[] stack = entry.getValue();
            for (int i = 0; i < Math.min(stack.length, 14); i++) {
                out.append("      at ").append(stack[i]).append('\n');
            }
        }
        return out.toString();
    }

    private static String stackOf(Thread thread) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement element : thread.getStackTrace()) {
            out.append("\n      at ").append(element);
        }
        return out.toString();
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void joinUntil(Thread thread, long deadline) {
        try {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                thread.join(Math.max(1L, remaining / 1_000_000L));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failed check; its message is the failure report. */
    private static final class StressFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StressFailure(String message) {
            super(message, null, false, false);
        }
    }
}
