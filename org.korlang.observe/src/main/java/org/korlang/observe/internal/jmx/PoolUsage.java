package org.korlang.observe.internal.jmx;

import java.util.LinkedHashMap;
import java.util.Map;

import org.korlang.gc.HeapStats;

/**
 * Bytes of one space of the managed heap, as a JMX memory pool reports them: {@code used},
 * {@code committed} (what the space holds ready: the young generation's capacity; for the others
 * their use, as the heap does not report more) and {@code max} (-1 when undefined).
 *
 * <p>The heap's three spaces as the exported {@link HeapStats} describes them are the pools:
 * {@code young} (eden and survivors), {@code old} (the mature space, with objects a switch left in a
 * retired plan) and {@code large} (objects on their own pages). Old and large share the heap limit,
 * so each has it as its max. A policy without generations has an empty young pool.
 */
record PoolUsage(long used, long committed, long max) {

    static final String YOUNG = "young";
    static final String OLD = "old";
    static final String LARGE = "large";

    /** The pool names, in the order tools should show them. */
    static final String[] NAMES = {YOUNG, OLD, LARGE};

    static Map<String, PoolUsage> of(HeapStats s) {
        Map<String, PoolUsage> pools = new LinkedHashMap<>();
        pools.put(YOUNG, new PoolUsage(s.youngUsed(), s.youngCapacity(), s.youngCapacity()));
        pools.put(OLD, new PoolUsage(s.oldUsed(), s.oldUsed(), s.heapLimit()));
        pools.put(LARGE, new PoolUsage(s.largeUsed(), s.largeUsed(), s.heapLimit()));
        return pools;
    }
}
