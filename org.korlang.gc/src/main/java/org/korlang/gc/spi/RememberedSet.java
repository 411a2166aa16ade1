package org.korlang.gc.spi;

/**
 * The objects logged by the mutators' write barrier: each object outside the plan's barrier range
 * ({@link GcPlan#barrierLow()}..{@link GcPlan#barrierHigh()}) into which a reference inside that range
 * was stored, logged once while its {@link ObjectHeader#REMEMBERED} bit is set. Only valid while the
 * world is stopped.
 */
public interface RememberedSet {

    /**
     * Takes every logged object out of the set (mutator buffers included) and returns them; the
     * caller owns the REMEMBERED bits of those objects from now on.
     */
    long[] drain();

    /** Logs objects again (their REMEMBERED bit must be set). */
    void addAll(long[] objects, int count);

    /** The objects logged now, without removing them (for the verifier). */
    long[] snapshot();
}
