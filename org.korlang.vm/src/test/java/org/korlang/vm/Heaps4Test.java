package org.korlang.vm;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.semispace.internal.SemispacePolicy;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.standalone.Heaps;
import org.korlang.os.Os;
import org.korlang.testkit.HostPorts;

/** Heaps for VM tests over the real Linux port, on any of the three policies. */
public final class Heaps4Test {

    private static Os os;

    private Heaps4Test() {
    }

    public static synchronized Os os() {
        if (os == null) {
            os = HostPorts.os();
        }
        return os;
    }

    public static final GcPolicy SEMISPACE = new SemispacePolicy();

    public static HeapConfig.Builder small() {
        return HeapConfig.builder().heapLimitBytes(64L << 20).nurseryBytes(4L << 20).gcThreads(1);
    }

    /** A heap running {@code policy} (generational, marksweep or semispace). */
    public static Heaps.ClosableHeap create(HeapConfig.Builder config, String policy) {
        if (policy.equals("semispace")) {
            Heaps.ClosableHeap h = Heaps.create(os(), config.policy("generational").build());
            h.switchPolicy(SEMISPACE);
            return h;
        }
        return Heaps.create(os(), config.policy(policy).build());
    }
}
