package org.korlang.sync;

import java.util.concurrent.TimeUnit;

/**
 * Tuning of a {@link FutexSync}.
 *
 * @param spinLimit          how many times a contended operation re-checks its word (with
 *                           {@link Thread#onSpinWait()}) before it sleeps in the kernel; 0 sleeps at once
 * @param interruptPollNanos longest single kernel wait of an interruptible or timed wait: a thread
 *                           asleep in a futex wait is not woken by {@link Thread#interrupt()}, so
 *                           interruptible waits sleep in slices of this length and check the
 *                           interrupt status between slices (an interrupt is noticed within this time)
 * @param slabBytes          bytes of native memory mapped at a time for futex words (64-byte lines,
 *                           one per primitive); rounded up to whole pages
 */
public record SyncOptions(int spinLimit, long interruptPollNanos, int slabBytes) {

    /** 20 spins, 20 ms interrupt polling, 64 KiB slabs. */
    public static final SyncOptions DEFAULTS =
            new SyncOptions(20, TimeUnit.MILLISECONDS.toNanos(20), FutexArena.DEFAULT_SLAB_BYTES);

    public SyncOptions {
        if (spinLimit < 0) {
            throw new IllegalArgumentException("spinLimit must be >= 0: " + spinLimit);
        }
        if (interruptPollNanos < TimeUnit.MICROSECONDS.toNanos(100) || interruptPollNanos > TimeUnit.SECONDS.toNanos(10)) {
            throw new IllegalArgumentException("interruptPollNanos must lie in [100 us, 10 s]: " + interruptPollNanos);
        }
        if (slabBytes < Line.BYTES || slabBytes % Line.BYTES != 0 || slabBytes > (1 << 26)) {
            throw new IllegalArgumentException("slabBytes must be a multiple of " + Line.BYTES + " in [64, 64 MiB]: " + slabBytes);
        }
    }

    /** These options with another spin limit. */
    public SyncOptions withSpinLimit(int spins) {
        return new SyncOptions(spins, interruptPollNanos, slabBytes);
    }

    /** These options with another interrupt polling interval. */
    public SyncOptions withInterruptPoll(long duration, TimeUnit unit) {
        return new SyncOptions(spinLimit, unit.toNanos(duration), slabBytes);
    }
}
