package org.korlang.gc.internal.core;

import java.util.Arrays;

/** Pause times of one collection kind: count, total, maximum and percentiles over the last 4096. */
final class PauseRecorder {

    private static final int WINDOW = 4096;
    private final long[] recent = new long[WINDOW];
    private long count;
    private long total;
    private long max;

    synchronized void record(long nanos) {
        recent[(int) (count % WINDOW)] = nanos;
        count++;
        total += nanos;
        max = Math.max(max, nanos);
    }

    synchronized long count() {
        return count;
    }

    synchronized long total() {
        return total;
    }

    synchronized long max() {
        return max;
    }

    /** The {@code p}-th percentile (0..100) of the recent pauses, nearest-rank; 0 if none. */
    synchronized long percentile(double p) {
        int n = (int) Math.min(count, WINDOW);
        if (n == 0) {
            return 0;
        }
        long[] copy = Arrays.copyOf(recent, n);
        Arrays.sort(copy);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return copy[Math.max(0, Math.min(n - 1, rank - 1))];
    }
}
