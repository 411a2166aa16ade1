package org.korlang.arch.aarch64.internal;

import java.util.Set;

import org.korlang.arch.Arch;
import org.korlang.arch.common.ObjectFileHeader;
import org.korlang.arch.common.HostPlatform;
import org.korlang.arch.common.ShimArch;
import org.korlang.arch.common.ShimCpu;
import org.korlang.arch.common.ShimLibraryLoader;
import org.korlang.arch.common.ShimUnavailableException;

/**
 * {@link Arch} for aarch64: the shared {@link ShimArch} (org.korlang.arch.common, inlined into
 * this bundle) over {@link Aarch64Shim}'s natives. What is aarch64 about it is {@link #CPU}.
 *
 * <p>Outside OSGi (unit tests of other modules, JMH), obtain one with {@link #load()}; inside
 * OSGi, {@link Aarch64ArchComponent} registers one as a service. The class lives in a private
 * package: consumers in the framework only ever see {@link Arch}.
 */
public final class Aarch64Arch extends ShimArch {

    /** The value of the {@link Arch#PROCESSOR} service property. */
    public static final String PROCESSOR = "aarch64";

    /**
     * The aarch64 facts: the JDK says {@code aarch64} ({@code arm64} is accepted as a synonym);
     * 8-byte words; EM_AARCH64.
     */
    static final ShimCpu CPU = new ShimCpu(PROCESSOR, Set.of("aarch64", "arm64"), 8,
            ObjectFileHeader.EM_AARCH64, ObjectFileHeader.CPU_TYPE_ARM64);

    private Aarch64Arch(Aarch64Shim shim) {
        super(CPU, shim);
    }

    /**
     * Loads the shim for this machine and returns an {@code Arch} over it, for code that runs
     * without OSGi. Looks for the library as {@link ShimLibraryLoader} describes (the property
     * {@code korlang.arch.aarch64.library}, then {@code System.loadLibrary}, then the classpath), the
     * ELF one on Linux, the Mach-O one on macOS.
     *
     * @throws ShimUnavailableException if this is not Linux or macOS on aarch64, or the library
     *         cannot be loaded; the message says why
     */
    public static Aarch64Arch load() {
        return load(HostPlatform.current());
    }

    /**
     * {@link #load()} for {@code host} — in the framework, the machine as the CPU ports there name
     * it ({@link org.korlang.arch.common.InstalledPorts#machine}), which is what a refusal
     * calls this machine.
     */
    static Aarch64Arch load(HostPlatform host) {
        return load(host, ShimLibraryLoader.standard(CPU, host, Aarch64Arch.class.getClassLoader()));
    }

    static Aarch64Arch load(HostPlatform host, ShimLibraryLoader loader) {
        return new Aarch64Arch(bind(CPU, host, loader, Aarch64Shim.class, Aarch64Shim::new));
    }
}
