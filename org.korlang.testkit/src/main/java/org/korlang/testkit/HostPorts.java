package org.korlang.testkit;

import org.korlang.arch.x86_64.internal.X86_64Arch;
import org.korlang.os.Os;
import org.korlang.os.mappings.MappingRegistry;
import org.korlang.os.linux.internal.LinuxOs;

/*
 * The one place tests, the JMH benchmarks and the GC torture wire the host's ports by hand, as the
 * framework does with DS: the real
 * Linux Os (raw syscall instruction, no libc) over the x86_64 Arch. The Arch is loaded once per
 * test JVM (loading it loads the native shim library); every os() is a fresh LinuxOs with its own
 * mapping registry, as each test heap or sync wants.
 */
public final class HostPorts {

    private static X86_64Arch arch;

    private HostPorts() {
    }

    /** The x86_64 Arch, loaded on first use. */
    public static synchronized X86_64Arch arch() {
        if (arch == null) {
            arch = X86_64Arch.load();
        }
        return arch;
    }

    /** A fresh Linux Os over {@link #arch()} with its own mapping registry. */
    public static Os os() {
        return new LinuxOs(arch(), new MappingRegistry());
    }
}
