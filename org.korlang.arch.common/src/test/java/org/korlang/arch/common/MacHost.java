package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * A Mac's host facts, for the arch modules' tests of their macOS path on a machine that is not a
 * Mac: the component accepts the host, its standard loader finds the port's Mach-O dylib in the
 * bundle layout (target/native on the test classpath) and this machine's dynamic linker refuses
 * it, which the component's one log line must say. Shared through this module's test-jar.
 */
public final class MacHost {

    private MacHost() {
    }

    /** The facts a Mac's JVM reports: {@code os.name} "Mac OS X" and this {@code os.arch}. */
    public static HostPlatform of(String jvmOsArch) {
        return new HostPlatform("Mac OS X", jvmOsArch);
    }

    /**
     * Asserts that the component registered nothing and logged that the dylib of {@code cpu} was
     * found in the bundle and refused here as "a Mach-O library for {@code machoCpuName}".
     */
    public static void assertDylibFoundAndRefusedHere(ShimCpu cpu, String machoCpuName,
            RecordingBundleContext framework, List<String> log) {
        assertEquals(List.of(), framework.registrations());
        assertEquals(1, log.size(), String.valueOf(log));
        String line = log.get(0);
        String dylib = cpu.libraryFileName(ShimOs.MACOS);
        assertTrue(line.startsWith(cpu.logPrefix() + "no Arch service registered: cannot load " + dylib + ": "), line);
        assertTrue(line.contains("classpath resource " + cpu.resourcePath(ShimOs.MACOS)
                + ": the dynamic linker refused it"), line);
        assertTrue(line.contains("the file is a Mach-O library for " + machoCpuName), line);
    }
}
