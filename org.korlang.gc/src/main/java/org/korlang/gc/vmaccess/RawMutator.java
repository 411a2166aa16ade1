package org.korlang.gc.vmaccess;

import org.korlang.gc.RootArea;
import org.korlang.gc.TypeId;

/**
 * The unchecked side of a {@link org.korlang.gc.Mutator}, for the Korlang VM only (see
 * {@link VmAccess}). Addresses here are raw (never tagged, also in verify mode) and nothing is
 * validated: the VM's load-time verifier has proven what each access touches. Every method that can
 * allocate is a safepoint: raw addresses held across it are stale unless they live in a
 * {@link RootArea} (whose own address must then be re-read, {@link VmAccess#address}).
 */
public interface RawMutator {

    /** Allocates a zeroed object of a fixed-layout type; returns its raw address. May collect. */
    long allocateRaw(TypeId type);

    /** Allocates a zeroed array of {@code length} elements; returns its raw address. May collect. */
    long allocateArrayRaw(TypeId type, int length);

    /**
     * Stores reference {@code value} (raw, may be 0) into the word at {@code slotAddress} of the object
     * at {@code holder}, through the active policy's write barrier (which this mutator re-reads at
     * every safepoint, so a policy switch takes effect at once).
     */
    void storeRef(long holder, long slotAddress, long value);

    /**
     * Logs {@code holder} in the remembered set if the active policy's barrier would log it for some
     * stored reference — the barrier for a bulk copy of references into it.
     */
    void rememberBulk(long holder);

    /** Whether a collection waits for this mutator (cheap: one volatile read). */
    boolean safepointRequested();

    /** A safepoint: stops here while a collection or policy switch runs. */
    void safepoint();
}
