package org.korlang.scheduler;

/**
 * Thrown by a join when the task threw; the cause is the task's own exception (the same object for
 * every join), and this exception's stack trace is the joiner's.
 */
public class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TaskFailedException(Throwable cause) {
        super("task failed: " + cause, cause);
    }
}
