package org.korlang.gc.spi;

import java.util.Optional;
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
 * <h2>Object starts (since 2.0)</h2>
 * The mutators accept references only where the heap has recorded an object start. The heap records
 * what mutators allocate from this plan and what a policy switch copies in; the plan records every
 * object its collector copies and forgets the starts of objects it frees or whose memory it reuses
 * (see {@link HeapMemory}, "Object starts"). With verify on, a plan whose recorded starts differ from
 * the objects it enumerates ({@link #forEachObject}) fails the heap verifier.
 *
 * <h2>Write barrier</h2>
 * The heap's mutators log into the {@link RememberedSet} every object outside
 * {@code [barrierLow, barrierHigh)} that gets a reference into that range stored into it. A
 * generational plan returns its young generation; a non-generational one an empty range (0, 0).
 *
 * <h2>Policy switch</h2>
 * To replace the plan of a live heap, the heap stops the world and calls {@link #retireBuffer} for
 * every mutator of the old plan. Then, in this order of preference:
 * <ol>
 * <li><b>adopt</b>: the new policy takes the old plan's objects over in place
 * ({@link GcPolicy#adoptPlan}: plans that share their spaces, like generational and marksweep, hand
 * them over without moving an object); the heap closes the old plan;</li>
 * <li><b>retire</b>: the heap creates the new plan empty and the old plan keeps its objects where
 * they are ({@link #retire}); from then on the new plan allocates and collects, and its collections
 * treat the retired plan's objects as part of the heap: a marking plan marks them, a copying plan
 * moves them out (or, if PINNED, marks them and scans them in place) — see "Retired objects" below.
 * After each full collection the heap calls {@link #sweepRetired} and closes a retired plan that
 * holds nothing any more;</li>
 * <li><b>copy</b> (an old plan that cannot retire, or a switch while an earlier switch's retired
 * plan still holds objects): the heap creates the new plan and copies every object reachable from
 * the roots into memory from its {@link #allocateForMigration} (tracing with {@link ObjectModel},
 * forwarding through the header, updating every root, on the heap's GC threads); if
 * {@link #allocateForMigration} throws, the heap undoes the copy and stays on the old plan. Then it
 * closes the old plan and every retired one.</li>
 * </ol>
 * Plans therefore keep no roots, handles or types of their own.
 *
 * <h2>Capabilities (since 2.1)</h2>
 * What a plan can do for its successor beyond this interface it declares through
 * {@link #capability}: a policy asks the plan it replaces for a role it knows (an interface of its own
 * bundle, or of a package another bundle exports) and gets an object playing that role, or nothing.
 * No one tests a plan's class or casts it: a plan that does not declare a role does not have it,
 * whatever it implements. (The built-in generational and mark-sweep plans declare the hand-over of
 * their shared mature spaces this way, which is how each adopts the other's objects in place.)
 *
 * <h2>Retired objects</h2>
 * While {@link HeapContext#retiredBytes()} is non-zero, references may lead to objects outside
 * this plan's spaces (inside the heap's memory, with a typed header). A plan counts those bytes
 * against its budget and the limit. A full collection must leave each reachable retired object
 * either MARKED (it stays; the retired plan clears the bit when it sweeps) or FORWARDED to a copy in
 * this plan's spaces (a copying plan; never for a PINNED object); the heap then sweeps the retired
 * plans. The write barrier covers retired objects like any object outside the barrier range; a
 * plan that keeps a remembered set drops, in a full collection, the entries of retired objects it
 * left unmarked (they die in the sweep that follows, and must not keep young objects alive or be
 * scanned afterwards).
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

    /**
     * Stops being the heap's plan but keeps every object where it is (world stopped, buffers
     * retired), so that a policy switch costs no copy: releases what holds no object (allocation
     * buffers, an empty young generation), promotes or otherwise settles anything the successor could
     * not treat as an ordinary old object (remembered bits included), and returns true. From then on
     * the heap calls only {@link #forEachObject}, {@link #verify}, {@link #usage},
     * {@link #sweepRetired} and {@link #close}. Returns false, having lost and moved nothing, if it
     * cannot; the heap then copies.
     *
     * @since 1.1
     */
    default boolean retire() {
        return false;
    }

    /**
     * For a retired plan, after a full collection of the heap's plan (world stopped): every object
     * of this plan that is MARKED is live — clear the bit; every other one (unmarked, or FORWARDED
     * because a copying plan moved it out) is dead — free it. Returns the bytes of the objects this
     * plan still holds (as {@link #usage()} counts them); 0 lets the heap close it.
     *
     * @since 1.1
     */
    default long sweepRetired() {
        throw new UnsupportedOperationException(policyName() + " plans cannot retire");
    }

    /**
     * The object through which this plan plays {@code role} for a successor (see "Capabilities"),
     * or empty if it does not offer that role (the default). Called with the world stopped, during a
     * policy switch; the returned object is valid until this plan is closed.
     *
     * @since 2.1
     */
    default <C> Optional<C> capability(Class<C> role) {
        return Optional.empty();
    }

    /** Returns all of the plan's regions (world stopped, or the heap closing). */
    void close();
}
