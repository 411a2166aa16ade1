package org.korlang.sync;

import java.lang.ref.Reference;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A multi-producer multi-consumer FIFO channel, bounded ({@link Sync#newChannel(int)}) or
 * unbounded ({@link Sync#newUnboundedChannel()}), with close.
 *
 * <ul>
 * <li>Elements are received in the order their sends took effect; null is not an element.</li>
 * <li>{@link #send} waits while a bounded channel is full; {@link #receive} waits while the
 *     channel is empty and open.</li>
 * <li>{@link #close()}: later sends, and sends waiting for room, throw
 *     {@link ChannelClosedException}; receivers first drain every element sent before the close,
 *     then get {@code ChannelClosedException} ({@link #tryReceive()} too). A send either
 *     completes before the close (and its element will be received) or fails.</li>
 * <li>{@link Select} waits on several channels at once.</li>
 * </ul>
 */
public abstract sealed class Channel<T> permits BoundedChannel, UnboundedChannel {
    /*
     * The subclasses are lock-free queues whose close is part of the queue's own atomic state
     * (a mark bit in the bounded ring's tail, a sealed end node in the unbounded list), so a
     * send and a close are ordered by one atomic operation: no element can slip in after the
     * close, and no receiver can report "closed" while an element sent before it is still there.
     *
     * Blocking lives here: two Events in the channel's line (notEmpty: words 0-1, notFull:
     * words 2-3; see Event for the futex protocol). A successful send signals notEmpty, a
     * successful receive signals notFull (each a single read unless someone has gone to sleep
     * since the last wake), close wakes everyone on both. Waiting receivers spin a little, then
     * register on notEmpty, mark it, re-check, and sleep. A receiver that leaves the wait loop
     * while elements remain — it took one and more are there, or it gave up on a timeout or
     * an interrupt — wakes the next registered receiver (the wake chain that makes one wake per
     * hand-over enough). Senders on a full bounded channel mirror this on notFull.
     */

    /** poll() result: nothing there now. */
    static final Object EMPTY = new Object();
    /** poll() result: closed and drained. */
    static final Object CLOSED = new Object();
    /** offer() results. */
    static final int OK = 0;
    static final int FULL = 1;
    static final int SHUT = 2;

    final FutexSync sync;
    final Event notEmpty;
    final Event notFull;

    Channel(FutexSync sync) {
        this.sync = sync;
        Line line = sync.allocate(this);
        this.notEmpty = new Event(sync, line, 0);
        this.notFull = new Event(sync, line, 2);
    }

    // ------------------------------------------------------------------ the queue underneath

    /** Adds {@code value} if possible now: OK, FULL or SHUT. */
    abstract int offer(Object value);

    /** Removes the head: the element, {@link #EMPTY} or {@link #CLOSED}. */
    abstract Object poll();

    /** Closes the queue; true if this call did. */
    abstract boolean markClosed();

    /** Whether an element is there now. */
    abstract boolean hasElements();

    /**
     * A cheap hint for spinning receivers: whether the head may hold an element (or the channel
     * may be closed). One read of a word that a sender writes once, so spinning on it does not
     * disturb the senders' hot words the way a full poll would.
     */
    abstract boolean mayReceive();

    /** The same hint for spinning senders: whether the tail slot may be free (or closed). */
    abstract boolean maySend();

    // ------------------------------------------------------------------------------- public

    /** Whether {@link #close()} was called. */
    public abstract boolean isClosed();

    /** Elements in the channel now (a snapshot; O(n) for the unbounded channel). */
    public abstract int size();

    /** The capacity; {@link Integer#MAX_VALUE} for an unbounded channel. */
    public abstract int capacity();

    /**
     * Sends {@code value}, waiting while the channel is full.
     *
     * @throws ChannelClosedException if the channel is, or while waiting becomes, closed
     * @throws InterruptedException   if interrupted while waiting (nothing was sent)
     */
    public final void send(T value) throws InterruptedException {
        Objects.requireNonNull(value, "a channel element cannot be null");
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        sendCore(value, false, 0L);
    }

    /**
     * Sends {@code value} if there is room within the timeout.
     *
     * @return whether it was sent
     * @throws ChannelClosedException if the channel is, or while waiting becomes, closed
     */
    public final boolean send(T value, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(value, "a channel element cannot be null");
        long nanos = FutexSync.nanos(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return sendCore(value, FutexSync.bounded(nanos), nanos);
    }

    /**
     * Sends {@code value} if there is room now.
     *
     * @return whether it was sent (false: full)
     * @throws ChannelClosedException if the channel is closed
     */
    public final boolean trySend(T value) {
        Objects.requireNonNull(value, "a channel element cannot be null");
        int r = offerAndSignal(value);
        if (r == SHUT) {
            throw closedForSend();
        }
        return r == OK;
    }

    /**
     * Receives the next element, waiting while the channel is empty and open.
     *
     * @throws ChannelClosedException when the channel is closed and drained
     * @throws InterruptedException   if interrupted while waiting (nothing was received)
     */
    public final T receive() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return element(receiveCore(false, 0L));
    }

    /**
     * Receives the next element if one arrives within the timeout.
     *
     * @return the element, or {@code null} if the timeout elapsed
     * @throws ChannelClosedException when the channel is closed and drained
     */
    public final T receive(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Object r = receiveCore(FutexSync.bounded(nanos), nanos);
        return r == EMPTY ? null : element(r);
    }

    /**
     * Receives the next element if one is there now.
     *
     * @return the element, or {@code null} if the channel is empty (and open)
     * @throws ChannelClosedException when the channel is closed and drained
     */
    public final T tryReceive() {
        Object r = pollAndSignal();
        return r == EMPTY ? null : element(r);
    }

    /**
     * Closes the channel: see the class comment. Idempotent.
     *
     * @return whether this call closed it
     */
    public final boolean close() {
        if (!markClosed()) {
            return false;
        }
        notEmpty.signalForced(Integer.MAX_VALUE);
        notFull.signalForced(Integer.MAX_VALUE);
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[size=" + size() + ", capacity=" + capacity()
                + (isClosed() ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------------- used by Select

    /** offer() that wakes a receiver when one may wait. */
    final int offerAndSignal(Object value) {
        int r = offer(value);
        if (r == OK && notEmpty.mayHaveSleepers()) {
            notEmpty.signal();
        }
        return r;
    }

    /** poll() that wakes a sender when one may wait. */
    final Object pollAndSignal() {
        Object r = poll();
        if (r != EMPTY && r != CLOSED && notFull.mayHaveSleepers()) {
            notFull.signal();
        }
        return r;
    }

    final ChannelClosedException closedForSend() {
        return new ChannelClosedException("send on a closed channel");
    }

    @SuppressWarnings("unchecked")
    final T element(Object r) {
        if (r == CLOSED) {
            throw new ChannelClosedException("receive on a closed and drained channel");
        }
        return (T) r;
    }

    // ------------------------------------------------------------------------------ waiting

    /**
     * Returns the element, CLOSED, or EMPTY when the timeout passed. The deadline is computed
     * only once the first attempt failed: the clock is not read on the fast path.
     */
    private Object receiveCore(boolean timed, long nanos) throws InterruptedException {
        Object r = pollAndSignal();
        if (r != EMPTY) {
            return r;
        }
        long deadline = timed ? FutexSync.deadline(nanos) : 0L;
        for (int i = sync.spinLimit(); i > 0; i--) {
            Thread.onSpinWait();
            if (mayReceive()) {
                r = pollAndSignal();
                if (r != EMPTY) {
                    return r;
                }
            }
        }
        notEmpty.begin();
        try {
            for (;;) {
                int key = notEmpty.prepare();
                r = pollAndSignal();
                if (r != EMPTY) {
                    return r;
                }
                if (!notEmpty.park(key, timed, deadline, true)) {
                    return EMPTY;
                }
            }
        } finally {
            if (notEmpty.end() > 0 && hasElements()) {
                notEmpty.signalForced(1); // wake chain: the next receiver has work
            }
            Reference.reachabilityFence(this);
        }
    }

    /** Returns true when sent, false when the timeout passed; throws when closed. */
    private boolean sendCore(Object value, boolean timed, long nanos) throws InterruptedException {
        int r = offerAndSignal(value);
        if (r == OK) {
            return true;
        }
        if (r == SHUT) {
            throw closedForSend();
        }
        long deadline = timed ? FutexSync.deadline(nanos) : 0L;
        for (int i = sync.spinLimit(); i > 0; i--) {
            Thread.onSpinWait();
            if (maySend()) {
                r = offerAndSignal(value);
                if (r == OK) {
                    return true;
                }
                if (r == SHUT) {
                    throw closedForSend();
                }
            }
        }
        notFull.begin();
        try {
            for (;;) {
                int key = notFull.prepare();
                r = offerAndSignal(value);
                if (r == OK) {
                    return true;
                }
                if (r == SHUT) {
                    throw closedForSend();
                }
                if (!notFull.park(key, timed, deadline, true)) {
                    return false;
                }
            }
        } finally {
            if (notFull.end() > 0 && !isClosed() && size() < capacity()) {
                notFull.signalForced(1); // wake chain: the next sender has room
            }
            Reference.reachabilityFence(this);
        }
    }
}
