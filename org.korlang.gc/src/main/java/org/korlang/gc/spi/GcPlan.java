package org.korlang.gc.spi;

import java.util.function.LongConsumer;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;

/**
 * One heap's instance of a collection policy: it owns the spaces, allocation and collection.
 *
 * <h2>Threading</h2>
 * {@link #refillBuffer} and {@link #allocateOutsideBuffer} run on mutator threads concurrently and
 * may call {@link HeapContext#collect}; everything marked "world stopped" runs on the collecting
 * thread while every mutator is at a safepoint (plus the heap's GC threads during {@link #collect}).
 *
 * <h2>Write barrier</h2>
 * The heap's mutators log into the {@link RememberedSet} every object outside
 * {@code [barrierLow, barrierHigh)} that gets a reference into that range stored into it. A
 * generational plan returns its young generation; a non-generational one an empty range (0, 0).
 *
 * <h2>Policy switch</h2>
 * To replace the plan of a live heap, the heap stops the world and calls {@link #retireBuffer} for
 * every mutator of the old plan. Then the new policy may take the old plan's objects over in place
 * ({@link GcPolicy#adoptPlan}: plans that share their spaces, like generational and marksweep, hand
 * them over without moving an object). Otherwise the heap creates the new plan and copies every
 * object reachable from the roots into memory from its {@link #allocateForMigration} (tracing with
 * {@link ObjectModel}, forwarding through the header, updating every root, on the heap's GC
 * threads); if {@link #allocateForMigration} throws, the heap undoes the copy and stays on the old
 * plan. Finally it {@link #close()}s the old plan, which returns its regions. Plans therefore keep
 * no roots, handles or types of their own.
 *
 * <p>A mutator inside {@link #refillBuffer} or {@link #allocateOutsideBuffer} that waits in
 * {@link HeapContext#collect} while a switch replaces this plan gets an unchecked exception from
 * {@code collect}: let it propagate (hold no lock across {@code collect}); the heap catches it and
 * retries the allocation with the new plan. A replaced plan is never called again.
 */
public interface GcPlan {

    String policyName();

    /** Start of the range whose incoming stores are logged (inclusive). */
    long barrierLow();

    /** End of the range whose incoming stores are logged (exclusive). */
    long barrierHigh();

    /**
     * Gives {@code mutator} a new zeroed allocation buffer of at least {@code minBytes}, collecting
     * if needed. Throws {@link org.korlang.gc.HeapExhaustedException} when nothing is left.
     */
    void refillBuffer(MutatorView mutator, long minBytes);

    /**
     * Allocates zeroed memory for one object outside the mutator's buffer (large, or pinned so it is
     * never moved); collects if needed. Returns the object address.
     */
    long allocateOutsideBuffer(MutatorView mutator, long bytes, boolean pinned);

    /** Makes the unused rest of the mutator's buffer parseable and clears it (world stopped or detaching). */
    void retireBuffer(MutatorView mutator);

    /** Collects (world stopped). */
    CollectionOutcome collect(CollectionKind kind, GcCause cause);

    /** Visits every allocated object (world stopped, buffers retired). */
    void forEachObject(LongConsumer visitor);

    /** Checks the plan's own structures: free lists, spaces, accounting (world stopped). */
    void verify(HeapChecker checker);

    /** Occupancy now. */
    SpaceUsage usage();

    /** Bytes promoted since creation. */
    long bytesPromoted();

    /** Memory for an object carried over from another plan during a policy switch (world stopped). */
    long allocateForMigration(long bytes);

    /**
     * Memory for an object carried over from another plan during a policy switch, for the heap's GC
     * thread {@code worker} (0 ≤ worker &lt; {@link ParallelWorkers#count()}); the GC threads call
     * this concurrently, each with its own index, while the world is stopped. The default serializes
     * the calls on {@link #allocateForMigration(long)}; a plan overrides it with per-thread
     * allocation state (as its collector's own threads use) to let the copy scale.
     *
     * @since 1.1
     */
    default long allocateForMigration(int worker, long bytes) {
        synchronized (this) {
            return allocateForMigration(bytes);
        }
    }

    /** Returns all of the plan's regions (world stopped, or the heap closing). */
    void close();
}
