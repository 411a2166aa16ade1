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
}
