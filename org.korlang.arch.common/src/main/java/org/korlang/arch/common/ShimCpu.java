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
 *     ({@link ElfMachine#EM_X86_64}, {@link ElfMachine#EM_AARCH64}): what the shipped library's
 *     header must say.
 * </ul>
 * Everything else follows from the processor name by the build's naming rules — the same rules
 * the arch module's pom (library file), bnd.bnd ({@code -includeresource}, {@code
 * Bundle-NativeCode}) and shim ({@code -soname}) follow: library {@code korlang_<processor>}, file
 * {@code libkorlang_<processor>.so}, resource {@code /linux-<processor>/libkorlang_<processor>.so},
 * system property {@code korlang.arch.<processor>.library}. Each arch module's tests check that the
 * resource is really found under that name.
 *
 * <p>A value with no side effects; the compact constructor rejects what would make a broken port.
 */
public record ShimCpu(String processor, Set<String> jvmArchNames, int wordSize, int elfMachine) {

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
    }

    /** The name given to {@code System.loadLibrary} and to JNA: {@code korlang_<processor>}. */
    public String libraryName() {
        return "korlang_" + processor;
    }

    /** The library's file name, which is also its {@code -soname}: {@code libkorlang_<processor>.so}. */
    public String libraryFileName() {
        return "lib" + libraryName() + ".so";
    }

    /** Where the library sits in the bundle (and so on a classpath that holds the bundle jar). */
    public String resourcePath() {
        return "/linux-" + processor + "/" + libraryFileName();
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
