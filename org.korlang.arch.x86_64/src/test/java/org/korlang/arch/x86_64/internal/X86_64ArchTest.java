package org.korlang.arch.x86_64.internal;

import org.korlang.arch.common.ShimArchContract;

/**
 * The x86_64 Arch against the real kernel and the real shim (the shared contract), with the
 * x86_64 system-call numbers (arch/x86/entry/syscalls/syscall_64.tbl). Runs only on Linux x86_64.
 */
class X86_64ArchTest extends ShimArchContract {

    X86_64ArchTest() {
        super(X86_64Arch.CPU, X86_64Arch::load, new LinuxSyscalls(
                /* read */ 0, /* write */ 1, /* close */ 3, /* mmap */ 9, /* munmap */ 11,
                /* getpid */ 39, /* pipe2 */ 293, /* memfd_create */ 319));
    }
}
