package org.korlang.observe.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** {@code org.korlang.scheduler.PolicySwitch}: the scheduler swapped its policy (no task lost). */
@Name("org.korlang.scheduler.PolicySwitch")
@Label("Korlang Scheduler Policy Switch")
@Category({"Korlang", "Scheduler"})
@Description("The task scheduler swapped its policy: queued tasks moved, running tasks finish where they run")
public final class SchedulerPolicySwitchEvent extends jdk.jfr.Event {

    @Label("Swap")
    @Description("1-based number of the swap in this scheduler")
    public long swap;

    @Label("From")
    public String from;

    @Label("To")
    public String to;

    @Label("Swap Duration")
    @Timespan(Timespan.NANOSECONDS)
    public long swapDuration;
}
