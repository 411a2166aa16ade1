package org.korlang.sync;

import java.nio.ByteBuffer;
import java.util.Arrays;

/*
 * An event count: the way a thread sleeps until "something may have changed" in a lock-free
 * structure (a channel became non-empty, non-full, or closed) without a lock.
 *
 * Words (two, in a line owned by the structure): SEQ and WAITERS.
 *
 * Waiter:   begin() (WAITERS += 1); loop { key = key(); re-check the structure; if it can
 *           proceed, end() and go; else park(key) }; end() (WAITERS -= 1).
 * Notifier: change the structure (a volatile CAS/store); then signal(n): if WAITERS != 0,
 *           SEQ += 1 and futex_wake(SEQ, n); and bump every registered Select.
 *
 * No lost wake-up: the waiter increments WAITERS before reading the key and the structure;
 * the notifier changes the structure before reading WAITERS (sequentially consistent
 * volatiles). So either the notifier sees the waiter and moves SEQ after the waiter's key
 * (the kernel then refuses to sleep, or the wake finds it asleep), or the waiter's re-check
 * sees the change. A waiter that gives up (timeout, interrupt) without proceeding may have
 * absorbed a single wake: the structure passes one on (see the channels).
 *
 * Selects: a Select that waits on several events registers its own Event with each of them
 * (copy-on-write array, volatile), then re-checks its cases, then parks on its own event;
 * signal() reads the array after the structure changed, so the same argument applies. Every
 * registered Select is signalled on every signal (they are few and each needs to look).
 */
final class Event {
    private static final Event[] NONE = new Event[0];

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

    void end() {
        Words.INT.getAndAdd(words, waiters, -1);
    }

    int key() {
        return (int) Words.INT.getVolatile(words, seq);
    }

    boolean park(int key, boolean timed, long deadline, boolean interruptible) throws InterruptedException {
        return sync.park(seqAddress, key, timed, deadline, interruptible);
    }

    /** Wakes up to {@code count} waiters (if any may sleep) and every registered select. */
    void signal(int count) {
        if ((int) Words.INT.getVolatile(words, waiters) != 0) {
            Words.INT.getAndAdd(words, seq, 1);
            sync.wake(seqAddress, count);
        }
        Event[] s = selects;
        for (Event e : s) {
            e.signal(1);
        }
    }

    /** Whether a waiter or a select may be waiting (cheap pre-check for signallers). */
    boolean hasWaiters() {
        return (int) Words.INT.getVolatile(words, waiters) != 0 || selects.length != 0;
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
