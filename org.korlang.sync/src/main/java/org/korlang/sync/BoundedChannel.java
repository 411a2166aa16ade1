package org.korlang.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The bounded channel's queue: a ring of `capacity` slots with per-slot stamps (Dmitry
 * Vyukov's bounded MPMC queue), extended with a close bit in the tail.
 *
 * head and tail are 64-bit positions: bits below MARK are the slot index, the bits above
 * LAP count laps (LAP = 2*MARK, MARK = the power of two above capacity), and bit MARK of the
 * tail means "closed". A slot's stamp says whose turn it is:
 *   stamp == tail     -> free for the sender whose tail position it is,
 *   stamp == head + 1 -> holds the element for the receiver at that head position,
 * and a sender publishes with stamp = tail + 1, a receiver frees with stamp = head + LAP.
 *
 * send:    t = tail; if closed bit -> SHUT. If the slot's stamp == t, CAS tail t -> next
 *          position; the winner writes the element, then releases the stamp. If the stamp is
 *          one lap behind (stamp + LAP == t + 1) the ring may be full: after a full fence,
 *          head + LAP == t means FULL. Otherwise another sender is mid-write: spin and retry.
 * receive: h = head; if the slot's stamp == h + 1, CAS head h -> next; the winner takes the
 *          element and releases the stamp one lap ahead. If stamp == h the ring may be
 *          empty: after a full fence, tail (without the mark) == h means EMPTY, or CLOSED if
 *          the mark is set.
 * close:   tail |= MARK (getAndBitwiseOr): every later send sees the mark and fails, and a
 *          send that won its CAS before is already counted in the tail that receivers drain.
 *
 * head and tail are Java longs 128 bytes apart in a long[] (no false sharing between the
 * producers' and consumers' hot words); stamps are a long[], elements an Object[] written
 * before the stamp's release and read after its acquire.
 */
final class BoundedChannel<T> extends Channel<T> {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Largest capacity: indexes and the mark must stay below the lap bits of an int-sized ring. */
    static final int MAX_CAPACITY = 1 << 30;
    private static final int HEAD = 8;
    private static final int TAIL = 24;

    private final int cap;
    private final long mark;
    private final long lap;
    private final long[] cursors = new long[32];
    private final long[] stamps;
    private final Object[] slots;

    BoundedChannel(FutexSync sync, int capacity) {
        super(sync);
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("channel capacity must lie in [1, " + MAX_CAPACITY + "]: " + capacity);
        }
        this.cap = capacity;
        this.mark = Long.highestOneBit((long) capacity) << 1;
        this.lap = mark << 1;
        this.stamps = new long[capacity];
        this.slots = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            stamps[i] = i;
        }
        VarHandle.releaseFence();
    }

    @Override
    int offer(Object value) {
        long t = (long) LONGS.getVolatile(cursors, TAIL);
        int spins = 0;
        for (;;) {
            if ((t & mark) != 0) {
                return SHUT;
            }
            int index = (int) (t & (mark - 1));
            long stamp = (long) LONGS.getAcquire(stamps, index);
            if (stamp == t) {
                long next = index + 1 < cap ? t + 1 : (t & -lap) + lap;
                long witness = (long) LONGS.compareAndExchange(cursors, TAIL, t, next);
                if (witness == t) {
                    slots[index] = value;
                    LONGS.setRelease(stamps, index, t + 1);
                    return OK;
                }
                t = witness;
            } else if (stamp + lap == t + 1) {
                VarHandle.fullFence();
                long h = (long) LONGS.getVolatile(cursors, HEAD);
                if (h + lap == t) {
                    return FULL;
                }
                t = (long) LONGS.getVolatile(cursors, TAIL);
            } else {
                spins = backoff(spins);
                t = (long) LONGS.getVolatile(cursors, TAIL);
            }
        }
    }

    @Override
    Object poll() {
        long h = (long) LONGS.getVolatile(cursors, HEAD);
        int spins = 0;
        for (;;) {
            int index = (int) (h & (mark - 1));
            long stamp = (long) LONGS.getAcquire(stamps, index);
            if (stamp == h + 1) {
                long next = index + 1 < cap ? h + 1 : (h & -lap) + lap;
                long witness = (long) LONGS.compareAndExchange(cursors, HEAD, h, next);
                if (witness == h) {
                    Object value = slots[index];
                    slots[index] = null;
                    LONGS.setRelease(stamps, index, h + lap);
                    return value;
                }
                h = witness;
            } else if (stamp == h) {
                VarHandle.fullFence();
                long t = (long) LONGS.getVolatile(cursors, TAIL);
                if ((t & ~mark) == h) {
                    return (t & mark) != 0 ? CLOSED : EMPTY;
                }
                h = (long) LONGS.getVolatile(cursors, HEAD);
            } else {
                spins = backoff(spins);
                h = (long) LONGS.getVolatile(cursors, HEAD);
            }
        }
    }

    @Override
    boolean markClosed() {
        return ((long) LONGS.getAndBitwiseOr(cursors, TAIL, mark) & mark) == 0;
    }

    @Override
    boolean mayReceive() {
        long h = (long) LONGS.getOpaque(cursors, HEAD);
        return (long) LONGS.getAcquire(stamps, (int) (h & (mark - 1))) == h + 1 || isClosed();
    }

    @Override
    boolean maySend() {
        long t = (long) LONGS.getOpaque(cursors, TAIL);
        return (t & mark) != 0 || (long) LONGS.getAcquire(stamps, (int) (t & (mark - 1))) == t;
    }

    @Override
    boolean hasElements() {
        return size() > 0;
    }

    @Override
    public boolean isClosed() {
        return ((long) LONGS.getVolatile(cursors, TAIL) & mark) != 0;
    }

    @Override
    public int size() {
        for (;;) {
            long t = (long) LONGS.getVolatile(cursors, TAIL);
            long h = (long) LONGS.getVolatile(cursors, HEAD);
            if ((long) LONGS.getVolatile(cursors, TAIL) == t) {
                long hi = h & (mark - 1);
                long ti = t & (mark - 1);
                if (hi < ti) {
                    return (int) (ti - hi);
                } else if (hi > ti) {
                    return (int) (cap - hi + ti);
                } else {
                    return (t & ~mark) == h ? 0 : cap;
                }
            }
        }
    }

    @Override
    public int capacity() {
        return cap;
    }

    /** Another thread is between its CAS and its stamp store: spin, then yield. */
    private static int backoff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return spins + 1;
    }
}
