package org.korlang.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/*
 * Waiting for a condition in a test, the one way: poll the condition (1 ms apart, so a check
 * costs nothing measurable) until it holds, and fail with the description once the deadline
 * passes. Never a sleep standing in for "the other thread got there": the condition is what
 * proves it got there, the deadline only turns a hang into a failure that says what was awaited.
 * An interrupt of the waiting thread fails too (its interrupt status is kept).
 */
public final class Eventually {

    /** Long enough for any legitimate wait in a test on a loaded 2-core machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private Eventually() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws AssertionError naming {@code description} if it does not hold within {@code timeout},
     *         or if the waiting thread is interrupted
     */
    public static void await(String description, BooleanSupplier condition, Duration timeout) {
        await(() -> description, condition, timeout);
    }

    /**
     * {@link #await(String, BooleanSupplier, Duration)} with a description made when the wait
     * fails, so it can show the state the condition last saw.
     */
    public static void await(Supplier<String> description, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + description.get());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + description.get(), e);
            }
        }
    }

    /** {@link #await(String, BooleanSupplier, Duration)} with {@link #PATIENCE}. */
    public static void await(String description, BooleanSupplier condition) {
        await(description, condition, PATIENCE);
    }
}
