package org.korlang.gc.internal.generational;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.internal.space.MatureSpaces;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.osgi.service.component.annotations.Component;

/**
 * The generational policy as a DS service ({@code gc.policy=generational}); also constructed
 * directly by {@code org.korlang.gc.standalone.Heaps} outside OSGi. Stateless: every heap gets its own
 * {@link GenerationalPlan}.
 */
@Component(service = GcPolicy.class, property = GcPolicy.PROPERTY + "=" + GenerationalPolicy.NAME)
public final class GenerationalPolicy implements GcPolicy {

    public static final String NAME = "generational";

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
        return GenerationalPlan.create(context);
    }

    /**
     * In place from any plan that declares the hand-over of shared mature spaces
     * ({@link MatureSpaces.Owner}: generational, marksweep).
     */
    @Override
    public GcPlan adoptPlan(HeapContext context, GcPlan previous) {
        return previous.capability(MatureSpaces.Owner.class).map(owner -> GenerationalPlan.adopt(context, owner)).orElse(null);
    }
}
