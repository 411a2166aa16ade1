package org.korlang.gc.torture;

import org.korlang.gc.semispace.internal.SemispacePolicy;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.standalone.Heaps;
import org.korlang.os.Os;
import org.korlang.testkit.HostPorts;

/**
 * What a container would provide the torture with, outside OSGi: the real Linux {@link Os} port over
 * the x86_64 shim (raw system calls; one per process, as the platform has one) and the policy
 * objects by name — the two built-in ones and semispace from its own bundle.
 */
final class TortureOs {

    private static Os os;

    private TortureOs() {
    }

    /** The process's Linux Os (x86_64). */
    static synchronized Os linux() {
        if (os == null) {
            os = HostPorts.os();
        }
        return os;
    }

    /** The policy named {@code name}: generational, marksweep or semispace. */
    static GcPolicy policy(String name) {
        if (name.equals(SemispacePolicy.NAME)) {
            return new SemispacePolicy();
        }
        for (GcPolicy p : Heaps.builtInPolicies()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown policy " + name + " (generational, marksweep, semispace)");
    }
}
