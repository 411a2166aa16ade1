package org.korlang.gc.internal.generational;

import java.util.Arrays;

/** A GC thread's private stack of objects still to scan, spilling packets to a {@link WorkPool}. */
final class GreyStack {

    private long[] items = new long[1024];
    private int size;
    private int pushes;
    private final WorkPool pool;

    GreyStack(WorkPool pool) {
        this.pool = pool;
    }

    void push(long obj) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = obj;
        if ((++pushes & 63) == 0 && size > 2 * WorkPool.PACKET && pool.hungry()) {
            long[] packet = new long[WorkPool.PACKET + 1];
            packet[0] = WorkPool.PACKET;
            size -= WorkPool.PACKET;
            System.arraycopy(items, size, packet, 1, WorkPool.PACKET);
            pool.publish(packet);
        }
    }

    /** The next object of this thread's own stack, or 0 when it is empty. */
    long popLocal() {
        return size > 0 ? items[--size] : 0;
    }

    /** The next object, refilling from the pool when empty; 0 when all threads are done. */
    long pop() {
        if (size > 0) {
            return items[--size];
        }
        long[] p = pool.take();
        if (p == null) {
            return 0;
        }
        int n = (int) p[0];
        if (items.length < n) {
            items = new long[Math.max(n, 1024)];
        }
        System.arraycopy(p, 1, items, 0, n);
        size = n;
        return items[--size];
    }
}
