package org.korlang.sync;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Waits until one of several channel operations can proceed, performs exactly that one, and
 * says which (Go's {@code select}).
 *
 * <pre>{@code
 * Select select = sync.newSelect();
 * Select.ReceiveCase<String> names = select.receive(nameChannel);
 * Select.ReceiveCase<Integer> ages = select.receive(ageChannel);
 * Select.SendCase<String> out = select.send(outChannel, "ping");
 * Select.Case fired = select.await();
 * if (fired == names) { if (names.isClosed()) ...; else use(names.value()); }
 * }</pre>
 *
 * <p>A receive case fires with an element, or — when its channel is closed and drained — with
 * {@link ReceiveCase#isClosed()} true (disable it with {@link Case#setEnabled} to stop
 * selecting it). A send case on a closed channel makes the select throw
 * {@link ChannelClosedException}. When several cases are ready, the scan starts at a
 * different case each time, so no ready case is starved. A Select is used by one thread at a
 * time; it can be awaited again and again. Made by {@link Sync#newSelect()}.
 */
public final class Select {
    /*
     * The select owns an Event in its own line. await: try every enabled case (non-blocking
     * poll/offer); if none is ready, spin a little, then begin() on the own event, register
     * it with each case's channel event (notEmpty for receive, notFull for send), and loop
     * { key = prepare(); try every case; park(key) }. A channel signals every registered select on each
     * change, after the change, so a change after the key was read makes the park return and
     * a change before it is seen by the re-check (Event's argument). Registrations are
     * removed when await returns. The select performs at most one operation per await: it
     * stops at the first case that succeeds.
     */

    /** One operation of a select. */
    public abstract static sealed class Case permits ReceiveCase, SendCase {
        final Channel<?> channel;
        final int index;
        boolean enabled = true;

        Case(Channel<?> channel, int index) {
            this.channel = channel;
            this.index = index;
        }

        /** The position of this case among its select's cases (0 for the first added). */
        public final int index() {
            return index;
        }

        /** The channel of this case. */
        public final Channel<?> channel() {
            return channel;
        }

        /** Whether the select considers this case. */
        public final boolean isEnabled() {
            return enabled;
        }

        /** Includes or excludes this case from later awaits. */
        public final void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Tries the operation now; true if it fired. */
        abstract boolean attempt();

        abstract Event event();
    }

    /** Receives from a channel. */
    public static final class ReceiveCase<T> extends Case {
        private T value;
        private boolean closed;

        ReceiveCase(Channel<T> channel, int index) {
            super(channel, index);
        }

        /** The element received when this case last fired ({@code null} if it fired closed). */
        public T value() {
            return value;
        }

        /** Whether this case last fired because its channel is closed and drained. */
        public boolean isClosed() {
            return closed;
        }

        @Override
        @SuppressWarnings("unchecked")
        boolean attempt() {
            Object r = channel.pollAndSignal();
            if (r == Channel.EMPTY) {
                return false;
            }
            closed = r == Channel.CLOSED;
            value = closed ? null : (T) r;
            return true;
        }

        @Override
        Event event() {
            return channel.notEmpty;
        }
    }

    /** Sends a value to a channel. */
    public static final class SendCase<T> extends Case {
        private T value;

        SendCase(Channel<T> channel, int index, T value) {
            super(channel, index);
            this.value = Objects.requireNonNull(value, "a channel element cannot be null");
        }

        /** The value this case sends. */
        public T value() {
            return value;
        }

        /** Sets the value the next await sends. */
        public void setValue(T value) {
            this.value = Objects.requireNonNull(value, "a channel element cannot be null");
        }

        @Override
        boolean attempt() {
            int r = channel.offerAndSignal(value);
            if (r == Channel.SHUT) {
                throw channel.closedForSend();
            }
            return r == Channel.OK;
        }

        @Override
        Event event() {
            return channel.notFull;
        }
    }

    private final FutexSync sync;
    private final Event event;
    private final List<Case> cases = new ArrayList<>();
    private int rotation;

    Select(FutexSync sync) {
        this.sync = sync;
        this.event = new Event(sync, sync.allocate(this), 0);
    }

    /** Adds a case that receives from {@code channel}. */
    public <T> ReceiveCase<T> receive(Channel<T> channel) {
        ReceiveCase<T> c = new ReceiveCase<>(Objects.requireNonNull(channel, "channel"), cases.size());
        cases.add(c);
        return c;
    }

    /** Adds a case that sends {@code value} to {@code channel}. */
    public <T> SendCase<T> send(Channel<T> channel, T value) {
        SendCase<T> c = new SendCase<>(Objects.requireNonNull(channel, "channel"), cases.size(), value);
        cases.add(c);
        return c;
    }

    /** The cases, in the order they were added. */
    public List<Case> cases() {
        return List.copyOf(cases);
    }

    /** Performs one ready case now, or returns {@code null} if none is ready (Go's {@code default}). */
    public Case poll() {
        checkEnabled();
        return attemptAll();
    }

    /**
     * Waits until a case is ready and performs it.
     *
     * @throws InterruptedException   if interrupted while waiting (no case was performed)
     * @throws ChannelClosedException if a send case's channel is closed
     * @throws IllegalStateException  if no case is enabled
     */
    public Case await() throws InterruptedException {
        return awaitCore(false, 0L);
    }

    /** {@link #await()} for at most the timeout; {@code null} if it elapsed first. */
    public Case await(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = FutexSync.nanos(timeout, unit);
        boolean bounded = FutexSync.bounded(nanos);
        return awaitCore(bounded, bounded ? FutexSync.deadline(nanos) : 0L);
    }

    private void checkEnabled() {
        for (Case c : cases) {
            if (c.enabled) {
                return;
            }
        }
        throw new IllegalStateException("a select needs at least one enabled case");
    }

    private Case attemptAll() {
        int n = cases.size();
        int start = rotation++ % n;
        if (start < 0) {
            start += n;
        }
        for (int i = 0; i < n; i++) {
            Case c = cases.get((start + i) % n);
            if (c.enabled && c.attempt()) {
                return c;
            }
        }
        return null;
    }

    private Case awaitCore(boolean timed, long deadline) throws InterruptedException {
        checkEnabled();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Case fired = attemptAll();
        if (fired != null) {
            return fired;
        }
        for (int i = sync.spinLimit(); i > 0; i--) {
            Thread.onSpinWait();
            fired = attemptAll();
            if (fired != null) {
                return fired;
            }
        }
        List<Event> registered = new ArrayList<>(cases.size());
        event.begin();
        try {
            for (Case c : cases) {
                if (c.enabled) {
                    Event e = c.event();
                    e.register(event);
                    registered.add(e);
                }
            }
            for (;;) {
                int key = event.prepare();
                fired = attemptAll();
                if (fired != null) {
                    return fired;
                }
                if (!event.park(key, timed, deadline, true)) {
                    return null;
                }
            }
        } finally {
            for (Event e : registered) {
                e.unregister(event);
            }
            event.end();
            Reference.reachabilityFence(this);
        }
    }
}
