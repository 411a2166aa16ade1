package org.korlang.observe.internal.jmx;

import javax.management.openmbean.CompositeData;

/**
 * {@code org.korlang:type=MemoryPool,name=<space>}: one space of the managed heap as the JDK's
 * {@code MemoryPoolMXBean} shows a pool. Usages are {@code MemoryUsage} composites.
 */
public interface MemoryPoolMBean {

    String getName();

    /** Always {@code HEAP}. */
    String getType();

    boolean isValid();

    /** Bytes now. */
    CompositeData getUsage();

    /** The highest use seen since the start or the last {@link #resetPeakUsage()}. */
    CompositeData getPeakUsage();

    /** Use right after the last collection (null before the first). */
    CompositeData getCollectionUsage();

    /** The active policy. */
    String[] getMemoryManagerNames();

    void resetPeakUsage();
}
