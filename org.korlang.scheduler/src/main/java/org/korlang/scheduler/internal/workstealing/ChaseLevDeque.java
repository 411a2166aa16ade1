package org.korlang.scheduler.internal.workstealing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * A Chase-Lev work-stealing deque (Chase and Lev, SPAA 2005), with the memory orderings of Lê,
 * Pop, Cohen and Zappa Nardelli, "Correct and Efficient Work-Stealing for Weak Memory Models"
 * (PPoPP 2013), mapped onto Java {@link VarHandle} access modes.
 *
 * <p><b>Shape.</b> A circular array indexed by two ever-growing counters, {@code top} and
 * {@code bottom}; the elements are {@code array[i & mask]} for {@code top <= i < bottom}. One thread,
 * the owner, pushes and pops at the bottom (LIFO); any thread steals at the top (FIFO) with a CAS on
 * {@code top}. When a push finds the array full, the owner copies the live range into an array twice
 * as large and publishes it; the old array is never written again, so a thief that still reads it
 * reads the same elements. The array never shrinks. The counters are {@code long}s, so they cannot
 * wrap in the lifetime of a process.
 *
 * <p><b>Invariants.</b> Only the owner writes {@code bottom} and {@code array}; {@code top} only
 * increases, and only through a successful CAS (by a thief, or by the owner when it takes the last
 * element). Every index in {@code [top, bottom)} is taken by exactly one thread: the one whose CAS
 * moves {@code top} past it, or the owner's pop when it can prove that no thief can reach it.
 *
 * <p><b>Memory ordering.</b>
 * <ul>
 * <li>push: the element store is plain, then {@code bottom} is published with a <i>release</i> store.
 * A thief that reads the new {@code bottom} with <i>acquire</i> therefore sees the element (and, after
 * a grow, the new array, which is published with a release store before {@code bottom} moves).</li>
 * <li>pop: the owner first lowers {@code bottom} (reserving index {@code b}), then a <i>full fence</i>,
 * then reads {@code top}. A thief reads {@code top}, a <i>full fence</i>, then {@code bottom}. The two
 * fences are ordered in the single total order of sequentially-consistent fences, so at least one side
 * sees the other's write: either the thief sees the lowered {@code bottom} (and does not take index
 * {@code b}), or the owner sees the thief's {@code top}. This store-load ordering is exactly what plain
 * release/acquire cannot give; without the fences both could take the same element.</li>
 * <li>When the owner sees {@code top == b} (one element left) it races the thieves with the same CAS
 * on {@code top}; whoever wins takes it. If {@code top > b} the deque was empty and the owner restores
 * {@code bottom}.</li>
 * <li>steal: after the fences, if {@code top < bottom}, the thief reads the element and then tries
 * {@code CAS(top, t, t + 1)}. If the CAS fails, another thief or the owner took index {@code t}; the
 * value read (possibly stale, if the owner already wrapped around and reused the slot) is discarded
 * and the thief retries. A successful CAS proves {@code top} was still {@code t}, so the owner could
 * not have reused slot {@code t} (it only writes index {@code i} when {@code i - top < capacity}).</li>
 * </ul>
 *
 * <p><b>Why thieves take one element per CAS.</b> A batched steal ("take half with one CAS from
 * {@code t} to {@code t + k}") is not safe on this deque: the owner pops without a CAS whenever it sees
 * more than one element, and a thief that read {@code bottom} before several such pops may then move
 * {@code top} over indices the owner has already taken. The work-stealing policy's "steal half" is
 * therefore a loop of single steals ({@link #steal()}), each one linearizable on its own.
 *
 * <p><b>Garbage.</b> Nobody clears a slot when taking its element: a thief cannot (the owner may
 * already be reusing the slot), and an owner pop could race a stale thief that is about to win the
 * same index after a re-push. Instead the owner clears, on its next push, the slots of indices below
 * {@code top} — indices no CAS can take any more — that no live index has reused, and slots it popped
 * are overwritten by its next pushes. Stale references are thus bounded by the capacity.
 *
 * <p>Checked by Lincheck (model checking and stress) in {@code ChaseLevDequeLincheckTest}: owner
 * push/pop/pollOldest against concurrent steals, against a sequential deque.
 */
public final class ChaseLevDeque<E> extends DequeOwnerFields {

    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle ARRAY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TOP = lookup.findVarHandle(DequeTopField.class, "top", long.class);
            BOTTOM = lookup.findVarHandle(DequeOwnerFields.class, "bottom", long.class);
            ARRAY = lookup.findVarHandle(DequeOwnerFields.class, "array", Object[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The largest capacity the deque grows to (2^30 elements). */
    public static final int MAX_CAPACITY = 1 << 30;

    /** Owner only: slots of indices below this are cleared (or were overwritten). */
    private long clearedTo;

    /**
     * An empty deque.
     *
     * @param initialCapacity rounded up to a power of two, at least 2
     * @throws IllegalArgumentException if {@code initialCapacity} is not in {@code [1, MAX_CAPACITY]}
     */
    public ChaseLevDeque(int initialCapacity) {
        if (initialCapacity < 1 || initialCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("initial capacity must be in [1, " + MAX_CAPACITY + "]: " + initialCapacity);
        }
        int capacity = Math.max(2, Integer.highestOneBit(initialCapacity - 1) << 1);
        ARRAY.setRelease(this, new Object[capacity]);
    }

    /**
     * Pushes at the bottom. Owner only.
     *
     * @throws NullPointerException if {@code element} is null
     * @throws IllegalStateException if the deque already holds {@link #MAX_CAPACITY} elements
     */
    public void push(E element) {
        Objects.requireNonNull(element, "element");
        long b = (long) BOTTOM.getOpaque(this);
        long t = (long) TOP.getAcquire(this);
        Object[] a = (Object[]) ARRAY.getOpaque(this);
        if (b - t > a.length - 1) {
            a = grow(a, t, b);
            clearedTo = t;
        } else if (clearedTo < t) {
            // Indices in [clearedTo, t) can no longer be taken (top has passed them). Their slots are
            // free unless a live index j + capacity < b reused them: start at b - capacity.
            int mask = a.length - 1;
            for (long j = Math.max(clearedTo, b - a.length); j < t; j++) {
                a[(int) j & mask] = null;
            }
            clearedTo = t;
        }
        a[(int) b & (a.length - 1)] = element;
        BOTTOM.setRelease(this, b + 1);
    }

    /** Pops at the bottom (the element pushed last), or returns null if empty. Owner only. */
    @SuppressWarnings("unchecked")
    public E pop() {
        long b = (long) BOTTOM.getOpaque(this) - 1;
        Object[] a = (Object[]) ARRAY.getOpaque(this);
        BOTTOM.setOpaque(this, b);
        VarHandle.fullFence();
        long t = (long) TOP.getOpaque(this);
        if (t > b) {
            // empty: undo the reservation
            BOTTOM.setOpaque(this, b + 1);
            return null;
        }
        Object element = a[(int) b & (a.length - 1)];
        if (t == b) {
            // the last element: race the thieves for it with their own CAS
            boolean won = TOP.compareAndSet(this, t, t + 1);
            BOTTOM.setOpaque(this, b + 1);
            if (!won) {
                return null;
            }
        }
        return (E) element;
    }

    /**
     * Takes the oldest element (at the top), or returns null if empty. Owner only: the owner's FIFO
     * take, used to round-robin yielding tasks. It competes with thieves through the same CAS on
     * {@code top} as {@link #steal()}, but needs no fence: the fence in {@code steal} orders a thief's
     * read of {@code top} before its read of {@code bottom} against the owner's pop, and here the
     * reader <i>is</i> the owner — {@code bottom} is its own variable, read in program order.
     */
    @SuppressWarnings("unchecked")
    public E pollOldest() {
        long b = (long) BOTTOM.getOpaque(this);
        for (;;) {
            long t = (long) TOP.getAcquire(this);
            if (t >= b) {
                return null;
            }
            Object[] a = (Object[]) ARRAY.getOpaque(this);
            Object element = a[(int) t & (a.length - 1)];
            if (TOP.compareAndSet(this, t, t + 1)) {
                return (E) element;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Steals at the top (the oldest element), or returns null if the deque is empty. Any thread,
     * including the owner. Retries when it loses a race, so null means the deque was empty at one
     * moment during the call.
     */
    @SuppressWarnings("unchecked")
    public E steal() {
        for (;;) {
            long t = (long) TOP.getAcquire(this);
            VarHandle.fullFence();
            long b = (long) BOTTOM.getAcquire(this);
            if (t >= b) {
                return null;
            }
            Object[] a = (Object[]) ARRAY.getAcquire(this);
            Object element = a[(int) t & (a.length - 1)];
            if (TOP.compareAndSet(this, t, t + 1)) {
                return (E) element;
            }
            Thread.onSpinWait();
        }
    }

    /** Owner only: the number of elements, from the owner's exact {@code bottom}. */
    long ownerSize() {
        long n = (long) BOTTOM.getOpaque(this) - (long) TOP.getAcquire(this);
        return n < 0 ? 0 : n;
    }

    /**
     * Owner only: the depth of {@code element} below the bottom (0 = the element pushed last), looking
     * at most {@code limit} elements deep, or -1 if not found there. A heuristic for joins: thieves may
     * take elements while it looks.
     */
    int ownerDepthOf(Object element, int limit) {
        long b = (long) BOTTOM.getOpaque(this);
        long t = (long) TOP.getAcquire(this);
        Object[] a = (Object[]) ARRAY.getOpaque(this);
        int mask = a.length - 1;
        int depth = 0;
        for (long i = b - 1; i >= t && depth < limit; i--, depth++) {
            if (a[(int) i & mask] == element) {
                return depth;
            }
        }
        return -1;
    }

    /** The number of elements at one moment (approximate while others push, pop or steal). */
    public int size() {
        long t = (long) TOP.getAcquire(this);
        long b = (long) BOTTOM.getAcquire(this);
        long n = b - t;
        return n <= 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Whether the deque looked empty at one moment during the call. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** The current array length. */
    public int capacity() {
        return ((Object[]) ARRAY.getAcquire(this)).length;
    }

    private Object[] grow(Object[] old, long t, long b) {
        if (old.length >= MAX_CAPACITY) {
            throw new IllegalStateException("work-stealing deque is full (" + MAX_CAPACITY + " tasks)");
        }
        Object[] grown = new Object[old.length << 1];
        for (long i = t; i < b; i++) {
            grown[(int) i & (grown.length - 1)] = old[(int) i & (old.length - 1)];
        }
        ARRAY.setRelease(this, grown);
        return grown;
    }
}
