package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The {@code Korlang-Port} header of a CPU port: parsed as the platform and the arch bundles read
 * it, written from a ShimCpu as the arch modules' bnd.bnd must say it, and collected from a
 * framework's installed bundles (the recording context: only their headers).
 */
class PortHeaderTest {

    @Test
    void parsesAnArchHeaderAndIgnoresEverythingElse() {
        assertEquals(Optional.of(new PortHeader("x86_64", Set.of("amd64", "x86_64", "x86-64"))),
                PortHeader.parse("arch;processor=x86_64;os.arch=\"amd64,x86_64,x86-64\""));
        assertEquals(Optional.of(new PortHeader("riscv64", Set.of("riscv64"))),
                PortHeader.parse(" arch ; os.arch=\"RISCV64, riscv64\" ; processor=riscv64"));
        assertEquals(Optional.of(new PortHeader("bare", Set.of())), PortHeader.parse("arch;processor=bare"));
        assertEquals(Optional.empty(), PortHeader.parse("os;name=linux"));
        assertEquals(Optional.empty(), PortHeader.parse("arch;os.arch=\"amd64\""));
        assertEquals(Optional.empty(), PortHeader.parse(null));
    }

    @Test
    void aShimCpuWritesTheHeaderItsBundleMustCarry() {
        ShimCpu cpu = new ShimCpu("riscv64", Set.of("RV64", "riscv64"), 8, 243, 0x01000018);
        assertEquals("arch;processor=riscv64;os.arch=\"riscv64,rv64\"", PortHeader.of(cpu).format());
        assertEquals(Optional.of(PortHeader.of(cpu)), PortHeader.parse(PortHeader.of(cpu).format()));
        assertTrue(PortHeader.of(cpu).answers("RV64"));
        assertFalse(PortHeader.of(cpu).answers("amd64"));
        assertFalse(PortHeader.of(cpu).answers(null));
    }

    @Test
    void installedReadsTheHeadersOfTheBundlesInTheFramework() {
        RecordingBundleContext framework = new RecordingBundleContext()
                .installPort("os;name=linux")
                .installPort("arch;processor=x86_64;os.arch=\"amd64,x86_64\"")
                .installPort("arch;processor=zz9new;os.arch=\"zz9\"");
        assertEquals(List.of(new PortHeader("x86_64", Set.of("amd64", "x86_64")), new PortHeader("zz9new", Set.of("zz9"))),
                InstalledPorts.headers(framework.context()));
    }
}
