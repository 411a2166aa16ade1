package org.korlang.arch.x86_64.internal;

import java.util.Set;

import org.korlang.arch.Arch;
import org.korlang.arch.common.ObjectFileHeader;
import org.korlang.arch.common.HostPlatform;
import org.korlang.arch.common.ShimArch;
import org.korlang.arch.common.ShimCpu;
import org.korlang.arch.common.ShimLibraryLoader;
import org.korlang.arch.common.ShimUnavailableException;

/**
 * {@link Arch} for x86_64: the shared {@link ShimArch} (org.korlang.arch.common, inlined into this
 * bundle) over {@link X86_64Shim}'s natives. What is x86_64 about it is {@link #CPU}.
 *
 * <p>Outside OSGi (unit tests of other modules, JMH), obtain one with {@link #load()}; inside
 * OSGi, {@link X86_64ArchComponent} registers one as a service. The class lives in a private
 * package: consumers in the framework only ever see {@link Arch}.
 */
public final class X86_64Arch extends ShimArch {

    /** The value of the {@link Arch#PROCESSOR} service property. */
    public static final String PROCESSOR = "x86_64";

    /** The x86_64 facts: the JDK says {@code amd64}, some JVMs {@code x86_64}; 8-byte words; EM_X86_64. */
    static final ShimCpu CPU = new ShimCpu(PROCESSOR, Set.of("amd64", "x86_64", "x86-64"), 8,
            ObjectFileHeader.EM_X86_64, ObjectFileHeader.CPU_TYPE_X86_64);

    private X86_64Arch(X86_64Shim shim) {
        super(CPU, shim);
    }

    /**
     * Loads the shim for this machine and returns an {@code Arch} over it, for code that runs
     * without OSGi. Looks for the library as {@link ShimLibraryLoader} describes (the property
     * {@code korlang.arch.x86_64.library}, then {@code System.loadLibrary}, then the classpath), the
     * ELF one on Linux, the Mach-O one on macOS.
     *
     * @throws ShimUnavailableException if this is not Linux or macOS on x86_64, or the library
     *         cannot be loaded; the message says why
     */
    public static X86_64Arch load() {
        return load(HostPlatform.current());
    }

    /**
     * {@link #load()} for {@code host} — in the framework, the machine as the CPU ports there name
     * it ({@link org.korlang.arch.common.InstalledPorts#machine}), which is what a refusal
     * calls this machine.
     */
    static X86_64Arch load(HostPlatform host) {
        return load(host, ShimLibraryLoader.standard(CPU, host, X86_64Arch.class.getClassLoader()));
    }

    static X86_64Arch load(HostPlatform host, ShimLibraryLoader loader) {
        return new X86_64Arch(bind(CPU, host, loader, X86_64Shim.class, X86_64Shim::new));
    }
}
