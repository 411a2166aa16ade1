package org.korlang.gc.vmaccess;

import org.korlang.gc.Mutator;
import org.korlang.gc.RootArea;

/**
 * The entry to the heap's unchecked access path, reserved for the Korlang VM.
 *
 * <h2>Why a separate package, and who may import it</h2>
 * The exported {@code org.korlang.gc} API checks every access, so that no consumer can corrupt the
 * heap or the JVM. The VM needs the opposite on its hot paths: its verifier proves field and element
 * accesses once at load time, and a per-access check would be paid for nothing. This package gives it
 * that — raw allocation ({@link RawMutator}), raw memory ({@link Raw}), the root areas' addresses —
 * and is exported with a <em>mandatory attribute</em>
 * ({@code Export-Package: org.korlang.gc.vmaccess;korlang.friend=vm;mandatory:=korlang.friend}):
 * an OSGi resolver wires only an importer that names {@code korlang.friend=vm}, so an ordinary
 * {@code Import-Package: org.korlang.gc.vmaccess} (or a DynamicImport) does not resolve. Outside
 * OSGi (tests, the fast launcher) it is plain Java, as is everything else.
 */
public final class VmAccess {

    private VmAccess() {
    }

    /** The unchecked side of {@code mutator} (a mutator of this bundle's heap). */
    public static RawMutator raw(Mutator mutator) {
        return (RawMutator) mutator;
    }

    /**
     * The raw address of a root area's object (word 0: header; slot 0 at {@code +8}: live count;
     * reference word i at {@code +16 + 8i}; data word j at {@code +16 + 8(rootWords + j)}). Valid until
     * the next safepoint of any attached mutator. Unchecked: the area must be open.
     */
    public static long address(RootArea area) {
        return ((RawArea) area).rawAddress();
    }

    /** Byte offset of reference word 0 from the area's address. */
    public static final int AREA_ROOTS = 16;
    /** Byte offset of the live count from the area's address. */
    public static final int AREA_LIVE = 8;
}
