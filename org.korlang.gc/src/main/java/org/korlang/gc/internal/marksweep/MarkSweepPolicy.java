package org.korlang.gc.internal.marksweep;

import org.korlang.gc.internal.space.MatureSpacesPolicy;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.space.MatureSpaces;
import org.osgi.service.component.annotations.Component;

/**
 * The full-heap non-moving mark-sweep policy as a DS service ({@code gc.policy=marksweep}). Stateless:
 * every heap gets its own {@link MarkSweepPlan}. Its plan window and the in-place switch from the other mature-spaces
 * policy come from {@link MatureSpacesPolicy}.
 */
@Component(service = GcPolicy.class, property = GcPolicy.PROPERTY + "=" + MarkSweepPolicy.NAME)
public final class MarkSweepPolicy extends MatureSpacesPolicy {

    public static final String NAME = "marksweep";

    public MarkSweepPolicy() {
        super(NAME);
    }

    @Override
    public GcPlan createPlan(HeapContext context) {
        return MarkSweepPlan.create(context);
    }

    @Override
    protected GcPlan adopt(HeapContext context, MatureSpaces.Owner owner) {
        return MarkSweepPlan.adopt(context, owner);
    }
}
