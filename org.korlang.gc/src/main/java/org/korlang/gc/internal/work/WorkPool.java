package org.korlang.gc.internal.work;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Work sharing between GC threads, with termination detection.
 *
 * <p>Each GC thread keeps its grey objects on a private stack; when its stack is deep and the pool is
 * empty (other threads may be starving) it publishes a packet of them here. A thread whose stack is
 * empty takes a packet; if there is none it counts itself idle and spins until either a packet
 * appears (it un-counts itself and takes it) or every thread is idle — then no thread can publish
 * any more work, so all are done. A thread that leaves early while a packet is still queued is safe:
 * the publisher of that packet is not idle until it sees the queue, and it takes the packet itself.
 */
public final class WorkPool {

    static final int PACKET = 256;

    private final ConcurrentLinkedQueue<long[]> packets = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idle = new AtomicInteger();
    private final int workers;
    private volatile boolean aborted;

    public WorkPool(int workers) {
        this.workers = workers;
    }

    /** A thread failed: every other thread stops taking work (the heap is then reported corrupt). */
    public void abort() {
        aborted = true;
    }

    public boolean aborted() {
        return aborted;
    }

    public boolean parallel() {
        return workers > 1;
    }

    public boolean hungry() {
        return workers > 1 && packets.isEmpty();
    }

    void publish(long[] packet) {
        packets.add(packet);
    }

    /** A packet to work on, or null when all work is done. Packet layout: [count, entries...]. */
    long[] take() {
        long[] p = packets.poll();
        if (aborted) {
            return null;
        }
        if (p != null || workers == 1) {
            return p;
        }
        idle.incrementAndGet();
        int spins = 0;
        while (true) {
            if (!packets.isEmpty()) {
                idle.decrementAndGet();
                p = packets.poll();
                if (p != null) {
                    return p;
                }
                idle.incrementAndGet();
            }
            if (idle.get() >= workers || aborted) {
                return null;
            }
            // back off: spin briefly, then yield, then park, so that an idle GC thread does not take
            // the processor from the one that still has work (2 cores, often shared)
            if (++spins < 64) {
                Thread.onSpinWait();
            } else if (spins < 128) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
    }
}
