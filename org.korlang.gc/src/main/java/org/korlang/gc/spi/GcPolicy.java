package org.korlang.gc.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A collection policy, registered as a DS service with property {@link #PROPERTY} = its
 * {@link #name()}. The heap binds every policy dynamically and creates a plan from the one its
 * configuration names.
 */
@ConsumerType
public interface GcPolicy {

    /** Service property naming the policy. */
    String PROPERTY = "gc.policy";

    /** The policy name, equal to its {@link #PROPERTY} service property. */
    String name();

    /** Creates this policy's plan for one heap. */
    GcPlan createPlan(HeapContext context);

    /**
     * Creates this policy's plan for a heap whose running plan is {@code previous}, taking over its
     * objects in place — without moving them — or returns null if this policy cannot (the default);
     * the heap then creates a plan with {@link #createPlan} and either lets {@code previous} retire
     * with its objects where they are ({@link GcPlan#retire}) or, if it cannot, copies the live set
     * into the new plan (see {@link GcPlan}, "Policy switch").
     *
     * <p>Called during a policy switch with the world stopped and every mutator's buffer retired. A
     * returned plan owns every object of {@code previous} from now on; the heap then closes
     * {@code previous}, which must release only what it did not hand over. Returning null, or
     * throwing, must leave {@code previous} able to go on (it may have collected meanwhile, e.g.
     * promoted its young generation, but lost and moved nothing that a later copy could not carry).
     * Typically a policy adopts only plans of its own bundle, whose spaces it knows.
     *
     * @since 1.1
     */
    default GcPlan adoptPlan(HeapContext context, GcPlan previous) {
        return null;
    }
}
