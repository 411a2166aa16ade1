package org.korlang.arch.common;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The facts that make one CPU port different from another, as far as the shared Java code cares.
 *
 * <p>Given per port, by the arch bundle ({@code X86_64Arch.CPU}, {@code Aarch64Arch.CPU}):
 * <ul>
 * <li>{@code processor} — the port's name, the value of the {@code arch.processor} service property
 *     and of {@code Arch.name()} ({@code x86_64}, {@code aarch64});
 * <li>{@code jvmArchNames} — every {@code os.arch} value a JVM reports on that processor (the JDK
 *     says {@code amd64} on x86_64; some JVMs say {@code x86_64});
 * <li>{@code wordSize} — bytes in a pointer, {@code Arch.wordSize()};
 * <li>{@code elfMachine} — the {@code e_machine} number of the processor's ELF files
 *     ({@link ObjectFileHeader#EM_X86_64}, {@link ObjectFileHeader#EM_AARCH64}): what the Linux
 *     library's header must say;
 * <li>{@code machoCpuType} — the {@code cputype} of the processor's Mach-O files
 *     ({@link ObjectFileHeader#CPU_TYPE_X86_64}, {@link ObjectFileHeader#CPU_TYPE_ARM64}): what the
 *     macOS library's header must say.
 * </ul>
 * Everything else follows from the processor name by the build's naming rules — the same rules
 * the arch modules' build (org.korlang.arch.parent/shim-build.sh: library files), bnd.bnd
 * ({@code -includeresource}, {@code Bundle-NativeCode}) and the shim ({@code -soname}, install
 * name) follow: library {@code korlang_<processor>}, system property
 * {@code korlang.arch.<processor>.library}, and per operating system the file and resource that
 * {@link ShimOs} names ({@code /linux-<processor>/libkorlang_<processor>.so},
 * {@code /macos-<processor>/libkorlang_<processor>.dylib}). Each arch module's tests check that the
 * built libraries really carry those names and headers.
 *
 * <p>A value with no side effects; the compact constructor rejects what would make a broken port.
 */
public record ShimCpu(String processor, Set<String> jvmArchNames, int wordSize, int elfMachine, int machoCpuType) {

    public ShimCpu {
        Objects.requireNonNull(processor, "processor");
        if (!processor.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("processor must be a lower-case identifier (it names"
                    + " the library and the bundle), was '" + processor + "'");
        }
        Objects.requireNonNull(jvmArchNames, "jvmArchNames");
        if (jvmArchNames.isEmpty()) {
            throw new IllegalArgumentException("jvmArchNames must name at least one os.arch value");
        }
        jvmArchNames = jvmArchNames.stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (wordSize != 4 && wordSize != 8) {
            throw new IllegalArgumentException("wordSize must be 4 or 8 bytes, was " + wordSize);
        }
        if (elfMachine <= 0 || elfMachine > 0xFFFF) {
            throw new IllegalArgumentException("elfMachine must be an ELF e_machine number (1..65535),"
                    + " was " + elfMachine);
        }
        if ((machoCpuType & 0x01000000) == 0) {
            throw new IllegalArgumentException("machoCpuType must be a 64-bit Mach-O cputype"
                    + " (CPU_ARCH_ABI64 set), was 0x" + Integer.toHexString(machoCpuType));
        }
    }

    /** The name given to {@code System.loadLibrary} and to JNA: {@code korlang_<processor>}. */
    public String libraryName() {
        return "korlang_" + processor;
    }

    /** The library's file name on {@code os} (on Linux also its {@code -soname}). */
    public String libraryFileName(ShimOs os) {
        return os.libraryFileName(this);
    }

    /** Where the library for {@code os} sits in the bundle (and on a classpath that holds the jar). */
    public String resourcePath(ShimOs os) {
        return os.resourcePath(this);
    }

    /** The system property that names the library file explicitly. */
    public String pathProperty() {
        return "korlang.arch." + processor + ".library";
    }

    /** How the port's one log line (the refusal) begins: {@code korlang arch.<processor>: }. */
    public String logPrefix() {
        return "korlang arch." + processor + ": ";
    }

    /** The {@code service.description} of the port's Arch service. */
    public String serviceDescription() {
        return "Korlang " + processor + " shim (raw syscall, context switch, cpu relax, cycle counter)";
    }
}
