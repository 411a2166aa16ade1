package org.korlang.arch.aarch64.internal;

/**
 * The aarch64 shim cannot be used on this machine: wrong processor or operating system, or the
 * library could not be found or loaded. The message says which, and what was tried.
 */
public final class ShimUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ShimUnavailableException(String message) {
        super(message);
    }

    ShimUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
