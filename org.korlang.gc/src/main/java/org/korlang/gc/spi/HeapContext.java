package org.korlang.gc.spi;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.HeapConfig;
import org.osgi.annotation.versioning.ProviderType;

/** What the heap gives a plan: its memory, object model, roots, remembered set, GC threads and safepoints. */
@ProviderType
public interface HeapContext {

    HeapConfig config();

    HeapMemory memory();

    ObjectModel objects();

    /** Valid only while the world is stopped. */
    Roots roots();

    /** Valid only while the world is stopped. */
    RememberedSet rememberedSet();

    ParallelWorkers workers();

    /** The attached mutators; valid only while the world is stopped. */
    Iterable<? extends MutatorView> mutators();

    /**
     * Stops the world and runs {@link GcPlan#collect}. {@code requester} is the mutator asking (null
     * for another thread): it counts as stopped. Returns false if another thread collected while this
     * one waited (the caller should retry its allocation first).
     */
    boolean collect(MutatorView requester, CollectionKind kind, GcCause cause);

    /** Counts collections; changes whenever one ran. */
    long collectionCount();

    /**
     * Bytes held by plans that earlier policy switches retired ({@link GcPlan#retire}) and whose
     * objects are not all collected or moved out yet; 0 when there are none. Part of the heap's
     * occupancy: a plan counts them against its budget and the limit. Changes only while the world
     * is stopped (after full collections and switches).
     *
     * @since 1.1
     */
    long retiredBytes();
}
