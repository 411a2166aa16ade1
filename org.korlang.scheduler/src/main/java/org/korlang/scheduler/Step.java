package org.korlang.scheduler;

/** What a {@link YieldingTask} step asks for: to be resumed later, or to complete with a value. */
public final class Step<T> {

    private static final Step<?> AGAIN = new Step<>(false, null);

    private final boolean done;
    private final T value;

    private Step(boolean done, T value) {
        this.done = done;
        this.value = value;
    }

    /** Yield: re-queue the task and run its next step later. */
    @SuppressWarnings("unchecked")
    public static <T> Step<T> again() {
        return (Step<T>) AGAIN;
    }

    /** Complete the task with {@code value} (may be null). */
    public static <T> Step<T> done(T value) {
        return new Step<>(true, value);
    }

    /** Whether the task completes with this step. */
    public boolean isDone() {
        return done;
    }

    /** The value of a completing step ({@code null} for {@link #again()}). */
    public T value() {
        return value;
    }

    @Override
    public String toString() {
        return done ? "Step.done(" + value + ")" : "Step.again()";
    }
}
