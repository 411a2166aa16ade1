package org.korlang.observe.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * {@code org.korlang.gc.GarbageCollection}: one collection (or policy switch) of the managed heap.
 * The event's own duration runs from the moment the world was stopped to the moment the collector's
 * listeners heard it finished; {@code pause} is the heap's own measure (stop requested to resume).
 */
@Name("org.korlang.gc.GarbageCollection")
@Label("Korlang Garbage Collection")
@Category({"Korlang", "GC"})
@Description("A stop-the-world collection or policy switch of the Korlang managed heap")
public final class GarbageCollectionEvent extends jdk.jfr.Event {

    @Label("GC Id")
    @Description("1-based number of the collection in this heap")
    public long gcId;

    @Label("Policy")
    public String policy;

    @Label("Kind")
    @Description("young, full or swap")
    public String kind;

    @Label("Cause")
    public String cause;

    @Label("Pause")
    @Timespan(Timespan.NANOSECONDS)
    public long pause;

    @Label("Time to Safepoint")
    @Timespan(Timespan.NANOSECONDS)
    public long timeToSafepoint;

    @Label("Heap Used Before")
    @DataAmount
    public long heapUsedBefore;

    @Label("Heap Used After")
    @DataAmount
    public long heapUsedAfter;

    @Label("Promoted")
    @DataAmount
    public long promoted;
}
