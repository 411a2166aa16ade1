package org.korlang.gc.internal.work;

import java.util.Arrays;

/** A GC thread's private stack of objects still to scan, spilling packets to a {@link WorkPool}. */
public final class GreyStack {

    /** Stack depth from which a thread gives work to idle ones. */
    static final int SHARE_MIN = 8;

    private long[] items = new long[1024];
    private int size;
    private int pushes;
    private final WorkPool pool;

    public GreyStack(WorkPool pool) {
        this.pool = pool;
    }

    public void push(long obj) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = obj;
        if ((++pushes & 15) == 0 && size >= SHARE_MIN && pool.hungry()) {
            share();
        }
    }

    /**
     * Publishes the bottom half of the stack: in a depth-first traversal those are the entries
     * closest to the roots, i.e. the largest pending subgraphs — the best work to give away.
     */
    private void share() {
        int n = Math.min(size / 2, WorkPool.PACKET);
        long[] packet = new long[n + 1];
        packet[0] = n;
        System.arraycopy(items, 0, packet, 1, n);
        System.arraycopy(items, n, items, 0, size - n);
        size -= n;
        pool.publish(packet);
    }

    /** The next object of this thread's own stack, or 0 when it is empty. */
    public long popLocal() {
        return size > 0 ? items[--size] : 0;
    }

    /** The next object, refilling from the pool when empty; 0 when all threads are done. */
    public long pop() {
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
