/**
 * Tracing that policy bundles may use, as MMTk's plans share their trace: the parallel marking of
 * every object reachable from the roots ({@link org.korlang.gc.spi.trace.Marking}), on the heap's
 * GC threads with work sharing between them, over the one slot scanner
 * ({@link org.korlang.gc.spi.scan.ReferenceSlots}). The built-in generational and mark-sweep plans
 * mark with it; a plan sweeps its non-moving spaces ({@code org.korlang.gc.spi.space}) against the
 * marks it leaves.
 *
 * <p>1.0.0: {@code Marking}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.gc.spi.trace;
