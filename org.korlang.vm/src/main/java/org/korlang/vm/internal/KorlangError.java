package org.korlang.vm.internal;

/**
 * A runtime error of the running program (division by zero, index out of bounds, null, panic,
 * stack overflow, out of memory): unwinds the interpreter, which prints {@code error: message} and the
 * Korlang stack trace. Carries no Java stack trace (never shown, and cheap to throw).
 */
public final class KorlangError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** For an await of a failed task (#12): the failed task's stack trace, shown before the awaiter's. */
    final String taskTrace;

    public KorlangError(String message) {
        this(message, null);
    }

    public KorlangError(String message, String taskTrace) {
        super(message, null, false, false);
        this.taskTrace = taskTrace;
    }

    /** The failed task's trace when this error is an await of a failed task, else null. */
    public String taskTrace() {
        return taskTrace;
    }
}
