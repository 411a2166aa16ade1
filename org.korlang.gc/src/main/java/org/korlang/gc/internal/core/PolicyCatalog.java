package org.korlang.gc.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.spi.GcPolicy;

/**
 * The one registry of the policies a heap can switch to, by name, and the rule that picks the one
 * to fall back on (modelled on the scheduler's catalog).
 *
 * <p>Who fills it: outside OSGi, the factory ({@code org.korlang.gc.standalone.Heaps}) with the built-in policies and the one
 * the heap starts on, and {@link ManagedHeap#switchPolicy(GcPolicy)} with every policy it is given;
 * inside the platform, the heap component with every bound {@code gc.policy} service (and removes
 * each one as it is unbound). The heap looks names up here; nothing else keeps a list of policies.
 *
 * <p><b>Choice.</b> {@link #choose}: the wanted policy if it is present; else the default
 * ({@value HeapConfig#DEFAULT_POLICY}); else the first name in alphabetical order; else none. When
 * two policies carry the same name, the one added last wins (a policy given to a switch is the one
 * that name means from then on); when it is removed, the one before it. Thread-safe.
 */
public final class PolicyCatalog {

    private final Map<String, List<GcPolicy>> byName = new TreeMap<>();

    /** Adds {@code policy} under {@code name}, ahead of any other of that name (see the class comment). */
    public synchronized void add(String name, GcPolicy policy) {
        List<GcPolicy> list = byName.computeIfAbsent(name, n -> new ArrayList<>());
        list.removeIf(p -> p == policy);
        list.add(0, policy);
    }

    /** Removes {@code policy} from under {@code name}; whether it was there. */
    public synchronized boolean remove(String name, GcPolicy policy) {
        List<GcPolicy> list = byName.get(name);
        if (list == null) {
            return false;
        }
        boolean removed = list.removeIf(p -> p == policy);
        if (list.isEmpty()) {
            byName.remove(name);
        }
        return removed;
    }

    /** The policy named {@code name}, or null. */
    public synchronized GcPolicy find(String name) {
        List<GcPolicy> list = byName.get(name);
        return list == null ? null : list.get(0);
    }

    /** Every policy present (each name's current one first), for sizing a heap's plan windows. */
    public synchronized List<GcPolicy> policies() {
        List<GcPolicy> all = new ArrayList<>();
        byName.values().forEach(all::addAll);
        return all;
    }

    /** The names present, sorted. */
    public synchronized Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** The policy to run when {@code wanted} (may be null) is asked for, or null if there is none. */
    public synchronized GcPolicy choose(String wanted) {
        GcPolicy p = wanted == null ? null : find(wanted);
        if (p == null) {
            p = find(HeapConfig.DEFAULT_POLICY);
        }
        if (p == null && !byName.isEmpty()) {
            p = byName.values().iterator().next().get(0);
        }
        return p;
    }
}
