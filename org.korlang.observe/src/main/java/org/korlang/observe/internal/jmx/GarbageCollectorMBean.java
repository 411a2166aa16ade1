package org.korlang.observe.internal.jmx;

import javax.management.openmbean.CompositeData;

/**
 * {@code org.korlang:type=GarbageCollector,name=<policy>}: the active GC policy as the JDK's
 * {@code com.sun.management.GarbageCollectorMXBean} shows a collector. Counts and times are those
 * of the collections this policy ran in this heap (young, full and the switches to it); it emits a
 * {@code com.sun.management.gc.notification} after each.
 */
public interface GarbageCollectorMBean {

    /** The policy's name ({@code gc.policy}). */
    String getName();

    /** True while this policy runs the heap (the MBean is unregistered when it stops). */
    boolean isValid();

    /** Collections run by this policy. */
    long getCollectionCount();

    /** Their total pause, in milliseconds. */
    long getCollectionTime();

    /** The pools this collector manages: young, old, large. */
    String[] getMemoryPoolNames();

    /** The last collection as a GcInfo composite (null before the first). */
    CompositeData getLastGcInfo();
}
