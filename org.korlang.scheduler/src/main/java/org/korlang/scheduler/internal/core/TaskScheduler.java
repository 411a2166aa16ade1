package org.korlang.scheduler.internal.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.korlang.scheduler.PolicySwitch;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.SchedulerListener;
import org.korlang.scheduler.SchedulerMetrics;
import org.korlang.scheduler.TaskGroup;
import org.korlang.scheduler.TaskHandle;
import org.korlang.scheduler.UnknownPolicyException;
import org.korlang.scheduler.YieldingTask;
import org.korlang.scheduler.spi.PolicyRuntime;
import org.korlang.scheduler.spi.PolicyStats;
import org.korlang.scheduler.spi.PolicyThread;
import org.korlang.scheduler.spi.SchedulerPolicy;
import org.korlang.scheduler.spi.SubmitKind;

/**
 * The scheduler proper: task handles, accounting, joins and blocking sections, and the swap
 * protocol. Queues and threads belong to the active {@link PolicyRuntime}.
 *
 * <p><b>Routing.</b> Every task enters a runtime through {@link #route}: spawns, re-queued yielders,
 * and tasks a closed runtime forwards. {@code route} reads the volatile {@code current} runtime and
 * submits there. With no runtime (no policy available) the task waits in {@code limbo} and moves to
 * the next runtime installed; after shutdown it is cancelled. A task offered to limbo re-checks
 * {@code current}/{@code shutdown} after the offer, and installation drains limbo after publishing
 * {@code current}: whichever runs second sees the other, so nothing stays in limbo.
 *
 * <p><b>Swap protocol</b> (under {@code swapLock}, one at a time):
 * <ol>
 * <li>start the new runtime (its threads are running and it accepts tasks);</li>
 * <li>publish it as {@code current}: from here every route goes to it;</li>
 * <li>close the old one: it forwards every task still queued, and every task it receives later,
 * back through {@code route} — so to the new runtime. Its threads finish the tasks they are running
 * (their joins keep working: handles live here, not in the runtime) and end; the old runtime is kept
 * in {@code retiring} until then.</li>
 * <li>tell the {@link SchedulerListener}s (still under the lock, so they see swaps in order).</li>
 * </ol>
 * A task submitted to the old runtime while it closes may be forwarded twice (once by the closer's
 * drain and once by the submitter's re-check); the task's claim CAS ({@link TaskCell#run()}) makes
 * the second entry inert. So every task runs exactly once and no queued task is lost.
 *
 * <p><b>Why a swap loses nothing.</b> Every task is at any moment in exactly one of these places:
 * in the hands of a thread (being spawned, routed, moved or forwarded), in limbo, in a queue of some
 * runtime, or claimed. Routing delivers to the active runtime or limbo (above). A runtime that is
 * closed forwards whatever is in its queues when it closes and whatever enters them later — that is
 * the {@link PolicyRuntime} contract, and each policy argues it in its class comment (work-stealing:
 * the retire handshake and slot ownership of {@code WorkStealingRuntime}; fifo: the re-check after the
 * offer). A
 * forwarded task is routed again, so it ends up in the active runtime's queues, or cancelled once the
 * scheduler is shut down. Duplicates are inert (the claim). So every task is claimed exactly once, or
 * cancelled.
 *
 * <p><b>Shutdown</b> closes the runtime with {@code current = null} and {@code shutdown = true}, so
 * everything forwarded is cancelled; waits up to the grace period for the threads to finish their
 * running tasks; then cancels the handles of the tasks still running (interrupting their threads)
 * and marks the scheduler terminated, after which a claimed task is cancelled instead of started;
 * then closes every runtime once more, which drains again what a straggling thread may still hold.
 * So every handle completes. Only the first call does this; a concurrent or later call waits until the
 * first one is done (so every caller returns with every handle done).
 *
 * <p><b>Joins</b> on a scheduler thread first let the runtime run other tasks
 * ({@link PolicyRuntime#helpWhileWaiting}) — unless the thread already runs
 * {@value #MAX_NESTED_RUNS} tasks nested inside joins; if the task is still not done, the thread
 * blocks inside a blocking section, so its slot goes to a spare thread. A timed join's deadline bounds
 * its waiting, not the tasks it helps with: a task once started runs to its end, so a timed join on a
 * worker that runs the awaited task (or another one) inline returns when that task ends, and then
 * with the value if the awaited task is done — late, rather than a timeout for a finished task. A
 * timed join stops helping once its deadline has passed.
 *
 * <p><b>Blocking sections belong to the task that opens them.</b> A thread's blocking depth is
 * counted in its {@link ThreadRecord}, and each running task remembers the depth it started at: the
 * task cannot exit below it (IllegalStateException), and a task that ends with sections still open
 * fails with an IllegalStateException that says so (attached as suppressed to its own exception if it
 * threw), after the scheduler has closed them — so the thread gets a slot back and its later joins
 * hand their slot over as they should. Tolerating the leak silently would hide the bug in the task;
 * leaving the depth raised broke every later join on that thread (issue 18).
 */
public class TaskScheduler implements Scheduler {

    /**
     * Joins help only while the thread runs fewer tasks than this nested inside each other; deeper,
     * they block (compensated), so that helping cannot overflow the stack.
     */
    static final int MAX_NESTED_RUNS = 64;

    private final Accounting accounting = new Accounting(this);
    private final PolicyCatalog catalog = new PolicyCatalog();
    private final ReentrantLock swapLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<TaskCell<?>> limbo = new ConcurrentLinkedQueue<>();
    /** Closed runtimes whose threads may still be running tasks; guarded by swapLock. */
    private final List<PolicyRuntime> retiring = new ArrayList<>();
    /** Guarded by swapLock. */
    private SchedulerSettings settings;
    /** The policy name asked for (configuration or switchPolicy); guarded by swapLock. */
    private String wanted;

    private volatile PolicyRuntime current;
    private volatile PolicyCatalog.Entry active;
    private volatile boolean shutdown;
    private volatile boolean terminated;
    /** Opens when the first shutdown() has completed every handle; later callers wait for it. */
    private final CountDownLatch shutdownDone = new CountDownLatch(1);
    private volatile long swaps;
    /** Told of every swap (see {@link SchedulerListener}), under swapLock. */
    private final CopyOnWriteArrayList<SchedulerListener> listeners = new CopyOnWriteArrayList<>();

    public TaskScheduler(SchedulerSettings settings, String wantedPolicy) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.wanted = wantedPolicy;
    }

    // ================================================================ policies and swaps

    /** A policy became available; switches to it if it is the one wanted (or the first one). */
    public void addPolicy(String name, SchedulerPolicy policy) {
        requirePolicyName(name);
        Objects.requireNonNull(policy, "policy");
        swapLock.lock();
        try {
            catalog.add(name, policy);
            reconcile(false);
        } finally {
            swapLock.unlock();
        }
    }

    /** A policy left; if it was active, the scheduler falls back (see {@link PolicyCatalog}). */
    public void removePolicy(String name, SchedulerPolicy policy) {
        swapLock.lock();
        try {
            if (catalog.remove(name, policy)) {
                reconcile(false);
            }
        } finally {
            swapLock.unlock();
        }
    }

    /**
     * New configuration: the wanted policy and the settings. Different settings restart the runtime
     * (a swap to a fresh runtime of the same policy).
     */
    public void configure(SchedulerSettings newSettings, String wantedPolicy) {
        Objects.requireNonNull(newSettings, "settings");
        swapLock.lock();
        try {
            boolean restart = !newSettings.equals(settings);
            settings = newSettings;
            wanted = wantedPolicy;
            reconcile(restart);
        } finally {
            swapLock.unlock();
        }
    }

    @Override
    public void switchPolicy(String name) {
        requirePolicyName(name);
        swapLock.lock();
        try {
            if (shutdown) {
                throw new IllegalStateException("the scheduler is shut down");
            }
            if (!catalog.contains(name)) {
                throw new UnknownPolicyException(name, catalog.names());
            }
            wanted = name;
            reconcile(false);
        } finally {
            swapLock.unlock();
        }
    }

    private static void requirePolicyName(String name) {
        Objects.requireNonNull(name, "policy name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("policy name must not be blank");
        }
    }

    /** Brings the active runtime in line with the catalog and the wanted name. swapLock held. */
    private void reconcile(boolean restart) {
        if (shutdown) {
            return;
        }
        PolicyCatalog.Entry choice = catalog.choose(wanted);
        PolicyCatalog.Entry now = active;
        if (choice == null) {
            if (now != null) {
                long start = System.nanoTime();
                replaceRuntime(null, null);
                swapped(now, null, start);
            }
            return;
        }
        if (!restart && now != null && now.name().equals(choice.name()) && now.policy() == choice.policy()) {
            return;
        }
        long start = System.nanoTime();
        PolicyRuntime fresh;
        try {
            fresh = choice.policy().start(new RuntimeContext(this, choice.name(), settings));
        } catch (RuntimeException | Error failure) {
            throw new IllegalStateException("scheduler policy '" + choice.name() + "' failed to start", failure);
        }
        if (fresh == null) {
            throw new IllegalStateException("scheduler policy '" + choice.name() + "' started no runtime");
        }
        replaceRuntime(choice, fresh);
        swapped(now, choice, start);
    }

    /** Steps 2 and 3 of the swap protocol. swapLock held. */
    private void replaceRuntime(PolicyCatalog.Entry entry, PolicyRuntime fresh) {
        PolicyRuntime old = current;
        active = entry;
        current = fresh;
        swaps = swaps + 1;
        if (old != null) {
            retiring.add(old);
            old.close();
        }
        drainLimbo();
        pruneRetiring();
    }

    /** Tells the listeners of the swap that just finished. swapLock held. */
    private void swapped(PolicyCatalog.Entry from, PolicyCatalog.Entry to, long startNanos) {
        if (listeners.isEmpty()) {
            return;
        }
        PolicySwitch event = new PolicySwitch(swaps, from == null ? "none" : from.name(), to == null ? "none" : to.name(),
                startNanos, System.nanoTime() - startNanos);
        for (SchedulerListener listener : listeners) {
            try {
                listener.policySwitched(event);
            } catch (RuntimeException ignored) {
                // a listener's failure must not break the swap
            }
        }
    }

    @Override
    public void addListener(SchedulerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(SchedulerListener listener) {
        listeners.remove(listener);
    }

    private void pruneRetiring() {
        retiring.removeIf(runtime -> runtime != current && runtime.threads().isEmpty());
    }

    // ================================================================ routing

    /** Hands a task to the active runtime (see the class comment). */
    void route(TaskCell<?> cell, SubmitKind kind) {
        PolicyRuntime runtime = current;
        if (runtime != null) {
            runtime.submit(cell, kind);
            return;
        }
        if (shutdown) {
            cell.cancel();
            return;
        }
        limbo.offer(cell);
        if (current != null || shutdown) {
            drainLimbo();
        }
    }

    /** A yielding task gave its worker back. */
    void requeue(TaskCell<?> cell) {
        route(cell, SubmitKind.YIELD);
    }

    private void drainLimbo() {
        for (;;) {
            PolicyRuntime runtime = current;
            if (runtime == null && !shutdown) {
                return;
            }
            TaskCell<?> cell = limbo.poll();
            if (cell == null) {
                return;
            }
            if (runtime != null) {
                runtime.submit(cell, SubmitKind.SPAWN);
            } else {
                cell.cancel();
            }
        }
    }

    // ================================================================ spawning

    @Override
    public <T> TaskHandle<T> spawn(Callable<T> task) {
        return submitNew(TaskCell.CALLABLE, Objects.requireNonNull(task, "task"));
    }

    @Override
    public TaskHandle<Void> spawn(Runnable task) {
        return submitNew(TaskCell.RUNNABLE, Objects.requireNonNull(task, "task"));
    }

    @Override
    public <T> TaskHandle<T> spawnYielding(YieldingTask<T> task) {
        return submitNew(TaskCell.YIELDING, Objects.requireNonNull(task, "task"));
    }

    private <T> TaskCell<T> submitNew(byte kind, Object body) {
        if (shutdown) {
            throw new RejectedExecutionException("the scheduler is shut down");
        }
        TaskCell<T> cell = new TaskCell<>(this, kind, body);
        ThreadRecord record = currentRecord();
        if (record != null) {
            record.addSpawned(1);
        } else {
            accounting.spawned.increment();
        }
        route(cell, SubmitKind.SPAWN);
        return cell;
    }

    @Override
    public <T> TaskGroup<T> newGroup() {
        return new Group<>(this);
    }

    @Override
    public <T> List<T> forkJoin(Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        TaskGroup<T> group = newGroup();
        for (Callable<T> task : tasks) {
            group.spawn(task);
        }
        return group.joinAll();
    }

    // ================================================================ joins

    /** Untimed, uninterruptible wait (see the class comment). */
    void awaitDone(TaskCell<?> cell) {
        ThreadRecord record = currentRecord();
        try {
            if (record == null) {
                cell.park(false, 0L, false);
                return;
            }
            PolicyThread self = record.thread;
            if (record.runningDepth() < MAX_NESTED_RUNS && self.runtime().helpWhileWaiting(self, cell, cell)) {
                return;
            }
            enter(record);
            try {
                cell.park(false, 0L, false);
            } finally {
                exit(record);
            }
        } catch (InterruptedException cannotHappen) {
            throw new AssertionError("uninterruptible wait was interrupted", cannotHappen);
        }
    }

    /** Timed, interruptible wait; returns whether the task is done. */
    boolean awaitDone(TaskCell<?> cell, long nanos) throws InterruptedException {
        ThreadRecord record = currentRecord();
        if (record == null) {
            return cell.park(true, nanos, true);
        }
        long deadline = System.nanoTime() + nanos;
        PolicyThread self = record.thread;
        BooleanSupplier doneOrLate = () -> cell.isDone() || System.nanoTime() - deadline >= 0L;
        if (record.runningDepth() < MAX_NESTED_RUNS) {
            self.runtime().helpWhileWaiting(self, cell, doneOrLate);
        }
        if (cell.isDone()) {
            return true;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0L) {
            return false;
        }
        enter(record);
        try {
            return cell.park(true, remaining, true);
        } finally {
            exit(record);
        }
    }

    // ================================================================ blocking sections

    @Override
    public void enterBlocking() {
        ThreadRecord record = currentRecord();
        if (record != null) {
            enter(record);
        }
    }

    @Override
    public void exitBlocking() {
        ThreadRecord record = currentRecord();
        if (record == null) {
            return;
        }
        if (record.blockingDepth <= record.blockingBase()) {
            throw new IllegalStateException("exitBlocking() without a matching enterBlocking() in this task (on "
                    + record.thread.getName() + ")");
        }
        exit(record);
    }

    @Override
    public <T> T blocking(Callable<T> action) throws Exception {
        Objects.requireNonNull(action, "action");
        ThreadRecord record = currentRecord();
        if (record == null) {
            return action.call();
        }
        enter(record);
        try {
            return action.call();
        } finally {
            exit(record);
        }
    }

    /**
     * A task body ended inside blocking sections it entered and did not exit (see the class comment):
     * closes them — so the thread takes a slot back and its later joins hand their slot over again —
     * and returns the failure to report: the body's own exception with an {@link IllegalStateException}
     * attached as suppressed, or that exception alone if the body returned normally.
     */
    Throwable closeLeakedSections(ThreadRecord record, Throwable failure) {
        int base = record.blockingBase();
        int leaked = record.blockingDepth - base;
        record.blockingDepth = base + 1;
        exit(record);
        IllegalStateException unmatched = new IllegalStateException("the task ended inside " + leaked
                + " blocking section(s) it entered and did not exit: every enterBlocking() needs a matching"
                + " exitBlocking() in the same task (or use blocking(Callable)); the scheduler closed them");
        if (failure == null) {
            return unmatched;
        }
        failure.addSuppressed(unmatched);
        return failure;
    }

    private static void enter(ThreadRecord record) {
        if (record.blockingDepth++ == 0) {
            record.thread.runtime().enterBlocking(record.thread);
        }
    }

    private static void exit(ThreadRecord record) {
        if (--record.blockingDepth == 0) {
            record.thread.runtime().exitBlocking(record.thread);
        }
    }

    // ================================================================ threads

    /** The calling thread's record if it is one of this scheduler's policy threads, else null. */
    ThreadRecord currentRecord() {
        if (Thread.currentThread() instanceof PolicyThread thread && thread.threadRecord() instanceof ThreadRecord record
                && record.owner == this) {
            return record;
        }
        return null;
    }

    @Override
    public boolean isWorkerThread() {
        return currentRecord() != null;
    }

    @Override
    public OptionalInt currentWorker() {
        ThreadRecord record = currentRecord();
        if (record == null || record.thread.runtime() != current) {
            return OptionalInt.empty();
        }
        int index = record.thread.processorIndex();
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
    }

    // ================================================================ state

    Accounting accounting() {
        return accounting;
    }

    boolean isTerminated() {
        return terminated;
    }

    /** Whether {@link #shutdown()} was called. */
    public boolean isShutdown() {
        return shutdown;
    }

    /** The settings runtimes are started with. */
    public SchedulerSettings settings() {
        swapLock.lock();
        try {
            return settings;
        } finally {
            swapLock.unlock();
        }
    }

    @Override
    public Optional<String> activePolicy() {
        PolicyCatalog.Entry entry = active;
        return entry == null ? Optional.empty() : Optional.of(entry.name());
    }

    /**
     * The policy asked for last (by the configuration or {@link #switchPolicy}), which may differ from
     * the active one while it is not available; empty if none was asked for.
     */
    public Optional<String> wantedPolicy() {
        swapLock.lock();
        try {
            return Optional.ofNullable(wanted);
        } finally {
            swapLock.unlock();
        }
    }

    @Override
    public Set<String> availablePolicies() {
        swapLock.lock();
        try {
            return catalog.names();
        } finally {
            swapLock.unlock();
        }
    }

    @Override
    public SchedulerMetrics metrics() {
        int retiringCount;
        swapLock.lock();
        try {
            pruneRetiring();
            retiringCount = (int) retiring.stream().filter(runtime -> runtime != current).count();
        } finally {
            swapLock.unlock();
        }
        PolicyRuntime runtime = current;
        PolicyStats stats = runtime == null ? MetricsSnapshot.NO_POLICY : runtime.stats();
        return new MetricsSnapshot(activePolicy(), stats, accounting.totals(), swaps, retiringCount);
    }

    // ================================================================ shutdown

    /**
     * Shuts down (see the class comment): cancels queued tasks, gives running ones the grace period,
     * then cancels the handles of those still running. Idempotent; every call — the first, or one
     * concurrent with it, or a later one — returns when every handle is done (except tasks claimed but
     * not yet started, which are cancelled as soon as they are claimed). Not interruptible: an
     * interrupt cuts the grace period short and is restored on return.
     */
    public void shutdown() {
        PolicyRuntime old;
        List<PolicyRuntime> runtimes;
        long graceNanos;
        swapLock.lock();
        try {
            if (shutdown) {
                runtimes = null;
                old = null;
                graceNanos = 0L;
            } else {
                shutdown = true;
                graceNanos = settings.shutdownGrace().toNanos();
                old = current;
                current = null;
                active = null;
                if (old != null) {
                    retiring.add(old);
                }
                runtimes = new ArrayList<>(retiring);
            }
        } finally {
            swapLock.unlock();
        }
        if (runtimes == null) {
            awaitShutdownDone();
            return;
        }
        try {
            if (old != null) {
                old.close(); // shutdown is set: no swap can start, and everything forwarded is cancelled
            }
            finishShutdown(runtimes, graceNanos);
        } finally {
            shutdownDone.countDown();
        }
    }

    /** A second shutdown() waits for the first (bounded by the first one's grace period). */
    private void awaitShutdownDone() {
        boolean interrupted = false;
        for (;;) {
            try {
                shutdownDone.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void finishShutdown(List<PolicyRuntime> runtimes, long graceNanos) {
        drainLimbo();
        long deadline = System.nanoTime() + graceNanos;
        boolean interrupted = false;
        for (PolicyRuntime runtime : runtimes) {
            try {
                runtime.awaitTermination(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        terminated = true;
        for (PolicyRuntime runtime : runtimes) {
            for (PolicyThread thread : runtime.threads()) {
                if (thread == Thread.currentThread()) {
                    continue;
                }
                ThreadRecord record = accounting.recordOf(thread);
                if (record != null) {
                    for (TaskCell<?> task : record.runningTasks()) {
                        task.cancel();
                    }
                }
                thread.interrupt();
            }
            // A closed runtime's thread that outlived the grace may still hold a task it queued on its
            // own slot as the runtime closed (see WorkStealingRuntime: ownership); close again to drain
            // it, so that it is cancelled now rather than when that thread's task ends.
            runtime.close();
        }
        drainLimbo();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
