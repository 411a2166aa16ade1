package org.korlang.os;

/**
 * A system call that the kernel failed: the errno number (as this OS numbers it), its symbolic
 * name ({@code ENOENT}, …) and the name of the system call.
 */
public class OsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String syscall;
    private final int errno;
    private final String errnoName;

    public OsException(String syscall, int errno, String errnoName) {
        super(syscall + ": " + errnoName + " (errno " + errno + ")");
        this.syscall = syscall;
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /** The system call that failed, e.g. {@code "openat"}. */
    public String syscall() { return syscall; }

    /** The errno number as the running OS numbers it. */
    public int errno() { return errno; }

    /** The symbolic errno name, e.g. {@code "ENOENT"}; {@code "E<n>"} for numbers the port does not name. */
    public String errnoName() { return errnoName; }

    /** Whether this failure has the given symbolic errno name. */
    public boolean is(String name) { return errnoName.equals(name); }
}
