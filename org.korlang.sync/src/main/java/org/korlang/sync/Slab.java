package org.korlang.sync;

import java.nio.ByteBuffer;

/*
 * A run of native memory mapped by Os.mmapAnonymous and carved into 64-byte lines.
 *
 * Free lines are kept on an int stack (LIFO: a freed line is reused first while it is still in
 * the cache). A line goes back on the stack zeroed, so every new owner starts from all-zero
 * words. The slab itself is guarded by the arena's monitor; it never unmaps itself.
 */
final class Slab {
    final long address;
    final int bytes;
    final ByteBuffer buffer;
    private final int[] free;
    private int freeCount;

    Slab(long address, int bytes, ByteBuffer buffer) {
        if (buffer.capacity() < bytes || !buffer.isDirect()) {
            throw new IllegalStateException("Os.memory returned an unusable buffer for a slab of " + bytes + " bytes");
        }
        if ((address & (Line.BYTES - 1)) != 0) {
            throw new IllegalStateException("slab at 0x" + Long.toHexString(address) + " is not line-aligned");
        }
        this.address = address;
        this.bytes = bytes;
        this.buffer = buffer;
        int lines = bytes / Line.BYTES;
        this.free = new int[lines];
        // hand out low lines first
        for (int i = 0; i < lines; i++) {
            free[i] = lines - 1 - i;
        }
        this.freeCount = lines;
    }

    int lines() { return free.length; }

    int freeLines() { return freeCount; }

    boolean isFull() { return freeCount == 0; }

    boolean isEmpty() { return freeCount == free.length; }

    /** Pops a free line index; the caller checked {@link #isFull()}. */
    int take() {
        return free[--freeCount];
    }

    /** Zeroes line {@code index} and pushes it back. */
    void give(int index) {
        int base = index * Line.BYTES;
        for (int i = 0; i < Line.BYTES; i += Long.BYTES) {
            buffer.putLong(base + i, 0L);
        }
        free[freeCount++] = index;
    }
}
