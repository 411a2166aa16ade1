package org.korlang.arch.aarch64.internal;

import org.korlang.arch.common.ShimArchContract;

/**
 * The aarch64 Arch against the real kernel and the real shim (the shared contract), with the
 * generic system-call numbers aarch64 uses (include/uapi/asm-generic/unistd.h). Runs only on Linux
 * aarch64: skipped on this project's x86_64 build machines, where the C harness under qemu-aarch64
 * tests the shim instead.
 */
class Aarch64ArchTest extends ShimArchContract {

    Aarch64ArchTest() {
        super(Aarch64Arch.CPU, Aarch64Arch::load, new LinuxSyscalls(
                /* read */ 63, /* write */ 64, /* close */ 57, /* mmap */ 222, /* munmap */ 215,
                /* getpid */ 172, /* pipe2 */ 59, /* memfd_create */ 279));
    }
}
