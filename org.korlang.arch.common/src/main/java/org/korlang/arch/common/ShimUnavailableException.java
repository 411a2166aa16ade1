package org.korlang.arch.common;

/**
 * A CPU port's shim cannot be used on this machine: wrong processor or operating system, or the
 * library could not be found, loaded or bound. The message says which, and what was tried.
 *
 * <p>Thrown by {@code X86_64Arch.load()} / {@code Aarch64Arch.load()}; the arch bundle's component
 * turns it into its one log line and registers nothing.
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
