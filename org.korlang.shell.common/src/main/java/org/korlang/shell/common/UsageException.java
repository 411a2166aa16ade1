package org.korlang.shell.common;

/**
 * A shell command called with the wrong arguments. Its text is the whole message — the one-line
 * usage — because Gogo's interactive shell prints a failed command's exception with
 * {@code toString()}, which would otherwise put the class name in front of it.
 *
 * <p>Written once here and inlined privately (bnd {@code -conditionalpackage}) into every bundle
 * with commands, so each bundle has its own copy at run time and none depends on another for it.
 */
public final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UsageException(String usage) {
        super(usage);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
