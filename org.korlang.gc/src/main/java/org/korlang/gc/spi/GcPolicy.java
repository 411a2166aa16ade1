package org.korlang.gc.spi;

import org.korlang.gc.HeapConfig;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A collection policy, registered as a DS service with property {@link #PROPERTY} = its
 * {@link #name()}. The heap binds every policy dynamically and creates a plan from the one its
 * configuration names.
 *
 * <h2>Plan windows (since 2.1)</h2>
 * The heap maps its address space once, when it is built, cut into a few equal <em>plan windows</em>
 * (one for the running plan, one for a plan a switch retired, one for the plan a switch builds), and
 * every region a plan reserves goes into its window. A policy declares how much one of its plans
 * needs ({@link #windowBytes}: all the regions it may hold at once, plus what a plan it adopts in
 * place still holds in the same window); the heap makes each window as large as the largest
 * declaration of the policies it knows when it is built, and never smaller than
 * {@link #guaranteedWindowBytes}. Windows cannot grow later, so the rule for a policy installed after
 * the heap was built is: it fits if its declaration is at most the window the heap reserved — always
 * true for a declaration of at most {@link #guaranteedWindowBytes} — and otherwise a switch to it is
 * refused with {@link PlanWindowExceededException} before the world stops, the heap keeping its
 * policy and every object. Reservations are virtual (no memory is committed until used).
 */
@ConsumerType
public interface GcPolicy {

    /** Service property naming the policy. */
    String PROPERTY = "gc.policy";

    /** The policy name, equal to its {@link #PROPERTY} service property. */
    String name();

    /**
     * Bytes of address space one plan of this policy needs in its window for a heap of
     * {@code config}: its regions (page-rounded) plus, for a policy that adopts plans in place, what
     * the adopted plan still holds in the window until it is closed. Must be positive. The default
     * declares {@link #guaranteedWindowBytes}, which every heap reserves (see "Plan windows").
     *
     * @since 2.1
     */
    default long windowBytes(HeapConfig config) {
        return guaranteedWindowBytes(config);
    }

    /**
     * The plan window every heap of {@code config} reserves at least, whichever policies it knows
     * when it is built: three times the heap limit, four times the young generation, 64 MiB, and 4 MiB
     * per GC thread. A policy that declares no more can be installed at any time.
     *
     * @since 2.1
     */
    static long guaranteedWindowBytes(HeapConfig config) {
        return 4 * config.youngGenerationBytes() + 3 * config.heapLimitBytes() + (64L << 20)
                + config.gcThreads() * (4L << 20);
    }

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
