package org.korlang.arch.common;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import com.sun.jna.NativeLibrary;

/**
 * This JVM's C library as a file on disk, for tests that need a real ELF shared library that is
 * certainly not a Korlang shim. JNA loads libc by its soname and cannot say where it lives, so the
 * path is read from the kernel's own list of this process's mappings ({@code /proc/self/maps}).
 */
final class LibcFile {

    private LibcFile() {
    }

    /** The file, or empty where there is no /proc (not Linux) or no glibc. */
    static Optional<File> find() {
        NativeLibrary.getInstance("c");     // mapped for sure from here on
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.endsWith("/libc.so.6"))
                    .map(File::new)
                    .filter(File::isFile)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
