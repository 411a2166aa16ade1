package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The systems a port ships a library for, from the {@code os.name} a JVM reports, and the file and
 * bundle path of each library — the names bnd.bnd's {@code Bundle-NativeCode} and the build use.
 */
class ShimOsTest {

    private final ShimCpu cpu = new ShimCpu("riscv64", Set.of("riscv64"), 8, 243, 0x01000018);

    @Test
    void osNamesAsJvmsReportThem() {
        assertEquals(Optional.of(ShimOs.LINUX), ShimOs.of("Linux"));
        assertEquals(Optional.of(ShimOs.MACOS), ShimOs.of("Mac OS X"));      // every JDK on every macOS
        assertEquals(Optional.of(ShimOs.MACOS), ShimOs.of("macOS"));
        assertEquals(Optional.of(ShimOs.MACOS), ShimOs.of("Darwin"));
        assertEquals(Optional.empty(), ShimOs.of("Windows 11"));
        assertEquals(Optional.empty(), ShimOs.of("FreeBSD"));
        assertEquals(Optional.empty(), ShimOs.of(""));
        assertEquals(Optional.empty(), ShimOs.of(null));
    }

    @Test
    void eachSystemHasItsOwnFileAndDirectory() {
        assertEquals("libkorlang_riscv64.so", ShimOs.LINUX.libraryFileName(cpu));
        assertEquals("/linux-riscv64/libkorlang_riscv64.so", ShimOs.LINUX.resourcePath(cpu));
        assertEquals("libkorlang_riscv64.dylib", ShimOs.MACOS.libraryFileName(cpu));
        assertEquals("/macos-riscv64/libkorlang_riscv64.dylib", ShimOs.MACOS.resourcePath(cpu));
        assertEquals("macOS", ShimOs.MACOS.displayName());
    }

    @Test
    void theFileNameIsWhatTheJvmMapsTheLibraryNameToOnThisSystem() {
        // System.mapLibraryName is the JVM's own rule, so this holds on whichever system runs it
        ShimOs.of(System.getProperty("os.name")).ifPresent(os ->
                assertEquals(System.mapLibraryName(cpu.libraryName()), os.libraryFileName(cpu)));
    }
}
