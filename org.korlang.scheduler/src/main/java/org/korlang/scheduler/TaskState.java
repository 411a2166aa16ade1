package org.korlang.scheduler;

/** Where a task is in its life. */
public enum TaskState {
    /** Waiting in a queue (a yielding task between two steps is queued as well). */
    QUEUED,
    /** A worker is running it. */
    RUNNING,
    /** It returned a value. */
    SUCCEEDED,
    /** It threw. */
    FAILED,
    /** It was cancelled, by {@link TaskHandle#cancel()} or by shutdown. */
    CANCELLED;

    /** Whether this is one of the three final states. */
    public boolean isDone() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
