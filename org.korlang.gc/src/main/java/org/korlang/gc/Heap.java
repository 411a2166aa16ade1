package org.korlang.gc;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A managed heap: native memory obtained from the {@code Os} service, a type registry, handles,
 * the registry of attached mutators, and the active collection policy.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>Objects are identified by raw references ({@code long}). A raw reference is valid only until
 * the calling mutator's next safepoint (an allocation, {@link Mutator#poll()}, or a blocked
 * region): the collector may move the object. A reference that must survive lives in a handle
 * ({@link Mutator#openScope()}, {@link Mutator#newGlobal(long)}); the collector updates handles.
 * With {@link HeapConfig#verify()} on, using a raw reference kept across a collection throws
 * {@link StaleReferenceException}.</li>
 * <li>Every access is checked: the reference must be a recorded object start of this heap, the slot
 * or index must fit the object's layout; a bad access throws a {@link HeapException} subtype and
 * never touches memory (see {@link Mutator}, and README "Heap guarantees").</li>
 * <li>Collection is stop-the-world: every attached mutator is stopped at a safepoint first.</li>
 * </ul>
 * Thread safety: all methods may be called from any thread; a {@link Mutator} is confined to the
 * thread that attached it. After the heap is closed ({@code org.korlang.gc.standalone.Heaps.ClosableHeap.close()}), the calls
 * that would touch or change it throw {@link IllegalStateException}; {@link #stats()},
 * {@link #policyName()}, {@link #config()}, {@link #type} and the listener methods still answer.
 */
@ProviderType
public interface Heap {

    /**
     * Registers a type (or returns the id already registered under the same name and layout).
     *
     * @throws NullPointerException     if {@code layout} is null
     * @throws IllegalArgumentException if the name is registered with a different layout
     * @throws IllegalStateException    if the heap is closed, or 2^24 types are registered
     */
    TypeId registerType(TypeLayout layout);

    /**
     * The type registered under {@code name}.
     *
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if there is none
     */
    TypeId type(String name);

    /**
     * Attaches the calling thread as a mutator. A thread attaches at most once at a time;
     * {@link Mutator#close()} detaches it.
     *
     * @throws HandleMisuseException if this thread is attached already
     * @throws IllegalStateException if the heap is closed or being shut down
     */
    Mutator attach();

    /**
     * Collects now (stop-the-world). If the calling thread is an attached mutator it is at a
     * safepoint for the duration, so its raw references are stale afterwards; if it is blocked or
     * detached, it is left so.
     *
     * @throws NullPointerException     if {@code kind} is null
     * @throws IllegalArgumentException for {@link CollectionKind#SWAP}, which is reported, not
     *                                  requested
     * @throws IllegalStateException    if the heap is closed
     */
    void collect(CollectionKind kind);

    /**
     * Stops the world and runs the heap verifier.
     *
     * @throws HeapCorruptionException on a finding (a bug of the heap or its policy, never the
     *                                 result of a call through this API)
     * @throws IllegalStateException   if the heap is closed
     */
    void verify();

    /** A snapshot of the heap's statistics. */
    HeapStats stats();

    /** The name of the active collection policy, e.g. {@code "generational"}. */
    String policyName();

    /**
     * Switches the live heap to the collection policy named {@code name} (a {@code gc.policy}
     * service): the world stops and the new policy adopts the live objects in place, or the old plan
     * retires with them where they are, or they are copied into the new policy's spaces with every
     * handle updated (README, "GC policies and hot swap"). Raw references of the calling mutator are
     * stale afterwards, as after a collection.
     *
     * @return the {@link GcEvent} of kind {@link CollectionKind#SWAP} that reports the switch's pause
     *         and occupancy before and after (listeners receive the same event)
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if no such policy is known
     * @throws HeapExhaustedException   if the live objects do not fit the new policy's spaces (the
     *                                  heap stays on the old policy, unchanged)
     * @throws org.korlang.gc.spi.PlanWindowExceededException if the policy declares more address
     *                                  space per plan than the heap reserved when it was built (the
     *                                  heap stays on the old policy, unchanged)
     * @throws IllegalStateException    if the heap is closed
     * @since 1.1 (returns the event since 2.0)
     */
    GcEvent switchPolicy(String name);

    /** The configuration this heap runs with. */
    HeapConfig config();

    /**
     * Adds a listener for collection events (called on the collecting thread; an exception it throws
     * is ignored). {@link NullPointerException} for null.
     */
    void addListener(GcListener listener);

    /** Removes a listener added by {@link #addListener}. {@link NullPointerException} for null. */
    void removeListener(GcListener listener);
}
