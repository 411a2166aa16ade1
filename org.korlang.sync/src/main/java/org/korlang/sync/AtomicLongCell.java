package org.korlang.sync;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A 64-bit atomic cell in native memory (8-byte aligned, in a cache line of its own), whose
 * every operation names its {@link MemoryOrder}. Made by {@link Sync#newAtomicLong(long)}.
 */
public final class AtomicLongCell {
    /*
     * The cell is bytes 0..7 of this object's line, accessed through a long byte-buffer view
     * VarHandle: each MemoryOrder selects the matching access mode (see MemoryOrder). The
     * native address is stable for the cell's life, so native code (or the kernel) may be given
     * it; Java only ever touches it through the checked buffer.
     */
    private final ByteBuffer words;
    private final int cell;
    private final long address;

    AtomicLongCell(FutexSync sync, long initial) {
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.cell = line.offset;
        this.address = line.address;
        Words.LONG.setVolatile(words, cell, initial);
    }

    /** The native address of the cell (for diagnostics and native peers; never dereferenced here). */
    public long address() {
        return address;
    }

    /** Reads the cell ({@code RELAXED}, {@code ACQUIRE} or {@code SEQ_CST}). */
    public long load(MemoryOrder order) {
        switch (Objects.requireNonNull(order, "order")) {
            case RELAXED: return (long) Words.LONG.getOpaque(words, cell);
            case ACQUIRE: return (long) Words.LONG.getAcquire(words, cell);
            case SEQ_CST: return (long) Words.LONG.getVolatile(words, cell);
            default: order.checkLoad(); throw new AssertionError(order);
        }
    }

    /** Writes the cell ({@code RELAXED}, {@code RELEASE} or {@code SEQ_CST}). */
    public void store(long value, MemoryOrder order) {
        switch (Objects.requireNonNull(order, "order")) {
            case RELAXED: Words.LONG.setOpaque(words, cell, value); return;
            case RELEASE: Words.LONG.setRelease(words, cell, value); return;
            case SEQ_CST: Words.LONG.setVolatile(words, cell, value); return;
            default: order.checkStore(); throw new AssertionError(order);
        }
    }

    /** Sets the cell to {@code value} if it holds {@code expected}; returns whether it did. */
    public boolean compareAndSet(long expected, long value, MemoryOrder order) {
        switch (Objects.requireNonNull(order, "order")) {
            case RELAXED:
                do {
                    if ((boolean) Words.LONG.weakCompareAndSetPlain(words, cell, expected, value)) {
                        return true;
                    }
                } while ((long) Words.LONG.getOpaque(words, cell) == expected);
                return false;
            case ACQUIRE: return (long) Words.LONG.compareAndExchangeAcquire(words, cell, expected, value) == expected;
            case RELEASE: return (long) Words.LONG.compareAndExchangeRelease(words, cell, expected, value) == expected;
            default: return (boolean) Words.LONG.compareAndSet(words, cell, expected, value);
        }
    }

    /** Adds {@code delta}; returns the previous value. */
    public long getAndAdd(long delta, MemoryOrder order) {
        switch (Objects.requireNonNull(order, "order")) {
            case ACQUIRE: return (long) Words.LONG.getAndAddAcquire(words, cell, delta);
            case RELAXED:
            case RELEASE: return (long) Words.LONG.getAndAddRelease(words, cell, delta);
            default: return (long) Words.LONG.getAndAdd(words, cell, delta);
        }
    }

    /** Replaces the value; returns the previous one. */
    public long getAndSet(long value, MemoryOrder order) {
        switch (Objects.requireNonNull(order, "order")) {
            case ACQUIRE: return (long) Words.LONG.getAndSetAcquire(words, cell, value);
            case RELAXED:
            case RELEASE: return (long) Words.LONG.getAndSetRelease(words, cell, value);
            default: return (long) Words.LONG.getAndSet(words, cell, value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(load(MemoryOrder.SEQ_CST));
    }
}
