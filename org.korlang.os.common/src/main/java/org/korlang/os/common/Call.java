package org.korlang.os.common;

/*
 * The vocabulary of system calls that the OS ports make.
 *
 * A Call names what the port wants done; a KernelTable maps it to the number (and the kernel's own
 * name, for error messages) on one OS and processor. Not every kernel has every call: Linux uses
 * FUTEX, CLOCK_GETTIME, NANOSLEEP, UNAME and GETRANDOM, Darwin uses ULOCK_WAIT/ULOCK_WAKE,
 * GETTIMEOFDAY, SELECT, SYSCTL and GETENTROPY instead. A table that lacks a call the port asks for is
 * a programming error (IllegalStateException), never a silent wrong number.
 */

/** A system call that an OS port can make; see {@link KernelTable} for its number. */
public enum Call {
    READ, WRITE, OPENAT, CLOSE, LSEEK, FSTAT,
    /** fstatat (Linux newfstatat, Darwin fstatat64), unlinkat, mkdirat. */
    FSTATAT, UNLINKAT, MKDIRAT,
    /** Linux getdents64, Darwin getdirentries64. */
    GETDENTS,
    MMAP, MUNMAP, MPROTECT, MADVISE,
    GETPID, GETTID, SCHED_YIELD,
    /** Ends the process: Linux exit_group(2), Darwin exit(2) (which ends every thread too). */
    EXIT_GROUP,
    /** Linux futex(2). */
    FUTEX,
    /** Darwin __ulock_wait / __ulock_wake. */
    ULOCK_WAIT, ULOCK_WAKE,
    /** Linux clock_gettime(2), nanosleep(2), uname(2), getrandom(2). */
    CLOCK_GETTIME, NANOSLEEP, UNAME, GETRANDOM,
    /** Darwin gettimeofday(2) (with its mach_absolute_time out-parameter), select(2), sysctl(2), getentropy(2). */
    GETTIMEOFDAY, SELECT, SYSCTL, GETENTROPY
}
