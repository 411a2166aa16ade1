package org.korlang.gc.semispace.internal;

import org.korlang.gc.spi.GcPolicy;

/** Gives tests outside this package the policy object (the bundle exports nothing). */
public final class SemispacePolicyAccess {

    private SemispacePolicyAccess() {
    }

    public static GcPolicy policy() {
        return new SemispacePolicy();
    }
}
