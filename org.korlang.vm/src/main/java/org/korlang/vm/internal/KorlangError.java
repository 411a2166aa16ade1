package org.korlang.vm.internal;

/**
 * A runtime error of the running program (division by zero, index out of bounds, null, panic,
 * stack overflow, out of memory): unwinds the interpreter, which prints {@code error: message} and the
 * Korlang stack trace. Carries no Java stack trace (never shown, and cheap to throw).
 */
public final class KorlangError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KorlangError(String message) {
        super(message, null, false, false);
    }
}
