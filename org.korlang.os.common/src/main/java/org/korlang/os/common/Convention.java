package org.korlang.os.common;

import org.korlang.arch.Arch;

/*
 * How a kernel is entered, as far as the OS port is concerned.
 *
 * Both conventions return the raw result with failures folded into [-4095, -1] (the negated errno):
 * Linux does that itself; on Darwin the kernel sets the carry flag and returns a positive errno, and
 * the arch shim behind Arch.syscall6Darwin folds the two into the same shape. So the port reads
 * every result the same way (SyscallOs.isError) and only the entry point differs.
 */

/** The system-call entry point of a kernel family. */
public enum Convention {
    /** Linux: the result register carries {@code -errno} on failure. */
    LINUX {
        @Override
        long invoke(Arch arch, long number, long a1, long a2, long a3, long a4, long a5, long a6) {
            return arch.syscall6(number, a1, a2, a3, a4, a5, a6);
        }
    },
    /** Darwin: carry flag plus positive errno, folded into {@code -errno} by the arch shim. */
    DARWIN {
        @Override
        long invoke(Arch arch, long number, long a1, long a2, long a3, long a4, long a5, long a6) {
            return arch.syscall6Darwin(number, a1, a2, a3, a4, a5, a6);
        }
    };

    abstract long invoke(Arch arch, long number, long a1, long a2, long a3, long a4, long a5, long a6);
}
