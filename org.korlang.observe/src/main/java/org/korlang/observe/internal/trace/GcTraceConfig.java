package org.korlang.observe.internal.trace;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@value #PID}: the GC trace line (also on with the environment's KORLANG_GCTRACE=1). */
@ObjectClassDefinition(id = GcTraceConfig.PID, name = "Korlang GC trace",
        description = "One line per collection on standard error, as Go's GODEBUG=gctrace=1 or HotSpot's -Xlog:gc")
public @interface GcTraceConfig {

    String PID = "org.korlang.observe.gctrace";

    @AttributeDefinition(name = "Enabled", description = "Print one line per collection and policy switch "
            + "(KORLANG_GCTRACE=1 in the environment turns it on as well)")
    boolean enabled() default false;
}
