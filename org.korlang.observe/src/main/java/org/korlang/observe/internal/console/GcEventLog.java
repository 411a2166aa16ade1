package org.korlang.observe.internal.console;

import java.util.ArrayList;
import java.util.List;

import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;

/**
 * The most recent collections of the heap, for the page's pause chart: a ring of {@link #CAPACITY}
 * events, each stamped with the wall-clock time it started. Readers ask for the events after the
 * last index they saw ({@link #since}); an index older than the ring's oldest entry gets what the
 * ring still holds (a page that polled too rarely misses points, never gets duplicates). The
 * listener side takes the lock for one array store, so a collection never waits on a reader for
 * longer than that.
 */
final class GcEventLog implements GcListener {

    static final int CAPACITY = 1024;

    /** An event and the wall-clock millisecond it started at. */
    record Entry(long index, long epochMillis, GcEvent event) {
    }

    private final Entry[] ring = new Entry[CAPACITY];
    /** Index the next event gets (events are numbered from 0 in arrival order). */
    private long next;

    @Override
    public void collectionFinished(GcEvent e) {
        long epochMillis = System.currentTimeMillis() - Math.max(0, (System.nanoTime() - e.startNanos()) / 1_000_000);
        synchronized (this) {
            ring[(int) (next % CAPACITY)] = new Entry(next, epochMillis, e);
            next++;
        }
    }

    /** The events numbered {@code from} and later that the ring still holds, oldest first. */
    synchronized List<Entry> since(long from) {
        long start = Math.max(Math.max(0, from), next - CAPACITY);
        List<Entry> out = new ArrayList<>((int) Math.max(0, next - start));
        for (long i = start; i < next; i++) {
            out.add(ring[(int) (i % CAPACITY)]);
        }
        return out;
    }

    /** The index the next event will get. */
    synchronized long next() {
        return next;
    }
}
