package org.korlang.gc.semispace.internal;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.osgi.service.component.annotations.Component;

/**
 * The semispace policy as a DS service ({@code gc.policy=semispace}) from its own bundle. Stateless:
 * every heap gets its own {@link SemispacePlan}. When this bundle stops, the heap (bound to policies
 * dynamically) migrates away from a semispace plan inside its unbind callback, while these classes
 * are still usable.
 */
@Component(service = GcPolicy.class, property = GcPolicy.PROPERTY + "=" + SemispacePolicy.NAME)
public final class SemispacePolicy implements GcPolicy {

    public static final String NAME = "semispace";

    @Override
    public String name() {
        return NAME;
    }

    /** Three regions of the heap limit (two semispaces and the pinned space), each with 1 MiB for page rounding. */
    @Override
    public long windowBytes(HeapConfig config) {
        return 3 * (config.heapLimitBytes() + (1L << 20));
    }

    @Override
    public GcPlan createPlan(HeapContext context) {
        return new SemispacePlan(context);
    }
}
