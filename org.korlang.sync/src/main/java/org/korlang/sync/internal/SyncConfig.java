package org.korlang.sync.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** ConfigAdmin settings of the {@code org.korlang.sync} component (see {@link org.korlang.sync.SyncOptions}). */
@ObjectClassDefinition(id = SyncConfig.PID, name = "Korlang sync primitives",
        description = "Tuning of the futex-based locks, conditions and channels")
public @interface SyncConfig {
    String PID = "org.korlang.sync";

    @AttributeDefinition(name = "Spin limit", min = "0",
            description = "Re-checks of a contended word before sleeping in the kernel (0: sleep at once)")
    int spinLimit() default 20;

    @AttributeDefinition(name = "Interrupt poll (ms)", min = "1", max = "10000",
            description = "Longest kernel sleep of an interruptible wait; an interrupt is noticed within this time")
    int interruptPollMillis() default 20;

    @AttributeDefinition(name = "Slab size (KiB)", min = "4", max = "65536",
            description = "Native memory mapped at a time for futex words (64-byte lines)")
    int slabKiB() default 64;
}
