package org.korlang.observe.internal.jmx;

/**
 * {@code org.korlang:type=Heap}: the managed heap. Writing {@code Policy} switches the live heap,
 * exactly as {@code gc:policy <name>} does.
 */
public interface HeapMBean {

    String getPolicy();

    /** Switches the live heap (stop the world; see gc:policy). */
    void setPolicy(String name);

    /** The GC policies installed now. */
    String[] getAvailablePolicies();

    long getUsed();

    long getYoungUsed();

    long getYoungCapacity();

    long getOldUsed();

    long getLargeUsed();

    /** Limit of old plus large objects. */
    long getLimit();

    long getMinorCollections();

    long getFullCollections();

    long getMinorPauseMillis();

    long getFullPauseMillis();

    long getBytesAllocated();

    long getBytesPromoted();

    int getMutators();

    int getGlobalHandles();

    long getMappedBytes();
}
