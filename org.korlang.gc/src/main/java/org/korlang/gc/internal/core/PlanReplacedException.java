package org.korlang.gc.internal.core;

/**
 * Unwinds a mutator out of a plan that was replaced while the mutator waited in
 * {@link org.korlang.gc.spi.HeapContext#collect} (a policy switch ran meanwhile). The mutator's
 * allocation slow path catches it and retries with the new plan; it never reaches user code. No
 * stack trace: it is control flow, not an error.
 */
final class PlanReplacedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PlanReplacedException() {
        super("the gc plan was replaced during the allocation", null, false, false);
    }
}
