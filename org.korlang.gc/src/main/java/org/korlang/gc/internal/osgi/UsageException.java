package org.korlang.gc.internal.osgi;

/**
 * A shell command called with the wrong arguments. Its text is the whole message — the one-line
 * usage — because Gogo's interactive shell prints a failed command's exception with
 * {@code toString()}, which would otherwise put the class name in front of it.
 */
final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UsageException(String usage) {
        super(usage);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
