package org.korlang.gc.spi;

/** Occupancy of a plan's spaces, in bytes. Non-generational plans report everything as old. */
public record SpaceUsage(long youngUsed, long youngCapacity, long oldUsed, long largeUsed) {

    public long total() {
        return youngUsed + oldUsed + largeUsed;
    }
}
