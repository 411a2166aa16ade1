package org.korlang.gc.spi;

import org.korlang.gc.HeapException;

/**
 * A policy switch refused before the world stops: the policy declares a plan window
 * ({@link GcPolicy#windowBytes}) larger than the windows the heap reserved when it was built (it
 * sizes them for the policies it knew then, and at least {@link GcPolicy#guaranteedWindowBytes}). The
 * heap stays on its policy, unchanged, with every object. A heap built while the policy is known
 * (installed before the heap starts) reserves room for it.
 *
 * @since 2.1
 */
public class PlanWindowExceededException extends HeapException {
    private static final long serialVersionUID = 1L;

    private final String policyName;
    private final long declaredBytes;
    private final long reservedBytes;

    public PlanWindowExceededException(String policyName, long declaredBytes, long reservedBytes) {
        super("gc policy '" + policyName + "' declares a plan window of " + declaredBytes + " bytes, but this heap reserved "
                + reservedBytes + " bytes per window when it was built; the heap stays on its policy (build the heap "
                + "with the policy installed, or a smaller configuration, to use it)");
        this.policyName = policyName;
        this.declaredBytes = declaredBytes;
        this.reservedBytes = reservedBytes;
    }

    /** The refused policy. */
    public String policyName() {
        return policyName;
    }

    /** What the policy declared for one plan. */
    public long declaredBytes() {
        return declaredBytes;
    }

    /** What the heap reserved for each plan window. */
    public long reservedBytes() {
        return reservedBytes;
    }
}
