package org.korlang.os.linux.internal;

import org.korlang.arch.Arch;

/** The Linux contract over libc's syscall(2) through JNA (test-only Arch). */
class OnLibcSyscallTest extends LinuxKernelContract {
    @Override
    Arch newArch() {
        return new JnaSyscallArch();
    }
}
