package org.korlang.gc.internal.core;

import java.util.Arrays;

import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HandleMisuseException;

/**
 * Global handles: reference slots in fixed-size {@code long[]} chunks that never move (so a mutator's
 * plain write to a slot is never lost to a resize), a free list of slot numbers, and a
 * {@link GlobalHandle} object per open slot. A slot holds the untagged address or 0; free slots hold 0,
 * so the collector can scan every chunk without consulting the free list.
 */
final class GlobalHandles {

    static final int CHUNK = 1024;

    private volatile long[][] chunks = new long[0][];
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int capacity;
    private int open;

    synchronized Global open(long address) {
        if (freeCount == 0) {
            long[][] grown = Arrays.copyOf(chunks, chunks.length + 1);
            grown[chunks.length] = new long[CHUNK];
            if (freeSlots.length < CHUNK) {
                freeSlots = Arrays.copyOf(freeSlots, CHUNK);
            }
            for (int i = CHUNK - 1; i >= 0; i--) {
                freeSlots[freeCount++] = capacity + i;
            }
            capacity += CHUNK;
            chunks = grown;
        }
        int slot = freeSlots[--freeCount];
        chunks[slot / CHUNK][slot % CHUNK] = address;
        open++;
        return new Global(this, slot);
    }

    synchronized void close(Global g) {
        chunks[g.slot / CHUNK][g.slot % CHUNK] = 0;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = g.slot;
        open--;
    }

    long get(Global g) {
        if (!g.open) {
            throw new HandleMisuseException("global handle " + g.slot + " is closed");
        }
        return chunks[g.slot / CHUNK][g.slot % CHUNK];
    }

    void set(Global g, long address) {
        if (!g.open) {
            throw new HandleMisuseException("global handle " + g.slot + " is closed");
        }
        chunks[g.slot / CHUNK][g.slot % CHUNK] = address;
    }

    /** The chunks, for root scanning while the world is stopped. */
    long[][] chunks() {
        return chunks;
    }

    synchronized int openCount() {
        return open;
    }

    /** One open global slot. */
    static final class Global implements GlobalHandle {
        final GlobalHandles owner;
        final int slot;
        volatile boolean open = true;

        Global(GlobalHandles owner, int slot) {
            this.owner = owner;
            this.slot = slot;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            synchronized (owner) {
                if (open) {
                    open = false;
                    owner.close(this);
                }
            }
        }

        @Override
        public String toString() {
            return "GlobalHandle#" + slot + (open ? "" : " (closed)");
        }
    }
}
