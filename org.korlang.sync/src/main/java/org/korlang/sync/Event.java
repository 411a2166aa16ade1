package org.korlang.sync;

import java.nio.ByteBuffer;
import java.util.Arrays;

/*
 * An event count: the way a thread sleeps until "something may have changed" in a lock-free
 * structure (a channel became non-empty, non-full, or closed) without a lock, and the way the
 * structure's changes wake it without a system call when nobody sleeps.
 *
 * Words (two, in a line owned by the structure): SEQ and WAITERS.
 *   SEQ bit 0 (PARKED): a waiter may have gone to sleep on the current SEQ value since the last
 *   wake; bits 1..31: an epoch that every wake advances. WAITERS: threads inside a wait loop.
 *
 * Waiter:   begin() (WAITERS += 1); loop { key = prepare() (sets PARKED, returns SEQ with it);
 *           re-check the structure; if it can proceed, leave; else park(key) }; end().
 * Notifier: change the structure (a volatile CAS), then signal(): if PARKED is set, clear it
 *           while advancing the epoch (one CAS) and futex_wake(SEQ, 1). If PARKED is clear no
 *           thread has gone to sleep since the last wake, so nothing is done: a steady stream
 *           of sends to a channel whose receiver was already woken costs one volatile read
 *           each, not a system call each.
 *
 * No lost wake-up for the sleeper: it sets PARKED before its re-check, and the notifier reads
 * PARKED after its change (sequentially consistent volatiles), so either the re-check sees the
 * change or the notifier sees PARKED and moves SEQ away from the key (the kernel then refuses
 * to sleep, or the wake finds the sleeper).
 *
 * Several sleepers: one wake clears PARKED for all of them, but wakes only one. So a waiter
 * that leaves the loop while the structure can still serve someone (it took an element and
 * more remain, or it gave up on a timeout/interrupt) and other waiters are registered calls
 * signalForced(1): the next sleeper is woken, which will do the same (a wake chain). That is how
 * every sleeper is woken while there is work for it, with at most one wake per hand-over.
 *
 * Selects: a Select that waits on several events registers its own Event with each of them
 * (copy-on-write array, volatile), then re-checks its cases, then parks on its own event; every
 * signal of this event also signals every registered select's event, after the change, so the
 * same argument applies (and a select that is not asleep costs a read).
 */
final class Event {
    private static final Event[] NONE = new Event[0];
    static final int PARKED = 1;

    private final FutexSync sync;
    private final ByteBuffer words;
    private final int seq;
    private final int waiters;
    private final long seqAddress;
    private volatile Event[] selects = NONE;

    Event(FutexSync sync, Line line, int firstWord) {
        this.sync = sync;
        this.words = line.buffer;
        this.seq = line.wordOffset(firstWord);
        this.waiters = line.wordOffset(firstWord + 1);
        this.seqAddress = line.wordAddress(firstWord);
    }

    void begin() {
        Words.INT.getAndAdd(words, waiters, 1);
    }

    /** Leaves the wait loop; returns how many other waiters are still registered. */
    int end() {
        return (int) Words.INT.getAndAdd(words, waiters, -1) - 1;
    }

    /** Marks that this waiter may sleep; returns the value to sleep on. */
    int prepare() {
        int s = (int) Words.INT.getVolatile(words, seq);
        while ((s & PARKED) == 0) {
            int witness = (int) Words.INT.compareAndExchange(words, seq, s, s | PARKED);
            if (witness == s) {
                return s | PARKED;
            }
            s = witness;
        }
        return s;
    }

    boolean park(int key, boolean timed, long deadline, boolean interruptible) throws InterruptedException {
        return sync.park(seqAddress, key, timed, deadline, interruptible);
    }

    /** After a change: wakes one sleeper if one may have gone to sleep since the last wake. */
    void signal() {
        int s = (int) Words.INT.getVolatile(words, seq);
        while ((s & PARKED) != 0) {
            int witness = (int) Words.INT.compareAndExchange(words, seq, s, (s + 2) & ~PARKED);
            if (witness == s) {
                sync.wake(seqAddress, 1);
                break;
            }
            s = witness;
        }
        signalSelects();
    }

    /** Wakes up to {@code count} registered waiters even if PARKED is clear (chains, close). */
    void signalForced(int count) {
        if ((int) Words.INT.getVolatile(words, waiters) != 0) {
            int s = (int) Words.INT.getVolatile(words, seq);
            for (;;) {
                int witness = (int) Words.INT.compareAndExchange(words, seq, s, (s + 2) & ~PARKED);
                if (witness == s) {
                    break;
                }
                s = witness;
            }
            sync.wake(seqAddress, count);
        }
        signalSelects();
    }

    private void signalSelects() {
        Event[] s = selects;
        for (Event e : s) {
            e.signal();
        }
    }

    /** Whether anyone may need a signal (cheap pre-check for notifiers). */
    boolean mayHaveSleepers() {
        return ((int) Words.INT.getVolatile(words, seq) & PARKED) != 0 || selects.length != 0;
    }

    synchronized void register(Event select) {
        Event[] s = selects;
        Event[] n = Arrays.copyOf(s, s.length + 1);
        n[s.length] = select;
        selects = n;
    }

    synchronized void unregister(Event select) {
        Event[] s = selects;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == select) {
                Event[] n = new Event[s.length - 1];
                System.arraycopy(s, 0, n, 0, i);
                System.arraycopy(s, i + 1, n, i, s.length - i - 1);
                selects = n;
                return;
            }
        }
    }
}
