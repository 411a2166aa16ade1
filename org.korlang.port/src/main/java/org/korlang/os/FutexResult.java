package org.korlang.os;

/** How a {@link Os#futexWait} ended. */
public enum FutexResult {
    /** Woken by a wake call (or spuriously: callers re-check their condition). */
    WOKEN,
    /** The word did not hold the expected value when the kernel looked. */
    VALUE_MISMATCH,
    /** The timeout elapsed. */
    TIMED_OUT,
    /** A signal interrupted the wait. */
    INTERRUPTED
}
