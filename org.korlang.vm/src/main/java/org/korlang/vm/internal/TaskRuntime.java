package org.korlang.vm.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.korlang.gc.BlockedRegion;
import org.korlang.gc.Heap;
import org.korlang.gc.Mutator;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.RawMutator;
import org.korlang.gc.vmaccess.VmAccess;
import org.korlang.lang.bytecode.Builtin;
import org.korlang.lang.bytecode.TypeDesc;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskCounts;

/**
 * The tasks of one program run (#12): spawn, await, sleep, the run queue, deadlock detection and
 * the end of the run. Korlang tasks are stackful at VM level — a task's frames live in its own heap
 * stack chunks ({@link Stack}), so blocking is "save the position, return to the carrier loop" and a
 * parked task holds no thread and no Java stack.
 *
 * <h2>Carriers on the Scheduler</h2>
 * Tasks run on <em>carriers</em>: jobs spawned on the platform's {@link Scheduler} (work-stealing
 * by default), at most {@link #parallelism} at once. A carrier attaches its worker thread to the heap
 * as a {@link Mutator} (a mutator belongs to one thread), then runs ready tasks one slice at a time:
 * first its {@code next} slot (the task it just woke or spawned: a ping-pong or a spawn tree stays on
 * one thread, as Go's runnext), then the few further tasks it woke meanwhile ({@link #LOCAL_WAKES}:
 * a consumer waking blocked producers keeps them, instead of handing every one to another carrier
 * through the shared queue), else the shared ready queue (first every 64th pick, so the shared
 * queue never starves; a task whose slice ends while its carrier has other work goes to the shared
 * queue, so kept tasks spread to idle carriers within a slice); it gives the worker back to the
 * scheduler when the queue is empty or after {@link #CARRIER_NANOS} (a new carrier job then takes
 * over, so a scheduler policy swap moves carriers to the new policy and loses nothing), detaching its
 * mutator on its own thread. A worker with no carrier holds no mutator, so an idle worker never
 * delays a collection. Why not one scheduler job per wake: a job per wake would have to attach and
 * detach a mutator each time (a mutator refuses foreign threads and an attached idle thread would
 * block collections), and the scheduler's per-spawn bookkeeping would be paid per channel operation.
 *
 * <h2>Preemption and safepoints</h2>
 * The interpreter counts reductions at calls and loop back-edges and returns {@code YIELDED} every
 * {@link Interpreter#REDUCTIONS}; the carrier polls the safepoint there (a collection or GC-policy
 * switch waits at most one slice) and, if other tasks are ready, puts the task back at the end of the
 * queue — so N+1 busy loops on N workers all progress.
 *
 * <h2>Roots</h2>
 * A task's chunks are root areas of the heap (precise, re-scanned at every collection), whether the
 * task runs on any carrier, waits in the ready queue, sleeps or is parked; word 0 of its first chunk
 * holds its Task object. Wait queues are lists of Task objects in the heap (a channel's receivers and
 * senders, a task's awaiters), linked through slot 2 of each Task; a buffered value lives in the
 * channel's ring, a finished task's result in its Task object. So everything a parked task, a channel
 * or a result holds is reachable from roots for as long as the task is alive or the object is
 * reachable; a task parked forever on an unreachable channel stays (as in Go). Java-side state
 * ({@link VmTask}: positions as chunk offsets) holds no heap address across a safepoint.
 *
 * <h2>Locks</h2>
 * Each Task and Channel object has a stable stripe number (slot 5: a Task's slot in {@link LiveTasks},
 * through which a waker finds the parked task's {@link VmTask}; a Channel's serial); every queue or
 * state change of that object happens under {@code synchronized (stripes[n & MASK])}, with no
 * allocation and no safepoint inside (so a collection never waits for a lock holder that waits for
 * it). No code holds two stripes.
 *
 * <h2>Deadlock detection</h2>
 * One atomic word counts live tasks (high half) and parked tasks (low half: in a wait queue; sleeping,
 * ready, running and blocking-section tasks are not parked). A task enters a wait queue and counts
 * itself parked under the same lock; a waker counts it unparked before making it ready; a finishing
 * task wakes its awaiters before it stops counting as live. Only a running task can wake a parked one
 * (or a timer, which only wakes sleepers), so the moment an update makes parked == live > 0, nothing
 * can ever run again: the run ends with {@code deadlock: all tasks are blocked} and main's trace.
 */
public final class TaskRuntime {

    // ---- Task object (RuntimeTypes.task): byte offsets of its slots
    static final int T_RESULT_REF = 8;
    static final int T_WAITERS = 16;
    static final int T_NEXT = 24;
    static final int T_STATE = 32;
    static final int T_RESULT = 40;
    static final int T_ID = 48;
    static final long RUNNING = 0;
    static final long DONE = 1;
    static final long FAILED = 2;

    static final int STRIPES = 256;
    static final int MASK = STRIPES - 1;
    /** How long a carrier keeps its worker before handing over to a fresh carrier job. */
    static final long CARRIER_NANOS = 20_000_000L;
    /**
     * How many woken tasks a carrier keeps for itself, beyond its next slot, before woken tasks go to
     * the shared queue. A consumer that wakes one blocked producer per message (fan-in over a full
     * channel) would otherwise push every producer through the shared queue to the other carrier,
     * and the two carriers would then fight over the channel's lock and cache lines for every
     * message (measured: fan-in ran about twice as slowly on two carriers as on one). Kept tasks
     * spread out again within one slice: a slice that ends while the carrier has other work puts
     * its task in the shared queue.
     */
    static final int LOCAL_WAKES = 8;

    final LoadedProgram program;
    final Builtins builtins;
    private final Heap heap;
    private final Scheduler scheduler;
    private final long maxStackBytes;
    private final int parallelism;

    final Object[] stripes = new Object[STRIPES];
    /** Ready tasks: new tasks at the head (depth first, so a spawn tree keeps few tasks alive), woken and preempted ones at the tail. */
    private final ConcurrentLinkedDeque<VmTask> ready = new ConcurrentLinkedDeque<>();
    /** Carriers holding a slot (at most {@link #parallelism}; one in a blocking section gives its slot up). */
    private final AtomicInteger carriers = new AtomicInteger();
    /** Carrier jobs spawned and not yet finished, blocked ones included: the run ends when this is 0. */
    private final AtomicInteger alive = new AtomicInteger();
    /** live tasks << 32 | parked tasks. */
    private final AtomicLong counts = new AtomicLong();
    /** Channel serials (a channel's lock stripe); tasks use their {@link LiveTasks} slot. */
    private final AtomicLong serials = new AtomicLong(1);
    private final AtomicLong spawned = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicInteger sleeping = new AtomicInteger();
    private final LiveTasks live = new LiveTasks();
    private final List<Failure> failures = new ArrayList<>();
    private final AtomicReference<End> end = new AtomicReference<>();
    private final ChunkPool chunks = new ChunkPool();
    private final Object endLock = new Object();
    private volatile boolean stopping;
    private ScheduledThreadPoolExecutor timers;
    VmTask main;

    /** A failed task's error, kept until the end of the run (reported there if nobody awaited it). */
    static final class Failure {
        final String message;
        final String trace;
        volatile boolean awaited;

        Failure(String message, String trace) {
            this.message = message;
            this.trace = trace;
        }
    }

    /** How the run ended. */
    public record End(Kind kind, long result, String message, String trace, Throwable internal) {
        public enum Kind { MAIN_DONE, ERROR, DEADLOCK, EXIT, INTERNAL }
    }

    public TaskRuntime(LoadedProgram program, Builtins builtins, Heap heap, Scheduler scheduler, long maxStackBytes, int parallelism) {
        this.program = program;
        this.builtins = builtins;
        this.heap = heap;
        this.scheduler = scheduler;
        this.maxStackBytes = maxStackBytes;
        this.parallelism = Math.max(1, parallelism);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    // ============================================================================ start and end

    /**
     * Makes the main task on the calling thread's mutator (its arguments are then placed with
     * {@link Interpreter#frameRefs()}); {@link #run} starts it.
     */
    public Interpreter newMain(Mutator mutator, int entry) {
        RawMutator raw = VmAccess.raw(mutator);
        VmFunction f = program.functions[entry];
        Interpreter in = new Interpreter(program, raw, new Stack(mutator, maxStackBytes), builtins);
        in.start(f);
        int slot = live.reserve();
        main = new VmTask(slot, this, in, false, true);
        long t = raw.allocateRaw(program.runtime.task);
        Raw.putLong(t + T_ID, slot);
        main.setTaskObject(t);
        return in;
    }

    /**
     * Runs the program's tasks until main returns, a runtime error in main, exit, deadlock or an
     * internal error; then stops every carrier (tasks still alive are abandoned where they are). The
     * caller's mutator must be blocked meanwhile.
     */
    public End run() throws InterruptedException {
        live.set(main.id, main);
        spawned.incrementAndGet();
        counts.addAndGet(1L << 32);
        makeReady(main);
        synchronized (endLock) {
            try {
                while (end.get() == null) {
                    endLock.wait();
                }
            } finally {
                stopping = true;
                // carriers leave within one slice once stopping is set (a carrier job the scheduler
                // never starts, e.g. cancelled by its shutdown, is given up after a long bound)
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (alive.get() > 0 && giveUp - System.nanoTime() > 0) {
                    endLock.wait(1000);
                }
                if (timers != null) {
                    timers.shutdownNow();
                }
            }
        }
        return end.get();
    }

    private void finish(End e) {
        if (end.compareAndSet(null, e)) {
            synchronized (endLock) {
                endLock.notifyAll();
            }
        }
    }

    /** After {@link #run}: releases the stacks of every task still alive. */
    public void closeAll() {
        for (VmTask t : live.all()) {
            t.in.stack.pool = null; // close, not pool
            t.close();
            live.release(t.id);
        }
        main.close();
        chunks.closeAll();
    }

    /** The reports of failed tasks that nobody awaited ("error in task: …" and its trace). */
    public List<String> unawaitedFailures() {
        List<String> out = new ArrayList<>();
        synchronized (failures) {
            for (Failure f : failures) {
                if (!f.awaited) {
                    out.add("error in task: " + f.message + "\n" + f.trace);
                }
            }
        }
        return out;
    }

    /**
     * This run's task counts now (main counts as a task). A task is counted spawned before live and
     * stops being live before it counts as completed, and completed is read before the live/parked word
     * and spawned after it, so a read never counts a task twice: completed + live ≤ spawned always, with
     * equality whenever no task is starting or ending.
     */
    public TaskCounts counts() {
        long done = completed.get();
        long c = counts.get();
        return new TaskCounts(c >>> 32, c & 0xFFFF_FFFFL, spawned.get(), done);
    }

    public Interpreter mainInterpreter() {
        return main.in;
    }

    // ============================================================================ carriers

    /** Makes {@code t} runnable: the current carrier's next slot if on one (its old next goes to the queue), else the queue. */
    void makeReady(VmTask t) {
        makeReady(t, false);
    }

    /**
     * As {@link #makeReady(VmTask)}; a task woken while the next slot is taken goes to the carrier's
     * own short list of woken tasks ({@link #LOCAL_WAKES}); a task displaced from the next slot, or
     * queued, goes to the head of the queue if {@code spawned} (depth first: skynet's tree keeps ~10
     * tasks per level alive, not a whole level), else to the tail (fairness for woken tasks).
     */
    void makeReady(VmTask t, boolean spawned) {
        Carrier c = CURRENT.get();
        if (c != null && c.runtime == this) {
            if (c.next == null) {
                c.next = t;
                return;
            }
            if (!spawned && c.woken.size() < LOCAL_WAKES) {
                c.woken.addLast(t);
                return;
            }
            VmTask old = c.next;
            c.next = t;
            t = old;
        }
        if (spawned) {
            ready.offerFirst(t);
        } else {
            ready.offerLast(t);
        }
        ensureCarrier();
    }

    private void ensureCarrier() {
        for (;;) {
            int n = carriers.get();
            if (n >= parallelism || stopping) {
                return;
            }
            if (carriers.compareAndSet(n, n + 1)) {
                alive.incrementAndGet();
                try {
                    scheduler.spawn(new Carrier(this));
                } catch (RuntimeException e) {
                    carrierLeft();
                    finish(new End(End.Kind.INTERNAL, 0, null, null, e));
                }
                return;
            }
        }
    }

    private void carrierLeft() {
        carriers.decrementAndGet();
        if (alive.decrementAndGet() == 0 && stopping) {
            synchronized (endLock) {
                endLock.notifyAll();
            }
        }
    }

    private static final ThreadLocal<Carrier> CURRENT = new ThreadLocal<>();

    /** A scheduler job that runs ready tasks with its own mutator (see the class comment). */
    static final class Carrier implements Runnable {
        final TaskRuntime runtime;
        VmTask next;
        /** Tasks woken while {@link #next} was taken (at most {@link #LOCAL_WAKES}), run after it. */
        final ArrayDeque<VmTask> woken = new ArrayDeque<>(LOCAL_WAKES);
        Mutator mutator;

        Carrier(TaskRuntime runtime) {
            this.runtime = runtime;
        }

        @Override
        public void run() {
            TaskRuntime rt = runtime;
            Carrier outer = CURRENT.get();
            try {
                if (rt.stopping) {
                    return;
                }
                mutator = rt.heap.attach();
                CURRENT.set(this);
                RawMutator raw = VmAccess.raw(mutator);
                long deadline = System.nanoTime() + CARRIER_NANOS;
                int picks = 0;
                try {
                    while (!rt.stopping) {
                        VmTask t;
                        if (hasLocal() && (++picks & 63) != 0) {
                            t = takeLocal();
                        } else {
                            t = rt.ready.poll();
                            if (t == null) {
                                if (!hasLocal()) {
                                    break;
                                }
                                t = takeLocal();
                            }
                        }
                        rt.runSlices(t, this, raw);
                        if (System.nanoTime() - deadline > 0) {
                            break;
                        }
                    }
                    flushLocal();
                } finally {
                    CURRENT.set(outer);
                    mutator.close();
                }
            } catch (RuntimeException | Error e) {
                rt.finish(new End(End.Kind.INTERNAL, 0, null, null, e));
            } finally {
                rt.carrierLeft();
                if (!rt.stopping && !rt.ready.isEmpty()) {
                    rt.ensureCarrier();
                }
            }
        }

        boolean hasLocal() {
            return next != null || !woken.isEmpty();
        }

        /** The next slot's task, else the oldest kept woken one (the caller checked {@link #hasLocal}). */
        VmTask takeLocal() {
            VmTask t = next;
            if (t != null) {
                next = null;
                return t;
            }
            return woken.pollFirst();
        }

        /** Moves the next slot's and the kept woken tasks to the shared queue (the carrier leaves or blocks). */
        void flushLocal() {
            if (next != null) {
                runtime.ready.offer(next);
                next = null;
            }
            for (VmTask t = woken.pollFirst(); t != null; t = woken.pollFirst()) {
                runtime.ready.offer(t);
            }
        }
    }

    /** Runs {@code t} on this carrier until it parks, ends, or yields to other ready tasks. */
    private void runSlices(VmTask t, Carrier c, RawMutator raw) {
        Interpreter in = t.in;
        in.raw = raw;
        in.stack.mutator = c.mutator; // chunks are allocated by the mutator of the running thread
        t.carrier = c;
        for (;;) {
            int r;
            try {
                KorlangError pending = t.pendingError;
                if (pending != null) {
                    t.pendingError = null;
                    throw pending;
                }
                r = in.execute();
            } catch (KorlangError e) {
                failed(t, e);
                return;
            } catch (Builtins.ExitRequest e) {
                finish(new End(End.Kind.EXIT, builtins.exitRequested, null, null, null));
                return;
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                finish(new End(End.Kind.INTERNAL, 0, null, null, e));
                return;
            }
            if (r == Interpreter.SUSPENDED) {
                return; // parked or sleeping: owned by a wait queue or a timer now
            }
            if (r == Interpreter.DONE) {
                t.carrier = null;
                completed(t);
                return;
            }
            raw.safepoint(); // end of a slice: a collection or policy switch may run here
            if (stopping) {
                return;
            }
            if (c.hasLocal() || !ready.isEmpty()) {
                t.carrier = null;
                ready.offer(t); // preempted: behind the tasks that wait
                ensureCarrier();
                return;
            }
        }
    }

    // ============================================================================ task ends

    private void completed(VmTask t) {
        long result = t.in.result;
        if (t.isMain) {
            finish(new End(End.Kind.MAIN_DONE, result, null, null, null)); // first: a racing park's deadlock check loses
            counts.addAndGet(-(1L << 32));
            completed.incrementAndGet();
            return;
        }
        long obj = t.taskObject();
        synchronized (stripe(Raw.getLong(obj + T_ID))) {
            if (t.resultIsRef) {
                t.in.raw.storeRef(obj, obj + T_RESULT_REF, result);
            } else {
                Raw.putLong(obj + T_RESULT, result);
            }
            Raw.putLong(obj + T_STATE, DONE);
            wakeAwaiters(t, obj, a -> a.deliver(result));
        }
        ended(t);
    }

    private void failed(VmTask t, KorlangError e) {
        String trace = (e.taskTrace() != null ? e.taskTrace() + "  awaited by\n" : "") + t.in.stackTrace();
        if (t.isMain) {
            finish(new End(End.Kind.ERROR, 0, e.getMessage(), trace, null));
            return;
        }
        Failure f = new Failure(e.getMessage(), trace);
        int index;
        synchronized (failures) {
            index = failures.size();
            failures.add(f);
        }
        long obj = t.taskObject();
        synchronized (stripe(Raw.getLong(obj + T_ID))) {
            Raw.putLong(obj + T_RESULT, index);
            Raw.putLong(obj + T_STATE, FAILED);
            wakeAwaiters(t, obj, a -> {
                f.awaited = true;
                a.pendingError = new KorlangError(f.message, f.trace);
            });
        }
        ended(t);
    }

    /**
     * Empties the awaiter list of the ending task {@code t} (Task object {@code obj}, whose stripe the
     * caller holds): each awaiter is unlinked, completed by {@code complete} (its result delivered or
     * its error set) and only then woken.
     */
    private void wakeAwaiters(VmTask t, long obj, java.util.function.Consumer<VmTask> complete) {
        long w = Raw.getLong(obj + T_WAITERS);
        t.in.raw.storeRef(obj, obj + T_WAITERS, 0);
        while (w != 0) {
            VmTask a = taskOf(w);
            long nx = Raw.getLong(w + T_NEXT);
            t.in.raw.storeRef(w, w + T_NEXT, 0);
            complete.accept(a);
            wake(a);
            w = nx;
        }
    }

    private void ended(VmTask t) {
        t.carrier = null;
        live.release(t.id);
        t.close();
        long c = counts.addAndGet(-(1L << 32)); // not live before completed: see counts()
        completed.incrementAndGet();
        checkDeadlock(c);
    }

    // ============================================================================ parking

    Object stripe(long serial) {
        return stripes[(int) (serial & MASK)];
    }

    /** The live task of a Task object in a wait queue. */
    VmTask taskOf(long taskObject) {
        return live.get((int) Raw.getLong(taskObject + T_ID));
    }

    long newSerial() {
        return serials.getAndIncrement();
    }

    /** Counts {@code t} parked (the caller holds the stripe of the queue it entered) and checks for deadlock. */
    void parked(VmTask t) {
        t.carrier = null;
        checkDeadlock(counts.incrementAndGet());
    }

    /** Makes a parked task ready (the caller holds the stripe of the queue it left, and has completed its builtin). */
    void wake(VmTask t) {
        counts.decrementAndGet();
        makeReady(t);
    }

    private void checkDeadlock(long c) {
        long liveCount = c >>> 32;
        if (liveCount > 0 && liveCount == (c & 0xFFFF_FFFFL)) {
            finish(new End(End.Kind.DEADLOCK, 0, "deadlock: all tasks are blocked", null, null));
        }
    }

    // ============================================================================ builtins

    /** Runs task builtin {@code bi} for the task of {@code in}; true when it parked the task. */
    boolean builtin(Interpreter in, Builtin bi, int type, int a, int b, int c) {
        return switch (bi) {
            case SPAWN -> {
                spawn(in, type, a, c);
                yield false;
            }
            case TASK_AWAIT -> await(in, type, a, c);
            case SLEEP -> sleep(in, Builtins.prim(in, b));
            case CHAN_NEW -> {
                Channels.create(this, in, Builtins.prim(in, b), c);
                yield false;
            }
            case CHAN_SEND -> Channels.send(this, in, a, c);
            case CHAN_RECV -> Channels.recv(this, in, a, c);
            case CHAN_CLOSE -> {
                Channels.close(this, in, a);
                yield false;
            }
            case CHAN_LEN -> {
                Channels.len(this, in, a, c);
                yield false;
            }
            default -> throw new IllegalStateException("not a task builtin: " + bi);
        };
    }

    /** spawn: the closure in r[a] becomes a new ready task; r[c] = its Task object. */
    private void spawn(Interpreter in, int type, int a, int c) {
        long t = in.raw.allocateRaw(program.runtime.task); // a safepoint: registers re-read below
        long closure = Builtins.ref(in, a);
        if (closure == 0) {
            throw new KorlangError("null value");
        }
        int slot = live.reserve();
        Raw.putLong(t + T_ID, slot);
        Builtins.setRef(in, c, t);
        VmFunction f = program.functions[(int) Raw.getLong(closure + 8)];
        TypeDesc result = program.program.type(program.program.type(type).arg());
        Stack stack = new Stack(in.stack.mutator, maxStackBytes);
        stack.pool = chunks;
        Interpreter child = new Interpreter(program, in.raw, stack, builtins);
        child.start(f, true); // allocates the first chunk: a safepoint
        Raw.putLong(child.frameRefs(), Builtins.ref(in, a)); // r0 = the closure (CALLC convention)
        VmTask task = new VmTask(slot, this, child, result.isRef(), false);
        task.setTaskObject(Builtins.ref(in, c));
        live.set(slot, task);
        spawned.incrementAndGet(); // spawned before live: see counts()
        counts.addAndGet(1L << 32);
        makeReady(task, true);
    }

    /** t.await(): the result into register c now, or park on the task's awaiter list. */
    private boolean await(Interpreter in, int type, int a, int c) {
        long t = Builtins.ref(in, a);
        if (t == 0) {
            throw new KorlangError("null value");
        }
        TypeDesc result = program.program.type(program.program.type(type).arg());
        VmTask self = in.task;
        synchronized (stripe(Raw.getLong(t + T_ID))) {
            long state = Raw.getLong(t + T_STATE);
            if (state == DONE) {
                if (result.kind() != TypeDesc.Kind.VOID) {
                    long v = result.isRef() ? Raw.getLong(t + T_RESULT_REF) : Raw.getLong(t + T_RESULT);
                    if (result.isRef()) {
                        Builtins.setRef(in, c, v);
                    } else {
                        Builtins.setPrim(in, c, v);
                    }
                }
                return false;
            }
            if (state == FAILED) {
                Failure f;
                synchronized (failures) {
                    f = failures.get((int) Raw.getLong(t + T_RESULT));
                }
                f.awaited = true;
                throw new KorlangError(f.message, f.trace);
            }
            if (result.kind() == TypeDesc.Kind.VOID) {
                self.waitReg = -1; // Task<Void>: nothing to deliver
                self.waitRef = false;
            } else {
                self.waitReg = c;
                self.waitRef = result.isRef();
            }
            long me = self.taskObject();
            in.raw.storeRef(me, me + T_NEXT, Raw.getLong(t + T_WAITERS));
            in.raw.storeRef(t, t + T_WAITERS, me);
            parked(self);
            return true;
        }
    }

    /** time.sleep(ms): a timer makes the task ready again; it holds no thread meanwhile. */
    private boolean sleep(Interpreter in, long ms) {
        if (ms <= 0) {
            return false;
        }
        VmTask self = in.task;
        self.carrier = null;
        sleeping.incrementAndGet();
        timers().schedule(() -> {
            sleeping.decrementAndGet();
            makeReady(self);
        }, ms, TimeUnit.MILLISECONDS);
        return true;
    }

    private synchronized ScheduledThreadPoolExecutor timers() {
        if (timers == null) {
            timers = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "korlang-timers");
                th.setDaemon(true);
                return th;
            });
            timers.setRemoveOnCancelPolicy(true);
        }
        return timers;
    }

    // ============================================================================ blocking hook

    /**
     * Runs {@code action} — a call that may block in the kernel (a read of stdin, a file, a pipe) —
     * from a builtin of the task of {@code in}: the carrier's mutator is blocked (collections proceed
     * without it), the scheduler's blocking section hands the worker slot to a spare, and another
     * carrier may run the other ready tasks meanwhile. {@code action} must not touch the managed heap;
     * afterwards the builtin re-reads every heap address (the chunk may have moved). Outside a task
     * (no carrier) it just runs the action.
     */
    public static <T> T blocking(Interpreter in, Callable<T> action) throws Exception {
        VmTask task = in.task;
        Carrier c = task == null ? null : task.carrier;
        if (c == null) {
            return action.call();
        }
        TaskRuntime rt = task.runtime;
        BlockedRegion region = c.mutator.block();
        rt.carriers.decrementAndGet();
        try {
            if (!rt.ready.isEmpty() || c.hasLocal()) {
                c.flushLocal();
                rt.ensureCarrier();
            }
            return rt.scheduler.blocking(action);
        } finally {
            rt.carriers.incrementAndGet();
            region.close();
        }
    }
}
