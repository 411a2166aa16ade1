package org.korlang.gc;

/** Why a collection ran. */
public enum GcCause {
    /** An allocation found its space full. */
    ALLOCATION_FAILURE,
    /** The old generation grew over its budget. */
    OLD_GENERATION_BUDGET,
    /** The heap limit was reached and a full collection tries to make room before giving up. */
    HEAP_LIMIT,
    /** Requested through {@link Heap#collect} or the shell. */
    EXPLICIT,
    /** GC-stress mode: every N-th allocation collects. */
    STRESS,
    /** The active policy is being replaced (live migration). */
    POLICY_SWITCH
}
