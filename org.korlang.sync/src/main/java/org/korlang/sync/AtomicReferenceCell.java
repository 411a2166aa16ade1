package org.korlang.sync;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An atomic reference cell whose atomic word lives in native memory, with the
 * {@link MemoryOrder} of every operation named. Compare-and-set compares references by
 * identity ({@code ==}). Null is a valid value. Made by {@link Sync#newAtomicReference(Object)}.
 *
 * <p>A moving garbage collector does not let native memory hold Java references, so the native
 * word holds a <em>stamp</em> — a number never reused within the cell — and the referent sits
 * in a side table under that stamp. Operations are linearizable at the native word; they cost
 * a table look-up more than a heap {@code AtomicReference}.
 */
public final class AtomicReferenceCell<T> {
    /*
     * Bytes 0..7 of the line: the current stamp. Java side: stamp -> referent (NULL for null),
     * and a stamp generator (bytes 8..15 of the line, a native getAndAdd).
     *
     * load:  s = word (with the asked order); return table[s]. If s is gone from the table, a
     *        writer replaced it after we read the word: read again (lock-free retry).
     * store: s' = new stamp; table[s'] = v; old = exchange(word, s'); remove table[old].
     * CAS:   s = word; if table[s] is not the expected referent, fail (linearized at the read
     *        of s — the stamp's referent never changes); else s' = new stamp with the new
     *        referent, CAS(word, s, s'); on success remove s, on failure remove s' and retry.
     *        Stamps are never reused, so the CAS has no ABA problem.
     * The table is a ConcurrentHashMap: a put happens-before the get that sees it, so the
     * referent is always safely published whatever order the word operation used.
     */
    private static final Object NULL = new Object();

    private final ByteBuffer words;
    private final int cell;
    private final int stamps;
    private final ConcurrentHashMap<Long, Object> table = new ConcurrentHashMap<>(4);

    AtomicReferenceCell(FutexSync sync, T initial) {
        Line line = sync.allocate(this);
        this.words = line.buffer;
        this.cell = line.offset;
        this.stamps = line.offset + Long.BYTES;
        long stamp = nextStamp();
        table.put(stamp, box(initial));
        Words.LONG.setVolatile(words, cell, stamp);
    }

    /** Reads the referent ({@code RELAXED}, {@code ACQUIRE} or {@code SEQ_CST}). */
    public T load(MemoryOrder order) {
        Objects.requireNonNull(order, "order").checkLoad();
        for (;;) {
            Object v = table.get(readStamp(order));
            if (v != null) {
                return unbox(v);
            }
        }
    }

    /** Writes the referent ({@code RELAXED}, {@code RELEASE} or {@code SEQ_CST}). */
    public void store(T value, MemoryOrder order) {
        Objects.requireNonNull(order, "order").checkStore();
        getAndSet(value, order == MemoryOrder.SEQ_CST ? MemoryOrder.SEQ_CST : MemoryOrder.RELEASE);
    }

    /** Replaces the referent; returns the previous one. */
    public T getAndSet(T value, MemoryOrder order) {
        Objects.requireNonNull(order, "order");
        long stamp = nextStamp();
        table.put(stamp, box(value));
        long old;
        switch (order) {
            case ACQUIRE: old = (long) Words.LONG.getAndSetAcquire(words, cell, stamp); break;
            case RELAXED:
            case RELEASE: old = (long) Words.LONG.getAndSetRelease(words, cell, stamp); break;
            default: old = (long) Words.LONG.getAndSet(words, cell, stamp); break;
        }
        return unbox(table.remove(old));
    }

    /** Sets the referent to {@code value} if it is {@code expected} (identity); returns whether it did. */
    public boolean compareAndSet(T expected, T value, MemoryOrder order) {
        Objects.requireNonNull(order, "order");
        Object want = box(expected);
        for (;;) {
            long stamp = readStamp(order == MemoryOrder.RELEASE || order == MemoryOrder.ACQ_REL ? MemoryOrder.SEQ_CST : order);
            Object current = table.get(stamp);
            if (current == null) {
                continue; // replaced meanwhile
            }
            if (current != want) {
                return false;
            }
            long next = nextStamp();
            table.put(next, box(value));
            boolean set;
            switch (order) {
                case RELAXED:
                case ACQUIRE: set = (long) Words.LONG.compareAndExchangeAcquire(words, cell, stamp, next) == stamp; break;
                case RELEASE: set = (long) Words.LONG.compareAndExchangeRelease(words, cell, stamp, next) == stamp; break;
                default: set = (boolean) Words.LONG.compareAndSet(words, cell, stamp, next); break;
            }
            if (set) {
                table.remove(stamp);
                return true;
            }
            table.remove(next);
        }
    }

    @Override
    public String toString() {
        return String.valueOf(load(MemoryOrder.SEQ_CST));
    }

    private long readStamp(MemoryOrder order) {
        switch (order) {
            case RELAXED: return (long) Words.LONG.getOpaque(words, cell);
            case ACQUIRE: return (long) Words.LONG.getAcquire(words, cell);
            default: return (long) Words.LONG.getVolatile(words, cell);
        }
    }

    private long nextStamp() {
        return (long) Words.LONG.getAndAdd(words, stamps, 1L);
    }

    private static Object box(Object v) {
        return v == null ? NULL : v;
    }

    @SuppressWarnings("unchecked")
    private T unbox(Object v) {
        return v == NULL ? null : (T) v;
    }
}
