package org.korlang.gc.internal.core;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

import org.korlang.gc.spi.ParallelWorkers;

/**
 * The heap's GC threads: {@code count - 1} daemon threads plus the collecting thread as worker 0.
 * {@link #run} publishes a task under a generation number, runs its own share and waits until every
 * worker has finished; the first error of any worker is rethrown on the caller.
 */
final class GcThreads implements ParallelWorkers {

    private final int count;
    private final Thread[] threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition done = lock.newCondition();
    private IntConsumer task;
    private long generation;
    private int pending;
    private Throwable failure;
    private boolean closed;

    GcThreads(int count, String name) {
        this.count = count;
        this.threads = new Thread[count - 1];
        for (int i = 1; i < count; i++) {
            int index = i;
            Thread t = new Thread(() -> loop(index), name + "-gc-" + i);
            t.setDaemon(true);
            threads[i - 1] = t;
            t.start();
        }
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public void run(IntConsumer t) {
        if (count == 1) {
            t.accept(0);
            return;
        }
        lock.lock();
        try {
            task = t;
            failure = null;
            pending = count - 1;
            generation++;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        Throwable own = null;
        try {
            t.accept(0);
        } catch (Throwable e) {
            own = e;
        }
        lock.lock();
        try {
            while (pending > 0) {
                done.awaitUninterruptibly();
            }
            task = null;
            if (own == null) {
                own = failure;
            }
        } finally {
            lock.unlock();
        }
        if (own instanceof RuntimeException re) {
            throw re;
        }
        if (own instanceof Error er) {
            throw er;
        }
        if (own != null) {
            throw new IllegalStateException(own);
        }
    }

    private void loop(int index) {
        long seen = 0;
        while (true) {
            IntConsumer t;
            lock.lock();
            try {
                while (generation == seen && !closed) {
                    work.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                seen = generation;
                t = task;
            } finally {
                lock.unlock();
            }
            Throwable err = null;
            try {
                t.accept(index);
            } catch (Throwable e) {
                err = e;
            }
            lock.lock();
            try {
                if (err != null && failure == null) {
                    failure = err;
                }
                if (--pending == 0) {
                    done.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
