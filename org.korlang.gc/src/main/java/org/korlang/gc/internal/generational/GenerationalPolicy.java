package org.korlang.gc.internal.generational;

import org.korlang.gc.internal.space.MatureSpacesPolicy;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.space.MatureSpaces;
import org.osgi.service.component.annotations.Component;

/**
 * The generational policy as a DS service ({@code gc.policy=generational}); also constructed
 * directly by {@code org.korlang.gc.standalone.Heaps} outside OSGi. Stateless: every heap gets its own
 * {@link GenerationalPlan}. Its plan window and the in-place switch from the other mature-spaces
 * policy come from {@link MatureSpacesPolicy}.
 */
@Component(service = GcPolicy.class, property = GcPolicy.PROPERTY + "=" + GenerationalPolicy.NAME)
public final class GenerationalPolicy extends MatureSpacesPolicy {

    public static final String NAME = "generational";

    public GenerationalPolicy() {
        super(NAME);
    }

    @Override
    public GcPlan createPlan(HeapContext context) {
        return GenerationalPlan.create(context);
    }

    @Override
    protected GcPlan adopt(HeapContext context, MatureSpaces.Owner owner) {
        return GenerationalPlan.adopt(context, owner);
    }
}
