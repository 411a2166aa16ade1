package org.korlang.gc.internal.core;

import java.util.Arrays;

import org.korlang.gc.spi.RememberedSet;

/**
 * The heap-level part of the remembered set: objects flushed from full mutator buffers, from
 * detached mutators and re-logged by the collector. Each mutator logs into its own buffer first
 * (no lock on the barrier path); {@link #drain()} gathers all while the world is stopped.
 */
final class Remembered implements RememberedSet {

    private final ManagedHeap heap;
    private long[] entries = new long[1024];
    private int count;

    Remembered(ManagedHeap heap) {
        this.heap = heap;
    }

    @Override
    public synchronized void addAll(long[] objects, int n) {
        if (count + n > entries.length) {
            entries = Arrays.copyOf(entries, Math.max(entries.length * 2, count + n));
        }
        System.arraycopy(objects, 0, entries, count, n);
        count += n;
    }

    @Override
    public synchronized long[] drain() {
        for (MutatorImpl m : heap.mutatorList()) {
            m.flushRemembered(this);
        }
        long[] out = Arrays.copyOf(entries, count);
        count = 0;
        if (entries.length > 1 << 16) {
            entries = new long[1024];
        }
        return out;
    }

    @Override
    public synchronized long[] snapshot() {
        long[] out = Arrays.copyOf(entries, count);
        int n = count;
        for (MutatorImpl m : heap.mutatorList()) {
            long[] b = m.rememberedBuffer();
            int c = m.rememberedCount();
            out = Arrays.copyOf(out, n + c);
            System.arraycopy(b, 0, out, n, c);
            n += c;
        }
        return out;
    }
}
