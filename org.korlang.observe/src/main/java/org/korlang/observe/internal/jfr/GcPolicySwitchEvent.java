package org.korlang.observe.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** {@code org.korlang.gc.PolicySwitch}: the live heap moved from one GC policy to another. */
@Name("org.korlang.gc.PolicySwitch")
@Label("Korlang GC Policy Switch")
@Category({"Korlang", "GC"})
@Description("The managed heap switched its collection policy (stop-the-world)")
public final class GcPolicySwitchEvent extends jdk.jfr.Event {

    @Label("GC Id")
    public long gcId;

    @Label("From")
    public String from;

    @Label("To")
    public String to;

    @Label("Pause")
    @Timespan(Timespan.NANOSECONDS)
    public long pause;

    @Label("Heap Used Before")
    @DataAmount
    public long heapUsedBefore;

    @Label("Heap Used After")
    @DataAmount
    public long heapUsedAfter;
}
