package org.korlang.scheduler.standalone;

import java.time.Duration;
import java.util.Objects;

import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.spi.SchedulerPolicy;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A scheduler started without OSGi, with both built-in policies ({@code work-stealing} and
 * {@code fifo}) available. {@link #close()} shuts it down: queued tasks are cancelled, running ones
 * get the shutdown grace period, and every handle completes.
 *
 * <pre>{@code
 * try (StandaloneScheduler scheduler = StandaloneScheduler.builder().parallelism(4).start()) {
 *     TaskHandle<Integer> answer = scheduler.spawn(() -> 6 * 7);
 *     assert answer.join() == 42;
 * }
 * }</pre>
 */
@ProviderType
public interface StandaloneScheduler extends Scheduler, AutoCloseable {

    /** Shuts the scheduler down; idempotent. */
    @Override
    void close();

    /** A builder with the defaults of the DS service. */
    static Builder builder() {
        return new Builder();
    }

    /** Settings of a standalone scheduler; every setter validates its argument. */
    final class Builder {

        private String policy = SchedulerPolicy.DEFAULT_POLICY;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private int maxSpareThreads = 256;
        private Duration spareKeepAlive = Duration.ofSeconds(5);
        private Duration shutdownGrace = Duration.ofSeconds(2);

        Builder() {
        }

        /** The policy to run: {@code work-stealing} (default) or {@code fifo}. */
        public Builder policy(String name) {
            this.policy = Objects.requireNonNull(name, "policy");
            return this;
        }

        /** Worker slots (at least 1); default one per available processor. */
        public Builder parallelism(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1: " + slots);
            }
            this.parallelism = slots;
            return this;
        }

        /** Threads allowed beyond the slots for blocking compensation (default 256). */
        public Builder maxSpareThreads(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("maxSpareThreads must not be negative: " + count);
            }
            this.maxSpareThreads = count;
            return this;
        }

        /** How long an idle spare thread waits before it exits (default 5 s). */
        public Builder spareKeepAlive(Duration keepAlive) {
            Objects.requireNonNull(keepAlive, "spareKeepAlive");
            if (keepAlive.isNegative() || keepAlive.isZero()) {
                throw new IllegalArgumentException("spareKeepAlive must be positive: " + keepAlive);
            }
            this.spareKeepAlive = keepAlive;
            return this;
        }

        /** How long close() lets running tasks finish before cancelling their handles (default 2 s). */
        public Builder shutdownGrace(Duration grace) {
            Objects.requireNonNull(grace, "shutdownGrace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative: " + grace);
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * Starts the scheduler.
         *
         * @throws org.korlang.scheduler.UnknownPolicyException if the policy is not a built-in one
         */
        public StandaloneScheduler start() {
            return StandaloneSchedulerImpl.start(policy, parallelism, maxSpareThreads, spareKeepAlive, shutdownGrace);
        }
    }
}
