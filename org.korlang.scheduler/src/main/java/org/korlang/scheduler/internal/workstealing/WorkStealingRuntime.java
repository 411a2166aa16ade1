package org.korlang.scheduler.internal.workstealing;

import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.korlang.scheduler.spi.PolicyContext;
import org.korlang.scheduler.spi.PolicyRuntime;
import org.korlang.scheduler.spi.PolicyStats;
import org.korlang.scheduler.spi.PolicyThread;
import org.korlang.scheduler.spi.ScheduledTask;
import org.korlang.scheduler.spi.SubmitKind;

/**
 * The work-stealing runtime, after Go's scheduler (Ps, Ms, spinning Ms, hand-off in system calls)
 * and Tokio's multi-threaded runtime (LIFO slot, bounded LIFO polling).
 *
 * <p><b>Slots and threads.</b> {@code parallelism} {@link Processor}s (slots), each owned by at most
 * one {@link WsWorker} thread at a time. A spawn on a worker goes to its slot's LIFO slot; a spawn from
 * any other thread goes to the global injection queue (a lock-free {@link ConcurrentLinkedQueue}).
 *
 * <p><b>Finding work</b> ({@link #findWork}), in order: every {@value #GLOBAL_QUEUE_INTERVAL}th tick
 * one task from the injection queue (so outside submissions cannot starve behind local work); the
 * slot's own queues ({@link Processor#nextLocal()}); a batch from the injection queue; then, as a
 * <i>spinning</i> worker, {@value #STEAL_ROUNDS} rounds over all other slots starting at a random
 * victim, stealing half of the first non-empty deque (one CAS per task — see {@link ChaseLevDeque} for
 * why) and, in the last round, LIFO slots; then park.
 *
 * <p><b>Parking without lost wake-ups or a thundering herd.</b> At most about half the busy workers
 * spin at once ({@code 2 * spinning < parallelism - idle}), and a submitter wakes a parked worker only
 * if nobody is spinning: {@link #signalWork()} claims the right to wake with {@code CAS(spinning, 0,
 * 1)} and wakes exactly one worker, which starts out spinning. A spinner that finds work stops spinning
 * and, if it was the last one, calls {@code signalWork()} again, so wake-ups fan out one at a time as
 * long as work keeps turning up (Go's {@code resetspinning}). A worker about to park first publishes
 * itself as idle (volatile {@code idleCount}), then stops spinning, then re-checks every queue; a
 * submitter first publishes its task (a CLQ CAS, or a store to its slot followed by a full fence),
 * then reads {@code idleCount} and {@code spinning}. Both sides write then read, in
 * sequentially consistent order, so either the parker sees the task or the submitter sees the parker.
 * Like ForkJoinPool, a worker signals only when its push makes its slot non-empty (judged after the
 * push: the new task is the slot's only one); a push onto a slot that holds other work skips the fence
 * and the signal, because a parked worker saw every slot empty at its re-check, so the push that made
 * this slot non-empty came later and signalled (and a signal that finds a spinner leaves the work to
 * it, which signals again when it finds work and more is visible). This spares the shared counters,
 * which thieves keep changing, on every spawn. The one residual race — a thief empties the slot
 * between the owner's push and its size check and parks before the push is visible to it — costs
 * parallelism, never a task: the slot's owner runs whatever is in its slot. The injection queue, which
 * has no owner, always signals.
 *
 * <p><b>Blocking compensation</b> (Go's {@code handoffp}). A thread entering a blocking section gives
 * its slot up: the slot becomes an <i>orphan</i>, and if it has queued work a thread is found for it
 * at once — an idle spare, or a new thread while fewer than {@code parallelism + maxSpareThreads}
 * exist. An orphan with nothing queued costs nothing: the next {@code signalWork()} finds it a thread
 * if work arrives, and the blocked thread takes a free orphan back when it leaves the section. A thread
 * that leaves a section without getting a slot runs its task to the end (spawning into the injection
 * queue) and then waits as a spare for a slot; a spare idle for the keep-alive exits, so the pool
 * shrinks back. If every allowed thread is blocked, orphans wait (the bound, as ForkJoinPool's
 * maximum pool size).
 *
 * <p><b>Joins help</b> ({@link #helpWhileWaiting}) with their own work only: the joiner's slot down to
 * the awaited task (usually on top, so it runs the very task it joins), what arrives in its slot while
 * it helps, and tasks stolen from other slots; for about 100 µs of fruitless looking, before the
 * scheduler blocks it in a blocking section.
 *
 * <p><b>Retiring</b> (this runtime's half of the scheduler's swap: no task is left behind).
 * {@link #close()} sets {@code closed}, wakes every parked thread, and drains the injection queue and
 * every slot into {@link PolicyContext#forward} (stealing is safe from any thread). The claim: every
 * task that is in one of this runtime's queues when it closes, or enters one later, is forwarded or
 * run by one of its threads. A task enters the queues by exactly three paths — thieves, forwarding
 * and closing only take tasks out:
 * <ol>
 * <li><i>injection</i>: {@code submit} from a thread that holds no slot of this runtime, a CAS on the
 * injection queue;</li>
 * <li><i>local push</i>: {@code submit} from the owner of slot S, into S's LIFO slot or deque
 * ({@link #pushLocal});</li>
 * <li><i>moving in</i>: the owner of S moves tasks into S's deque — the rest of a steal-half
 * ({@link #stealHalf}, also while a join helps) or a batch from the injection queue
 * ({@link #pollInjection}).</li>
 * </ol>
 * <i>Handshake.</i> Paths 1 and 3, and path 2 when its push made S non-empty, write their tasks, pass
 * a full fence (the CAS; {@code fullFence} after the pushes — the same fence that orders the
 * signalling, so it costs nothing extra), then read {@code closed}. close() writes {@code closed}, then
 * passes the full fence at the start of each steal, then reads the queue. Both sides write, fence,
 * read; sequentially consistent fences are totally ordered, so at least one side sees the other's
 * write (Dekker): either the drain sees the task — it steals until the queue is empty, forwarding what
 * it takes, and whoever else takes a task runs it or moves it by path 3 into its own slot, where the
 * argument applies again — or the writer sees {@code closed} and forwards what it wrote: path 1
 * drains the injection queue, paths 2 and 3 drain the whole of S ({@link #forwardAll}; the writer is
 * S's owner, so it may pop). Tasks in transit (taken from one queue and not yet written to another)
 * are in one thread's hands and run or take path 3.
 *
 * <p><i>Ownership.</i> A push onto a slot that already holds work (path 2) re-reads {@code closed}
 * without a fence — a fence on every spawn costs 7–15 % of the spawn rate (measured), to cover a race
 * only a swap opens. There both sides can miss each other: the owner's re-read may pass its own push,
 * so neither the drain nor the owner sees the other. The task is not lost: it sits in S, which only
 * its owner serves once the runtime is closed (no slot changes hands any more — every hand-over checks
 * {@code closed} under the lock that close() sets it under — and an orphan, having no owner, receives
 * nothing), and the owner forwards the whole of S whenever it observes {@code closed}, which it reads
 * each time it comes back to this runtime: at the top of its loop (its task ended or yielded), when a
 * join helps, on entering a blocking section, on submitting here, and when it ends. So such a task is
 * forwarded no later than the spawning task's next join that waits, blocking section, yield or end —
 * until then it waits as it would behind a single busy worker — and shutdown, after its grace period,
 * closes every retired runtime once more, which drains it again. (Issue 18: path 3 skipped its
 * re-check and a closed runtime's thread entering a blocking section dropped its slot unforwarded, so
 * a stolen task stayed in a slot nobody served while its joiner waited forever.)
 *
 * <p>Tasks this runtime's threads are running finish where they run; what they spawn is routed to
 * the next runtime. A task may be forwarded twice, by a drain and by its writer or owner; the
 * scheduler's claim makes the second entry inert.
 */
final class WorkStealingRuntime implements PolicyRuntime {

    /** Ticks between forced looks at the injection queue (Go's schedtick % 61). */
    static final int GLOBAL_QUEUE_INTERVAL = 61;
    /** Rounds over all victims before a spinning worker parks (Go's stealTries). */
    static final int STEAL_ROUNDS = 4;
    /** Pauses between stealing rounds. */
    static final int SPINS_PER_ROUND = 64;
    /**
     * Idle rounds (a steal attempt and {@value #SPINS_PER_ROUND} pauses each, some 100 µs in all) a
     * joiner keeps looking for work before it blocks: a stolen task usually finishes within that, and
     * blocking (park, slot hand-off, wake-up) costs more.
     */
    static final int HELP_IDLE_ROUNDS = 48;
    /** Most tasks taken from the injection queue at once. */
    static final int INJECT_BATCH = 32;
    /** How deep below the bottom of its deque a joiner looks for the task it awaits. */
    static final int JOIN_SCAN_LIMIT = 64;

    private final PolicyContext context;
    private final int parallelism;
    private final int maxThreads;
    private final Processor[] processors;
    private final ConcurrentLinkedQueue<ScheduledTask> injection = new ConcurrentLinkedQueue<>();
    private final AtomicInteger spinning = new AtomicInteger();
    private final AtomicInteger blocked = new AtomicInteger();
    private final Set<WsWorker> live = ConcurrentHashMap.newKeySet();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicInteger threadSequence = new AtomicInteger();

    private volatile boolean closed;

    // ---- guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private final WsWorker[] idle;
    private int idleSize;
    private final ArrayDeque<Processor> orphans = new ArrayDeque<>();
    private final ArrayDeque<WsWorker> spares = new ArrayDeque<>();
    private int threadCount;
    // ---- lock-free reads of the counts above
    private volatile int idleCount;
    private volatile int orphanCount;

    /** Slots and queues, no threads yet: {@link #startWorkers()} starts them. */
    WorkStealingRuntime(PolicyContext context) {
        this.context = context;
        this.parallelism = context.parallelism();
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.maxThreads = parallelism + Math.max(0, context.maxSpareThreads());
        this.processors = new Processor[parallelism];
        this.idle = new WsWorker[parallelism];
        for (int i = 0; i < parallelism; i++) {
            processors[i] = new Processor(i);
        }
    }

    /** Starts one worker per slot; called once, by the policy, before the runtime is handed out. */
    void startWorkers() {
        List<WsWorker> workers = new ArrayList<>(parallelism);
        for (Processor p : processors) {
            workers.add(newWorker(p));
        }
        lock.lock();
        try {
            threadCount += parallelism;
        } finally {
            lock.unlock();
        }
        for (WsWorker worker : workers) {
            worker.start();
        }
    }

    /** Slot {@code index} (tests drive slots directly). */
    Processor processor(int index) {
        return processors[index];
    }

    PolicyContext context() {
        return context;
    }

    private WsWorker newWorker(Processor processor) {
        WsWorker worker = new WsWorker(this, processor,
                "korlang-" + context.policyName() + "-" + threadSequence.incrementAndGet());
        live.add(worker);
        return worker;
    }

    // ================================================================ submission

    @Override
    public void submit(ScheduledTask task, SubmitKind kind) {
        if (closed) {
            context.forward(task);
            forwardOwnSlot(); // ownership (class comment): the submitter may own a slot here
            return;
        }
        Processor p;
        if (Thread.currentThread() instanceof WsWorker worker && worker.runtime == this
                && (p = worker.processor) != null) {
            pushLocal(p, task, kind);
            return;
        }
        // Path 1 of the retire argument (class comment): the offer's CAS, then the read of closed.
        // Always signal here: unlike a slot, the injection queue has no owner who would run a task
        // that a missed wake-up left behind.
        injection.offer(task);
        if (closed) {
            forwardInjection();
            return;
        }
        signalWork();
    }

    /**
     * The owner of {@code p} queues a task in its own slot: path 2 of the retire argument (class
     * comment). A spawn goes to the LIFO slot (the task it displaces to the deque), a yield to the deque.
     * Fenced only when the slot went from empty to non-empty (signalling needs it there); otherwise
     * ownership covers a race with close() (class comment).
     */
    void pushLocal(Processor p, ScheduledTask task, SubmitKind kind) {
        boolean onlyTask;
        if (kind == SubmitKind.YIELD) {
            p.pushYielded(task);
            onlyTask = p.deque.ownerSize() == 1 && !p.hasLifo();
        } else {
            ScheduledTask displaced = p.putLifo(task);
            if (displaced != null) {
                p.deque.push(displaced);
            }
            onlyTask = displaced == null && p.deque.ownerSize() == 0;
        }
        if (onlyTask) {
            // the slot went from empty to non-empty: order the push before the reads of closed
            // (retiring: the handshake) and of the idle and spinning counts (parking)
            VarHandle.fullFence();
        }
        if (closed) {
            forwardAll(p); // close() may have drained this slot before our push
        } else if (onlyTask) {
            signalWork();
        }
    }

    /**
     * Wakes one parked worker (or finds a thread for an orphan slot) if nobody is spinning. See the
     * class comment.
     */
    private void signalWork() {
        if (spinning.get() != 0 || (idleCount == 0 && orphanCount == 0)) {
            return;
        }
        if (!spinning.compareAndSet(0, 1)) {
            return;
        }
        WsWorker wake = null;
        Processor orphanForNewThread = null;
        lock.lock();
        try {
            if (closed) {
                spinning.decrementAndGet();
                return;
            }
            if (idleSize > 0) {
                wake = idle[--idleSize];
                idle[idleSize] = null;
                idleCount = idleSize;
            } else if (!orphans.isEmpty()) {
                if (!spares.isEmpty()) {
                    wake = spares.pop();
                    wake.processor = orphans.poll();
                    orphanCount = orphans.size();
                } else if (threadCount < maxThreads) {
                    orphanForNewThread = orphans.poll();
                    orphanCount = orphans.size();
                    threadCount++;
                }
            }
            if (wake != null) {
                wake.spinning = true;
                wake.parked = false;
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        } else if (orphanForNewThread != null) {
            startSpare(orphanForNewThread);
        } else {
            releaseWakeClaim(); // nobody to wake, or the thread bound is reached
        }
    }

    /**
     * Undoes a {@code CAS(spinning, 0, 1)} that woke nobody. While the claim stood, another submitter
     * may have seen {@code spinning != 0} and skipped its signal, and a worker whose re-check came just
     * before that submitter's task may have parked: so, after the decrement, wake a parked worker if
     * there is one. (If the worker parks after this read, its re-check comes after the submitter's task
     * and sees it.) Every other decrement of {@code spinning} is likewise followed by a look for work.
     */
    private void releaseWakeClaim() {
        spinning.decrementAndGet();
        if (idleCount > 0 && !closed) {
            signalWork();
        }
    }

    /** Starts a thread for an orphan slot; threadCount and spinning were already counted. */
    private void startSpare(Processor processor) {
        WsWorker worker = newWorker(processor);
        worker.spinning = true;
        try {
            worker.start();
        } catch (Throwable cannotStart) { // e.g. OutOfMemoryError: unable to create native thread
            live.remove(worker);
            lock.lock();
            try {
                threadCount--;
                orphans.push(processor);
                orphanCount = orphans.size();
            } finally {
                lock.unlock();
            }
            releaseWakeClaim();
        }
    }

    // ================================================================ the worker loop

    void runWorker(WsWorker worker) {
        try {
            for (;;) {
                if (worker.processor == null && !acquireProcessor(worker)) {
                    return;
                }
                if (closed) {
                    forwardAll(worker.processor);
                    return;
                }
                ScheduledTask task = findWork(worker);
                if (task != null) {
                    task.run();
                }
            }
        } finally {
            threadEnded(worker);
        }
    }

    private ScheduledTask findWork(WsWorker worker) {
        Processor p = worker.processor;
        ScheduledTask task = nextQueued(p);
        if (task != null) {
            return found(worker, task);
        }
        if (!worker.spinning) {
            if (2 * spinning.get() >= parallelism - idleCount) {
                park(worker); // enough workers are looking already
                return null;
            }
            worker.spinning = true;
            spinning.incrementAndGet();
        }
        for (int round = 0; round < STEAL_ROUNDS; round++) {
            if (closed) {
                return null;
            }
            if ((task = stealRound(worker, p, round == STEAL_ROUNDS - 1)) != null
                    || (task = pollInjection(p)) != null) {
                return found(worker, task);
            }
            for (int i = 0; i < SPINS_PER_ROUND; i++) {
                Thread.onSpinWait();
            }
        }
        park(worker);
        return null;
    }

    /** Own queues first, with a look at the injection queue every GLOBAL_QUEUE_INTERVAL ticks. */
    private ScheduledTask nextQueued(Processor p) {
        ScheduledTask task;
        if (++p.tick % GLOBAL_QUEUE_INTERVAL == 0 && (task = injection.poll()) != null) {
            return task;
        }
        if ((task = p.nextLocal()) != null) {
            return task;
        }
        return pollInjection(p);
    }

    private ScheduledTask found(WsWorker worker, ScheduledTask task) {
        if (worker.spinning) {
            worker.spinning = false;
            if (spinning.decrementAndGet() == 0 && hasVisibleWork()) {
                signalWork(); // the last spinner found work and more is waiting (Go's resetspinning)
            }
        }
        return task;
    }

    /**
     * The owner of {@code p} takes a batch from the injection queue into its deque and returns the
     * first task: path 3 of the retire argument (class comment).
     */
    ScheduledTask pollInjection(Processor p) {
        ScheduledTask first = injection.poll();
        if (first == null) {
            return null;
        }
        int moved = 0;
        ScheduledTask next;
        while (moved < INJECT_BATCH - 1 && (next = injection.poll()) != null) {
            p.deque.push(next);
            moved++;
        }
        if (moved > 0) {
            movedIn(p);
        }
        return first;
    }

    /** After path 3 pushed tasks into {@code own}: the retire handshake, then a signal (thieves welcome). */
    private void movedIn(Processor own) {
        VarHandle.fullFence();
        if (closed) {
            forwardAll(own); // close() may have drained this slot before our pushes
        } else {
            signalWork(); // others may steal from us in turn
        }
    }

    /** One round over all other slots from a random start; steals half of the first non-empty deque. */
    private ScheduledTask stealRound(WsWorker thief, Processor own, boolean includeLifo) {
        int n = processors.length;
        if (n == 1) {
            return null;
        }
        int start = thief.nextRandom(n);
        for (int i = 0; i < n; i++) {
            Processor victim = processors[(start + i) % n];
            if (victim == own) {
                continue;
            }
            ScheduledTask task = stealHalf(victim, own);
            if (task == null && includeLifo) {
                task = victim.stealLifo();
                if (task != null) {
                    own.countSteal();
                }
            }
            if (task != null) {
                return task;
            }
        }
        return null;
    }

    /**
     * The owner of {@code own} moves half of the victim's deque (rounded up) to its slot: returns the
     * oldest task, pushes the rest onto {@code own}'s deque (path 3 of the retire argument, class
     * comment). One CAS per task, each an ordinary Chase-Lev steal.
     */
    ScheduledTask stealHalf(Processor victim, Processor own) {
        int available = victim.deque.size();
        if (available == 0) {
            return null;
        }
        ScheduledTask first = victim.deque.steal();
        if (first == null) {
            return null;
        }
        int wanted = (available + 1) / 2;
        int moved = 1;
        ScheduledTask next;
        while (moved < wanted && (next = victim.deque.steal()) != null) {
            own.deque.push(next);
            moved++;
        }
        own.countSteal();
        if (moved > 1) {
            movedIn(own);
        }
        return first;
    }

    // ================================================================ parking

    private void park(WsWorker worker) {
        Processor p = worker.processor;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            worker.parked = true;
            idle[idleSize++] = worker;
            idleCount = idleSize;
        } finally {
            lock.unlock();
        }
        if (worker.spinning) {
            worker.spinning = false;
            spinning.decrementAndGet();
        }
        // idleCount is published (volatile write): re-check every queue before sleeping
        if (hasVisibleWork()) {
            boolean removed;
            lock.lock();
            try {
                removed = removeIdle(worker);
            } finally {
                lock.unlock();
            }
            if (removed) {
                worker.parked = false;
                worker.spinning = true;
                spinning.incrementAndGet();
                return;
            }
            // else a waker already claimed this worker: it clears parked right away
        }
        if (worker.parked) {
            p.countPark();
        }
        while (worker.parked && !closed) {
            LockSupport.park(this);
        }
    }

    private boolean removeIdle(WsWorker worker) {
        for (int i = 0; i < idleSize; i++) {
            if (idle[i] == worker) {
                idle[i] = idle[--idleSize];
                idle[idleSize] = null;
                idleCount = idleSize;
                return true;
            }
        }
        return false;
    }

    private boolean hasVisibleWork() {
        if (closed || !injection.isEmpty()) {
            return true;
        }
        for (Processor p : processors) {
            if (p.hasWork()) {
                return true;
            }
        }
        return false;
    }

    /** A thread without a slot: take an orphan, or wait as a spare; false when it should exit. */
    private boolean acquireProcessor(WsWorker worker) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            Processor orphan = orphans.poll();
            if (orphan != null) {
                orphanCount = orphans.size();
                worker.processor = orphan;
                return true;
            }
            worker.parked = true;
            spares.push(worker);
        } finally {
            lock.unlock();
        }
        long deadline = System.nanoTime() + context.spareKeepAliveNanos();
        while (worker.parked && !closed) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0L) {
                lock.lock();
                try {
                    if (worker.parked) {
                        spares.remove(worker);
                        worker.parked = false;
                        return false; // idle for the keep-alive: retire
                    }
                } finally {
                    lock.unlock();
                }
                break;
            }
            LockSupport.parkNanos(this, remaining);
        }
        return worker.processor != null && !closed;
    }

    private void threadEnded(WsWorker worker) {
        Processor held = worker.processor;
        if (held != null && closed) {
            forwardAll(held); // belt and braces (class comment); empty after a normal exit
        }
        live.remove(worker);
        lock.lock();
        try {
            spares.remove(worker);
            removeIdle(worker);
            threadCount--;
            if (worker.processor != null && !closed) {
                // cannot happen in normal operation (a worker with a slot only exits when closed);
                // keep the slot servable if a task's Error unwound the loop
                orphans.push(worker.processor);
                orphanCount = orphans.size();
                worker.processor = null;
            }
            if (closed && threadCount == 0) {
                terminated.countDown();
            }
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ blocking sections

    @Override
    public void enterBlocking(PolicyThread self) {
        WsWorker worker = (WsWorker) self;
        blocked.incrementAndGet();
        Processor p = worker.processor;
        if (p == null) {
            return;
        }
        worker.processor = null;
        boolean handedOver;
        lock.lock();
        try {
            handedOver = !closed;
            if (handedOver) {
                orphans.push(p);
                orphanCount = orphans.size();
            }
        } finally {
            lock.unlock();
        }
        if (!handedOver) {
            // Closed: nobody will take the slot. Its last owner forwards what it holds (belt and
            // braces, class comment) instead of dropping it.
            forwardAll(p);
        } else if (p.hasWork() || !injection.isEmpty()) {
            signalWork();
        }
    }

    @Override
    public void exitBlocking(PolicyThread self) {
        WsWorker worker = (WsWorker) self;
        blocked.decrementAndGet();
        if (worker.processor != null || orphanCount == 0 || closed) {
            return;
        }
        lock.lock();
        try {
            if (!closed) {
                Processor orphan = orphans.poll();
                if (orphan != null) {
                    orphanCount = orphans.size();
                    worker.processor = orphan;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ================================================================ joins

    /**
     * A join helps only with work that belongs to it, as ForkJoinPool's helpJoin does: its own slot's
     * tasks down to the awaited one (the LIFO slot and the bottom of the deque hold the awaited task and
     * what was spawned after it), tasks that arrive in its slot while it helps (a stolen batch), and
     * tasks stolen from other slots (most likely the subtasks of the awaited task, pushed by the thief
     * that runs it). If a helped task yields, the join stops helping and blocks (the yielder must go
     * behind waiting work, which may be below). It never digs into the older tasks below: running
     * unrelated work inside a join
     * would delay the join, deepen the stack and, once the nesting bound is hit, turn joins into
     * blocked threads and spare threads.
     */
    @Override
    public boolean helpWhileWaiting(PolicyThread self, ScheduledTask awaited, BooleanSupplier done) {
        WsWorker worker = (WsWorker) self;
        Processor start = worker.processor;
        if (start == null || closed) {
            if (start != null) {
                forwardAll(start); // ownership (class comment)
            }
            return done.getAsBoolean();
        }
        int depth = start.deque.ownerDepthOf(awaited, JOIN_SCAN_LIMIT);
        // deque elements at or below `floor` are older than the join (and not the awaited task)
        long floor = start.deque.ownerSize() - (depth < 0 ? 0 : depth + 1);
        int idleRounds = 0;
        while (!done.getAsBoolean()) {
            Processor p = worker.processor;
            if (p != start || closed) {
                return false; // the slot changed hands (a blocking section inside a helped task)
            }
            ScheduledTask task = p.takeLifo();
            if (task == null && p.deque.ownerSize() > floor) {
                task = p.deque.pop();
            }
            if (task == null) {
                task = stealRound(worker, p, idleRounds > 0);
            }
            if (task != null) {
                idleRounds = 0;
                int yieldsBefore = p.yields();
                task.run();
                if (p.yields() != yieldsBefore) {
                    // A helped task yielded: it wants to go behind waiting work, which may sit below
                    // the floor. Stop helping and block; the slot's next worker round-robins fairly.
                    return done.getAsBoolean();
                }
                continue;
            }
            if (++idleRounds > HELP_IDLE_ROUNDS) {
                return false;
            }
            for (int i = 0; i < SPINS_PER_ROUND; i++) {
                Thread.onSpinWait();
            }
        }
        return true;
    }

    // ================================================================ closing

    @Override
    public void close() {
        List<WsWorker> wake = new ArrayList<>();
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                for (int i = 0; i < idleSize; i++) {
                    idle[i].parked = false;
                    wake.add(idle[i]);
                    idle[i] = null;
                }
                idleSize = 0;
                idleCount = 0;
                for (WsWorker spare : spares) {
                    spare.parked = false;
                    wake.add(spare);
                }
                spares.clear();
                orphans.clear(); // drained below with every other slot, and never handed out again
                orphanCount = 0;
                if (threadCount == 0) {
                    terminated.countDown();
                }
            }
        } finally {
            lock.unlock();
        }
        for (WsWorker worker : wake) {
            LockSupport.unpark(worker);
        }
        drain(); // on a closed runtime: drains again (see PolicyRuntime#close)
    }

    /** Any thread, after closed is set: forwards the injection queue and every slot. */
    private void drain() {
        forwardInjection();
        for (Processor p : processors) {
            forwardByStealing(p);
        }
    }

    /** If the calling thread owns a slot of this (closed) runtime, forwards that slot. */
    private void forwardOwnSlot() {
        if (Thread.currentThread() instanceof WsWorker worker && worker.runtime == this) {
            Processor p = worker.processor;
            if (p != null) {
                forwardAll(p);
            }
        }
    }

    private void forwardInjection() {
        ScheduledTask task;
        while ((task = injection.poll()) != null) {
            context.forward(task);
        }
    }

    /** Any thread: forwards everything in a slot's queues. */
    private void forwardByStealing(Processor p) {
        ScheduledTask task;
        while ((task = p.deque.steal()) != null) {
            context.forward(task);
        }
        if ((task = p.stealLifo()) != null) {
            context.forward(task);
        }
    }

    /** The slot's owner (or its last owner): forwards its queues and the injection queue. */
    private void forwardAll(Processor p) {
        ScheduledTask task;
        if ((task = p.takeLifo()) != null) {
            context.forward(task);
        }
        while ((task = p.deque.pop()) != null) {
            context.forward(task);
        }
        forwardInjection();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    @Override
    public Collection<? extends PolicyThread> threads() {
        return List.copyOf(live);
    }

    // ================================================================ statistics

    @Override
    public PolicyStats stats() {
        int threads;
        int orphanSlots;
        int parkedWorkers;
        lock.lock();
        try {
            threads = threadCount;
            orphanSlots = orphans.size();
            parkedWorkers = idleSize;
        } finally {
            lock.unlock();
        }
        List<Integer> local = new ArrayList<>(processors.length);
        long steals = 0;
        long parks = 0;
        for (Processor p : processors) {
            local.add(p.queued());
            steals += p.steals();
            parks += p.parks();
        }
        int workers = closed ? 0 : parallelism - orphanSlots;
        return new PolicyStats(parallelism, workers, Math.max(0, threads - parallelism), blocked.get(), parkedWorkers,
                injection.size(), local, steals, parks);
    }
}
