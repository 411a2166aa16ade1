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
 * <li>Every access is checked against the object's layout and the heap's mapped memory; a bad
 * access throws a {@link HeapException} subtype and never touches memory outside the heap.</li>
 * <li>Collection is stop-the-world: every attached mutator is stopped at a safepoint first.</li>
 * </ul>
 * Thread safety: all methods may be called from any thread; a {@link Mutator} is confined to the
 * thread that attached it.
 */
@ProviderType
public interface Heap {

    /** Registers a type (or returns the id already registered under the same name and layout). */
    TypeId registerType(TypeLayout layout);

    /** The type registered under {@code name}; {@link IllegalArgumentException} if there is none. */
    TypeId type(String name);

    /**
     * Attaches the calling thread as a mutator. A thread attaches at most once at a time;
     * {@link Mutator#close()} detaches it.
     */
    Mutator attach();

    /**
     * Collects now (stop-the-world). If the calling thread is an attached mutator it is at a
     * safepoint for the duration, so its raw references are stale afterwards.
     */
    void collect(CollectionKind kind);

    /** Stops the world and runs the heap verifier; throws {@link HeapCorruptionException} on a finding. */
    void verify();

    /** A snapshot of the heap's statistics. */
    HeapStats stats();

    /** The name of the active collection policy, e.g. {@code "generational"}. */
    String policyName();

    /**
     * Switches the live heap to the collection policy named {@code name} (a {@code gc.policy}
     * service): the world stops, every live object moves into the new policy's spaces, every handle
     * is updated, the old policy's memory goes back to the OS; a {@link GcEvent} of kind
     * {@link CollectionKind#SWAP} reports the pause. Raw references of the calling mutator are stale
     * afterwards, as after a collection. {@link IllegalArgumentException} if no such policy is
     * known; {@link HeapExhaustedException} (heap unchanged) if the live objects do not fit the new
     * policy's spaces.
     *
     * @since 1.1
     */
    void switchPolicy(String name);

    /** The configuration this heap runs with. */
    HeapConfig config();

    /** Adds a listener for collection events (called on the collecting thread). */
    void addListener(GcListener listener);

    /** Removes a listener added by {@link #addListener}. */
    void removeListener(GcListener listener);
}
