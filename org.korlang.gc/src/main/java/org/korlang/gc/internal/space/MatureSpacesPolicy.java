package org.korlang.gc.internal.space;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.space.MatureSpaces;

/**
 * What the policies whose plans keep their long-lived objects in {@link MatureSpaces} (generational,
 * marksweep) have in common, written once:
 * <ul>
 * <li>the plan window they declare is the mature regions plus two young generations
 * ({@link MatureSpaces#windowBytes}), whichever of them runs — so a plan of either fits the window
 * the other sized;</li>
 * <li>they switch in place from any plan that declares the {@link MatureSpaces.Owner} capability
 * (generational and marksweep both do): the new plan adopts the spaces the owner hands over, no
 * object moves. From any other plan they return null and the heap retires or copies instead.</li>
 * </ul>
 * Subclasses are stateless DS components (every heap gets its own plan); they name themselves and
 * say how their plan is created and how it adopts the spaces.
 */
public abstract class MatureSpacesPolicy implements GcPolicy {

    private final String name;

    protected MatureSpacesPolicy(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The mature spaces and two young generations (see {@link MatureSpaces#windowBytes}). */
    @Override
    public final long windowBytes(HeapConfig config) {
        return MatureSpaces.windowBytes(config);
    }

    /** In place from a plan that declares {@link MatureSpaces.Owner}; null (not in place) from any other. */
    @Override
    public final GcPlan adoptPlan(HeapContext context, GcPlan previous) {
        return previous.capability(MatureSpaces.Owner.class).map(owner -> adopt(context, owner)).orElse(null);
    }

    /** This policy's plan over the spaces {@code owner} hands over, or null if it declines them. */
    protected abstract GcPlan adopt(HeapContext context, MatureSpaces.Owner owner);
}
