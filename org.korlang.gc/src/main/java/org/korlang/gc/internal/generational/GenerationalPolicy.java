package org.korlang.gc.internal.generational;

import org.korlang.gc.internal.space.MatureSpaces;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.osgi.service.component.annotations.Component;

/**
 * The generational policy as a DS service ({@code gc.policy=generational}); also constructed
 * directly by {@link org.korlang.gc.Heaps} outside OSGi. Stateless: every heap gets its own
 * {@link GenerationalPlan}.
 */
@Component(service = GcPolicy.class, property = GcPolicy.PROPERTY + "=" + GenerationalPolicy.NAME)
public final class GenerationalPolicy implements GcPolicy {

    public static final String NAME = "generational";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GcPlan createPlan(HeapContext context) {
        return GenerationalPlan.create(context);
    }

    /** In place from any plan that keeps its objects in the shared mature spaces (generational, marksweep). */
    @Override
    public GcPlan adoptPlan(HeapContext context, GcPlan previous) {
        return previous instanceof MatureSpaces.Owner owner ? GenerationalPlan.adopt(context, owner) : null;
    }
}
