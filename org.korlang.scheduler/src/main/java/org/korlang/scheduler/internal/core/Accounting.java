package org.korlang.scheduler.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.korlang.scheduler.spi.PolicyThread;

/**
 * The scheduler's task counters. Events on policy threads are counted in the thread's own
 * {@link ThreadRecord} (no shared write); events on other threads (spawns from outside, cancels)
 * go to {@link LongAdder}s. When a policy thread ends, its record is folded into the adders and
 * dropped, under the same lock as {@link #totals()} so a total never counts a thread twice or not
 * at all.
 */
final class Accounting {

    final LongAdder spawned = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder cancelled = new LongAdder();

    private final Map<PolicyThread, ThreadRecord> live = new ConcurrentHashMap<>();
    private final Object owner;

    Accounting(Object owner) {
        this.owner = owner;
    }

    /** Totals at one moment. */
    record Totals(long spawned, long succeeded, long failed, long cancelled) {
    }

    ThreadRecord open(PolicyThread thread) {
        ThreadRecord record = new ThreadRecord(thread, owner);
        live.put(thread, record);
        return record;
    }

    synchronized void close(ThreadRecord record) {
        spawned.add(record.spawned());
        succeeded.add(record.succeeded());
        failed.add(record.failed());
        cancelled.add(record.cancelled());
        live.remove(record.thread);
    }

    synchronized Totals totals() {
        long s = spawned.sum();
        long ok = succeeded.sum();
        long f = failed.sum();
        long c = cancelled.sum();
        for (ThreadRecord record : live.values()) {
            s += record.spawned();
            ok += record.succeeded();
            f += record.failed();
            c += record.cancelled();
        }
        return new Totals(s, ok, f, c);
    }

    /** The record of a live thread, or null. */
    ThreadRecord recordOf(PolicyThread thread) {
        return live.get(thread);
    }

    List<ThreadRecord> liveRecords() {
        return new ArrayList<>(live.values());
    }
}
