package org.korlang.scheduler.internal.fifo;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.korlang.scheduler.spi.PolicyContext;
import org.korlang.scheduler.spi.PolicyRuntime;
import org.korlang.scheduler.spi.PolicyStats;
import org.korlang.scheduler.spi.PolicyThread;
import org.korlang.scheduler.spi.ScheduledTask;
import org.korlang.scheduler.spi.SubmitKind;

/**
 * The FIFO baseline: one {@link LinkedBlockingQueue} shared by every thread. Spawns and yields
 * both go to the tail; threads take from the head and sleep in the queue's own wait when it is
 * empty (the queue wakes one waiter per offer, so there is no herd).
 *
 * <p><b>Compensation</b>, ThreadPoolExecutor style: the runtime keeps {@code threads - blocked >=
 * parallelism} by starting a spare when a thread enters a blocking section, up to
 * {@code parallelism + maxSpareThreads} threads. A thread with nothing to do for the keep-alive
 * retires if there are more unblocked threads than {@code parallelism}, so the pool shrinks back.
 *
 * <p><b>Joins help</b>: first by running the awaited task itself if nobody has taken it (its queue
 * entry goes stale), then by running tasks from the head of the shared queue until the awaited task
 * is done or the queue is empty.
 *
 * <p><b>Retiring</b> (this runtime's half of the scheduler's swap: no task is left behind).
 * {@link #close()} sets {@code closed}, forwards the queue's contents to the scheduler, and wakes every
 * thread with a STOP entry. A task enters the queue by one path only, {@code submit}'s offer (threads
 * take tasks out and run them; forwarding only takes them out). The submitter offers, passes a full
 * fence, then reads {@code closed}; close() writes {@code closed}, passes a full fence, then drains.
 * Sequentially consistent fences are totally ordered, so one side sees the other's write (Dekker):
 * either the drain finds the task, or the submitter sees {@code closed} and drains the queue itself.
 * (The fences make the argument independent of how the queue orders its own fields.) A task may be
 * forwarded twice, by both drains; the scheduler's claim makes the second entry inert.
 */
final class FifoRuntime implements PolicyRuntime {

    /** Wakes a waiting thread on close; never run. */
    private static final ScheduledTask STOP = () -> { };

    private final PolicyContext context;
    private final int parallelism;
    private final int maxThreads;
    private final long keepAliveNanos;
    private final LinkedBlockingQueue<ScheduledTask> queue = new LinkedBlockingQueue<>();
    private final Set<FifoWorker> live = ConcurrentHashMap.newKeySet();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger numbers = new AtomicInteger();
    private final LongAdder parks = new LongAdder();
    private volatile boolean closed;

    // ---- guarded by lock
    private final ReentrantLock lock = new ReentrantLock();
    private int threadCount;
    private int blockedCount;

    FifoRuntime(PolicyContext context) {
        this.context = context;
        this.parallelism = context.parallelism();
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.maxThreads = parallelism + Math.max(0, context.maxSpareThreads());
        this.keepAliveNanos = context.spareKeepAliveNanos();
        List<FifoWorker> workers = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            workers.add(newWorker());
        }
        lock.lock();
        try {
            threadCount = parallelism;
        } finally {
            lock.unlock();
        }
        workers.forEach(Thread::start);
    }

    PolicyContext context() {
        return context;
    }

    private FifoWorker newWorker() {
        int number = numbers.getAndIncrement();
        FifoWorker worker = new FifoWorker(this, number, "korlang-" + context.policyName() + "-" + (number + 1));
        live.add(worker);
        return worker;
    }

    @Override
    public void submit(ScheduledTask task, SubmitKind kind) {
        if (closed) {
            context.forward(task);
            return;
        }
        queue.offer(task);
        VarHandle.fullFence(); // the retire handshake (class comment)
        if (closed) {
            forwardQueue();
        }
    }

    void runWorker(FifoWorker worker) {
        try {
            for (;;) {
                if (closed) {
                    return;
                }
                ScheduledTask task = queue.poll();
                if (task == null) {
                    parks.increment();
                    waiting.incrementAndGet();
                    try {
                        task = queue.poll(keepAliveNanos, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException interrupted) {
                        continue; // only shutdown interrupts; the loop re-checks closed
                    } finally {
                        waiting.decrementAndGet();
                    }
                    if (task == null) {
                        if (retireIfSurplus(worker)) {
                            return;
                        }
                        continue;
                    }
                }
                if (task != STOP) {
                    task.run();
                }
            }
        } finally {
            live.remove(worker);
            lock.lock();
            try {
                if (!worker.retired) {
                    threadCount--;
                }
                if (closed && threadCount == 0) {
                    terminated.countDown();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean retireIfSurplus(FifoWorker worker) {
        lock.lock();
        try {
            if (threadCount - blockedCount > parallelism) {
                threadCount--;
                worker.retired = true;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void enterBlocking(PolicyThread self) {
        FifoWorker worker = (FifoWorker) self;
        worker.blocked = true;
        boolean startSpare = false;
        lock.lock();
        try {
            blockedCount++;
            if (!closed && threadCount - blockedCount < parallelism && threadCount < maxThreads) {
                threadCount++;
                startSpare = true;
            }
        } finally {
            lock.unlock();
        }
        if (startSpare) {
            FifoWorker spare = newWorker();
            try {
                spare.start();
            } catch (Throwable cannotStart) { // e.g. OutOfMemoryError: unable to create native thread
                live.remove(spare);
                lock.lock();
                try {
                    threadCount--;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Override
    public void exitBlocking(PolicyThread self) {
        ((FifoWorker) self).blocked = false;
        lock.lock();
        try {
            blockedCount--;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean helpWhileWaiting(PolicyThread self, ScheduledTask awaited, BooleanSupplier done) {
        // Most often nobody has taken the awaited task yet: run it here (the claim makes its queue
        // entry stale), like ForkJoinPool's tryUnpush. Only then help with the oldest tasks.
        awaited.run();
        while (!done.getAsBoolean()) {
            if (closed) {
                return false;
            }
            ScheduledTask task = queue.poll();
            if (task == null) {
                return false;
            }
            if (task == STOP) {
                queue.offer(STOP); // meant for an idle thread
                return false;
            }
            task.run();
        }
        return true;
    }

    @Override
    public void close() {
        int threads;
        lock.lock();
        try {
            if (closed) {
                threads = 0; // closing again only drains again (see PolicyRuntime#close)
            } else {
                closed = true;
                threads = threadCount;
                if (threads == 0) {
                    terminated.countDown();
                }
            }
        } finally {
            lock.unlock();
        }
        VarHandle.fullFence(); // the retire handshake (class comment)
        forwardQueue();
        for (int i = 0; i < threads; i++) {
            queue.offer(STOP);
        }
    }

    private void forwardQueue() {
        List<ScheduledTask> drained = new ArrayList<>();
        queue.drainTo(drained);
        int stops = 0;
        for (ScheduledTask task : drained) {
            if (task == STOP) {
                stops++;
            } else {
                context.forward(task);
            }
        }
        for (int i = 0; i < stops; i++) {
            queue.offer(STOP);
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    @Override
    public Collection<? extends PolicyThread> threads() {
        return List.copyOf(live);
    }

    @Override
    public PolicyStats stats() {
        int threads;
        int blockedThreads;
        lock.lock();
        try {
            threads = threadCount;
            blockedThreads = blockedCount;
        } finally {
            lock.unlock();
        }
        int workers = closed ? 0 : Math.min(parallelism, threads - blockedThreads);
        long queued = queue.stream().filter(task -> task != STOP).count();
        return new PolicyStats(parallelism, workers, Math.max(0, threads - parallelism), blockedThreads,
                waiting.get(), queued, List.of(), 0L, parks.sum());
    }
}
