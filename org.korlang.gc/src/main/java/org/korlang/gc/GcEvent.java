package org.korlang.gc;

/**
 * One finished collection, measured: when it started (nanoTime), how long the world was stopped
 * ({@code pauseNanos}, including the time to reach the safepoint, {@code timeToSafepointNanos}),
 * heap occupancy before and after, and bytes moved from the young to the old generation.
 *
 * @param sequence            1-based number of the collection in this heap
 * @param kind                what was collected (a requested young collection may be escalated to full)
 * @param cause               why it ran
 * @param policy              the policy that ran it
 * @param startNanos          {@link System#nanoTime()} when the stop was requested
 * @param pauseNanos          stop requested until mutators resumed
 * @param timeToSafepointNanos stop requested until every mutator was stopped
 * @param bytesBefore         heap occupancy before
 * @param bytesAfter          heap occupancy after
 * @param bytesPromoted       bytes promoted to the old generation
 */
public record GcEvent(long sequence, CollectionKind kind, GcCause cause, String policy, long startNanos,
        long pauseNanos, long timeToSafepointNanos, long bytesBefore, long bytesAfter, long bytesPromoted) {
}
