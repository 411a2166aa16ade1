package org.korlang.gc;

import java.util.Objects;

import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.internal.core.PolicyCatalog;
import org.korlang.gc.internal.generational.GenerationalPolicy;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.os.Os;

/**
 * The plain-constructor path to a heap, for use outside OSGi (unit tests, JMH). Inside the
 * platform the heap is the DS service {@link Heap}; this factory builds the same object.
 *
 * <p>A heap made here owns its native memory until {@link ClosableHeap#close()}, which unmaps it
 * (every mutator must be detached first).
 */
public final class Heaps {

    private Heaps() {
    }

    /** The policies built into this bundle: generational and mark-sweep. */
    public static java.util.List<GcPolicy> builtInPolicies() {
        return java.util.List.of(new GenerationalPolicy(), new org.korlang.gc.internal.marksweep.MarkSweepPolicy());
    }

    /**
     * A heap with the built-in policy that {@link HeapConfig#policy()} names ({@link #builtInPolicies()});
     * {@link IllegalArgumentException} for another name (give that policy to
     * {@link #create(Os, HeapConfig, GcPolicy)}); {@link NullPointerException} for null arguments;
     * {@link org.korlang.os.OsException} if the kernel refuses the reservation (e.g. {@code ENOMEM}).
     */
    public static ClosableHeap create(Os os, HeapConfig config) {
        Objects.requireNonNull(config, "config");
        for (GcPolicy p : builtInPolicies()) {
            if (p.name().equals(config.policy())) {
                return create(os, config, p);
            }
        }
        throw new IllegalArgumentException("'" + config.policy() + "' is not a built-in gc policy (built in: generational, "
                + "marksweep); pass the policy object to Heaps.create(os, config, policy)");
    }

    /**
     * A heap with the given policy; it can switch by name to that policy and the built-in ones (and
     * to every policy later given to {@link ClosableHeap#switchPolicy(GcPolicy)}).
     */
    public static ClosableHeap create(Os os, HeapConfig config, GcPolicy policy) {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(policy, "policy");
        PolicyCatalog policies = new PolicyCatalog();
        for (GcPolicy p : builtInPolicies()) {
            policies.add(p.name(), p);
        }
        return new ManagedHeap(os, config, policy, policies);
    }

    /** A heap whose owner releases its memory explicitly. */
    public interface ClosableHeap extends Heap, AutoCloseable {
        /**
         * Switches the live heap to {@code policy} (see {@link Heap#switchPolicy(String)}); the policy
         * is remembered, so later switches may name it. Returns the switch's event.
         *
         * @since 1.1 (returns the event since 2.0)
         */
        GcEvent switchPolicy(org.korlang.gc.spi.GcPolicy policy);

        /**
         * Unmaps the heap's memory. Idempotent.
         *
         * @throws IllegalStateException if mutators are still attached (the heap stays open)
         */
        @Override
        void close();
    }
}
