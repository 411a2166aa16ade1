package org.korlang.gc.standalone;

import java.util.List;
import java.util.Objects;

import org.korlang.gc.GcEvent;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.internal.core.PolicyCatalog;
import org.korlang.gc.internal.generational.GenerationalPolicy;
import org.korlang.gc.internal.marksweep.MarkSweepPolicy;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.os.Os;

/**
 * The plain-constructor path to a heap, for use outside OSGi (unit tests, JMH, the launcher, the
 * torture tool). Inside the platform the heap is the DS service {@link Heap}; this factory builds the
 * same object.
 *
 * <p>A heap made here owns its native memory until {@link ClosableHeap#close()}, which unmaps it
 * (every mutator must be detached first).
 *
 * <p>Why a package of its own: the factory must know the heap's implementation and the built-in
 * policies. In the API package ({@code org.korlang.gc}, where it was until gc 3.0.0) that made the API
 * depend on {@code internal.*} while the internals depend on the API — an import cycle. Here the
 * dependencies go one way: this package uses the API, the SPI and the internals; nothing in the
 * bundle uses this package (the heap it returns is a subclass of the internal heap that only adds
 * {@link ClosableHeap}).
 */
public final class Heaps {

    private Heaps() {
    }

    /** The policies built into the gc bundle: generational and mark-sweep (a new instance of each). */
    public static List<GcPolicy> builtInPolicies() {
        return List.of(new GenerationalPolicy(), new MarkSweepPolicy());
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
        return new Standalone(os, config, policy, policies);
    }

    /** A heap whose owner releases its memory explicitly. */
    public interface ClosableHeap extends Heap, AutoCloseable {
        /**
         * Switches the live heap to {@code policy} (see {@link Heap#switchPolicy(String)}); the policy
         * is remembered, so later switches may name it. Returns the switch's event.
         *
         * @since org.korlang.gc 1.1 (returns the event since 2.0; in this package since org.korlang.gc 3.0)
         */
        GcEvent switchPolicy(GcPolicy policy);

        /**
         * Unmaps the heap's memory. Idempotent.
         *
         * @throws IllegalStateException if mutators are still attached (the heap stays open)
         */
        @Override
        void close();
    }

    /** The internal heap, seen through {@link ClosableHeap}: every method is the heap's own. */
    private static final class Standalone extends ManagedHeap implements ClosableHeap {
        Standalone(Os os, HeapConfig config, GcPolicy policy, PolicyCatalog policies) {
            super(os, config, policy, policies);
        }
    }
}
