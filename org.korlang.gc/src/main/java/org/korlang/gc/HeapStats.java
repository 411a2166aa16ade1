package org.korlang.gc;

/**
 * A snapshot of heap statistics. Byte counts are object bytes (old generation: size-class cells;
 * large objects: whole pages).
 *
 * @param policy            active policy name
 * @param youngUsed         bytes allocated in the young generation (eden + survivor) now
 * @param youngCapacity     capacity of the young generation (eden + survivors)
 * @param oldUsed           bytes in the old generation (cells in use)
 * @param largeUsed         bytes of large objects
 * @param heapLimit         configured limit for old + large objects
 * @param minorCollections  young collections so far
 * @param fullCollections   full collections so far
 * @param minorPauseNanos   total pause of young collections
 * @param fullPauseNanos    total pause of full collections
 * @param minorPauseP50Nanos median of recent young pauses (0 if none)
 * @param minorPauseP99Nanos 99th percentile of recent young pauses
 * @param minorPauseMaxNanos longest young pause so far
 * @param fullPauseP50Nanos median of recent full pauses
 * @param fullPauseP99Nanos 99th percentile of recent full pauses
 * @param fullPauseMaxNanos longest full pause so far
 * @param bytesAllocated    bytes allocated by mutators since creation
 * @param bytesPromoted     bytes promoted since creation
 * @param mutators          attached mutators
 * @param globalHandles     open global handles
 * @param types             registered types
 * @param mappedBytes       native bytes mapped through Os (virtual reservation)
 */
public record HeapStats(String policy, long youngUsed, long youngCapacity, long oldUsed, long largeUsed,
        long heapLimit, long minorCollections, long fullCollections, long minorPauseNanos, long fullPauseNanos,
        long minorPauseP50Nanos, long minorPauseP99Nanos, long minorPauseMaxNanos, long fullPauseP50Nanos,
        long fullPauseP99Nanos, long fullPauseMaxNanos, long bytesAllocated, long bytesPromoted, int mutators,
        int globalHandles, int types, long mappedBytes) {

    /** Bytes occupied by objects in all spaces. */
    public long usedBytes() {
        return youngUsed + oldUsed + largeUsed;
    }
}
