package org.korlang.arch.common;

import java.util.Optional;

/**
 * The operating systems a CPU port ships a library for, and how each names and packs it.
 *
 * <p>Every arch bundle carries one library per system, built from the same assembly source
 * (org.korlang.arch.parent/shim-build.sh): an ELF shared object for Linux and a Mach-O dylib for
 * macOS. Each sits in the bundle under {@code <directory>-<processor>/} with the file name the JVM's
 * {@code System.mapLibraryName} gives on that system ({@code libkorlang_<processor>.so},
 * {@code libkorlang_<processor>.dylib}), which is also what OSGi's {@code Bundle-NativeCode}
 * clauses name, so {@code System.loadLibrary} inside the framework and the classpath fallback
 * outside it find the same file.
 *
 * <p>Which system a JVM runs on comes from {@code os.name}: every JVM says exactly {@code Linux} on
 * Linux and {@code Mac OS X} on every macOS release (Apple silicon included); {@code macOS} and
 * {@code Darwin} are taken as macOS too.
 */
public enum ShimOs {

    /** Linux: ELF, {@code linux-<processor>/libkorlang_<processor>.so}. */
    LINUX("Linux", "linux", ".so"),

    /** macOS (Darwin): Mach-O, {@code macos-<processor>/libkorlang_<processor>.dylib}. */
    MACOS("macOS", "macos", ".dylib");

    private final String displayName;
    private final String directory;
    private final String suffix;

    ShimOs(String displayName, String directory, String suffix) {
        this.displayName = displayName;
        this.directory = directory;
        this.suffix = suffix;
    }

    /** The system a JVM's {@code os.name} names, if a port ships a library for it. */
    public static Optional<ShimOs> of(String osName) {
        if (osName == null) {
            return Optional.empty();
        }
        if (osName.equals("Linux")) {
            return Optional.of(LINUX);
        }
        if (osName.startsWith("Mac") || osName.startsWith("macOS") || osName.startsWith("Darwin")) {
            return Optional.of(MACOS);
        }
        return Optional.empty();
    }

    /** The name people use: {@code Linux}, {@code macOS}. */
    public String displayName() {
        return displayName;
    }

    /** The library's file name on this system: {@code libkorlang_<processor>.so} / {@code .dylib}. */
    public String libraryFileName(ShimCpu cpu) {
        return "lib" + cpu.libraryName() + suffix;
    }

    /** Where the library sits in the bundle (and so on a classpath that holds the bundle jar). */
    public String resourcePath(ShimCpu cpu) {
        return "/" + directory + "-" + cpu.processor() + "/" + libraryFileName(cpu);
    }
}
