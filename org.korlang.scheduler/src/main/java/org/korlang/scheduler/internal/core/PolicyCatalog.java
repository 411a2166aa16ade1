package org.korlang.scheduler.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.korlang.scheduler.spi.SchedulerPolicy;

/**
 * The policies available now, by name, and the rule that picks the one to run.
 *
 * <p><b>Choice.</b> The wanted policy if it is available; else the default
 * ({@value SchedulerPolicy#DEFAULT_POLICY}); else the first available name in alphabetical order;
 * else none. When two services carry the same name, the first one bound wins until it leaves. The
 * rule depends only on what is available, so "the active policy's bundle stopped" and "the
 * configuration names a policy that has not arrived yet" are handled alike, and the choice moves back
 * to the wanted policy when it (re)appears. Not thread-safe: {@link TaskScheduler} guards it with its
 * swap lock.
 */
final class PolicyCatalog {

    /** A policy and the name it is registered under. */
    record Entry(String name, SchedulerPolicy policy) {
    }

    private final Map<String, List<SchedulerPolicy>> byName = new TreeMap<>();

    void add(String name, SchedulerPolicy policy) {
        byName.computeIfAbsent(name, n -> new ArrayList<>()).add(policy);
    }

    boolean remove(String name, SchedulerPolicy policy) {
        List<SchedulerPolicy> list = byName.get(name);
        if (list == null) {
            return false;
        }
        boolean removed = list.removeIf(p -> p == policy);
        if (list.isEmpty()) {
            byName.remove(name);
        }
        return removed;
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** The policy to run when {@code wanted} is asked for, or null if none is available. */
    Entry choose(String wanted) {
        if (wanted != null && byName.containsKey(wanted)) {
            return new Entry(wanted, byName.get(wanted).get(0));
        }
        if (byName.containsKey(SchedulerPolicy.DEFAULT_POLICY)) {
            return new Entry(SchedulerPolicy.DEFAULT_POLICY, byName.get(SchedulerPolicy.DEFAULT_POLICY).get(0));
        }
        for (Map.Entry<String, List<SchedulerPolicy>> first : byName.entrySet()) {
            return new Entry(first.getKey(), first.getValue().get(0));
        }
        return null;
    }
}
