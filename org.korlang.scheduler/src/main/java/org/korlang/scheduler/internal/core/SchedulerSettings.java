package org.korlang.scheduler.internal.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The scheduler's tunables, validated. A policy runtime is started with one settings value and
 * keeps it; a change of settings restarts the runtime through the ordinary swap protocol.
 *
 * @param parallelism worker slots (at least 1)
 * @param maxSpareThreads threads allowed beyond the slots to compensate for blocked ones (0..32767)
 * @param spareKeepAlive how long an idle spare waits for work before it exits (positive)
 * @param shutdownGrace how long shutdown lets running tasks finish before cancelling their handles
 */
public record SchedulerSettings(int parallelism, int maxSpareThreads, Duration spareKeepAlive, Duration shutdownGrace) {

    /** The most spare threads that can be configured. */
    public static final int MAX_SPARE_THREADS = 32767;

    public SchedulerSettings {
        Objects.requireNonNull(spareKeepAlive, "spareKeepAlive");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (parallelism < 1 || parallelism > MAX_SPARE_THREADS) {
            throw new IllegalArgumentException("parallelism must be in [1, " + MAX_SPARE_THREADS + "]: " + parallelism);
        }
        if (maxSpareThreads < 0 || maxSpareThreads > MAX_SPARE_THREADS) {
            throw new IllegalArgumentException("maxSpareThreads must be in [0, " + MAX_SPARE_THREADS + "]: " + maxSpareThreads);
        }
        if (spareKeepAlive.isNegative() || spareKeepAlive.isZero()) {
            throw new IllegalArgumentException("spareKeepAlive must be positive: " + spareKeepAlive);
        }
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative: " + shutdownGrace);
        }
    }

    /** One slot per available processor, 256 spares that retire after 5 s idle, 2 s shutdown grace. */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(Runtime.getRuntime().availableProcessors(), 256,
                Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    /** Parallelism from configuration: 0 (or less) means one slot per available processor. */
    public static int parallelismOrCores(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    public SchedulerSettings withParallelism(int value) {
        return new SchedulerSettings(value, maxSpareThreads, spareKeepAlive, shutdownGrace);
    }

    public SchedulerSettings withMaxSpareThreads(int value) {
        return new SchedulerSettings(parallelism, value, spareKeepAlive, shutdownGrace);
    }

    public SchedulerSettings withSpareKeepAlive(Duration value) {
        return new SchedulerSettings(parallelism, maxSpareThreads, value, shutdownGrace);
    }

    public SchedulerSettings withShutdownGrace(Duration value) {
        return new SchedulerSettings(parallelism, maxSpareThreads, spareKeepAlive, value);
    }
}
