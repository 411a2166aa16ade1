package org.korlang.gc.internal.marksweep;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.internal.space.MatureSpaces;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.osgi.service.component.annotations.Component;

/**
 * The full-heap non-moving mark-sweep policy as a DS service ({@code gc.policy=marksweep}). Stateless:
 * every heap gets its own {@link MarkSweepPlan}.
 */
@Component(service = GcPolicy.class, property = GcPolicy.PROPERTY + "=" + MarkSweepPolicy.NAME)
public final class MarkSweepPolicy implements GcPolicy {

    public static final String NAME = "marksweep";

    @Override
    public String name() {
        return NAME;
    }

    /** The mature spaces and two young generations (see {@link MatureSpaces#windowBytes}). */
    @Override
    public long windowBytes(HeapConfig config) {
        return MatureSpaces.windowBytes(config);
    }

    @Override
    public GcPlan createPlan(HeapContext context) {
        return MarkSweepPlan.create(context);
    }

    /**
     * In place from any plan that declares the hand-over of shared mature spaces
     * ({@link MatureSpaces.Owner}: generational, marksweep).
     */
    @Override
    public GcPlan adoptPlan(HeapContext context, GcPlan previous) {
        return previous.capability(MatureSpaces.Owner.class).map(owner -> MarkSweepPlan.adopt(context, owner)).orElse(null);
    }
}
