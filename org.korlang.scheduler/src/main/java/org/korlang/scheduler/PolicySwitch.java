package org.korlang.scheduler;

/**
 * One finished policy swap of a scheduler (the swap protocol of {@link Scheduler}): the new
 * runtime was started, published, and the old one closed (its queued tasks forwarded to the new one).
 *
 * @param sequence      1-based number of the swap in this scheduler ({@link SchedulerMetrics#swaps()} after it)
 * @param from          the policy that ran before, or {@code "none"} when no policy was running
 * @param to            the policy that runs now, or {@code "none"} when the last policy left
 * @param startNanos    {@link System#nanoTime()} when the swap began
 * @param durationNanos from the start of the new runtime until the old one was closed
 * @since 1.1
 */
public record PolicySwitch(long sequence, String from, String to, long startNanos, long durationNanos) {
}
