package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Which machines a port serves — Linux and macOS on its own processor — and what it says to the
 * others, for a made-up port (each arch module checks its own processor's names).
 */
class HostPlatformTest {

    private final ShimCpu cpu = new ShimCpu("riscv64", Set.of("riscv64", "rv64"), 8, 243, 0x01000018);

    @Test
    void linuxOnAnyOfTheProcessorsJvmNamesIsServed() {
        assertEquals(Optional.empty(), new HostPlatform("Linux", "riscv64").whyNotServedBy(cpu));
        assertEquals(Optional.empty(), new HostPlatform("Linux", "RV64").whyNotServedBy(cpu));
    }

    /** What the x86_64 and aarch64 bundles declare in their Korlang-Port headers. */
    private static final List<PortHeader> PORTS = List.of(
            new PortHeader("x86_64", Set.of("amd64", "x86_64", "x86-64")),
            new PortHeader("aarch64", Set.of("aarch64", "arm64")));

    @Test
    void anotherProcessorIsRefusedByTheNameItsPortGivesIt() {
        assertEquals(Optional.of("built for riscv64, this machine is x86_64"),
                new HostPlatform("Linux", "amd64", PORTS).whyNotServedBy(cpu));
        assertEquals(Optional.of("built for riscv64, this machine is x86_64"),
                new HostPlatform("Linux", "AMD64").namedBy(PORTS).whyNotServedBy(cpu));
    }

    @Test
    void withNoPortAnsweringTheMachineKeepsTheJvmsName() {
        assertEquals(Optional.of("built for riscv64, this machine is amd64"),
                new HostPlatform("Linux", "amd64").whyNotServedBy(cpu), "no list of processors of its own");
        assertEquals("sparcv9", new HostPlatform("Linux", "sparcv9", PORTS).processorName());
    }

    @Test
    void aNewCpuPortNamesItsProcessorAndTheFirstAnsweringPortWins() {
        PortHeader loong = new PortHeader("loongarch64", Set.of("loongarch64", "LA64"));
        assertEquals("loongarch64", new HostPlatform("Linux", "la64", List.of(PORTS.get(0), loong)).processorName());
        PortHeader renamed = new PortHeader("x64test", Set.of("amd64"));
        assertEquals("x64test", new HostPlatform("Linux", "amd64", List.of(renamed, PORTS.get(0))).processorName());
        assertEquals("x86_64", new HostPlatform("Linux", "amd64", List.of(PORTS.get(0), renamed)).processorName());
    }

    @Test
    void theProcessorIsCheckedBeforeTheOperatingSystem() {
        assertEquals(Optional.of("built for riscv64, this machine is aarch64"),
                new HostPlatform("Mac OS X", "aarch64", PORTS).whyNotServedBy(cpu));
        assertEquals(Optional.of("built for riscv64, this machine is x86"),
                new HostPlatform("Windows 11", "x86").whyNotServedBy(cpu));
    }

    @Test
    void macOsOnTheRightProcessorIsServedUnderTheNamesJvmsGiveIt() {
        // every JVM says "Mac OS X", Apple silicon included; Darwin is taken as macOS too
        for (String os : new String[] {"Mac OS X", "macOS", "Darwin"}) {
            assertEquals(Optional.empty(), new HostPlatform(os, "riscv64").whyNotServedBy(cpu), os);
            assertEquals(Optional.of(ShimOs.MACOS), new HostPlatform(os, "riscv64").os(), os);
        }
        assertEquals(Optional.of(ShimOs.LINUX), new HostPlatform("Linux", "riscv64").os());
    }

    @Test
    void otherOperatingSystemsAreRefusedByName() {
        assertEquals(Optional.of("built for Linux and macOS, this operating system is Windows 11"),
                new HostPlatform("Windows 11", "riscv64").whyNotServedBy(cpu));
        assertEquals(Optional.of("built for Linux and macOS, this operating system is linux"),
                new HostPlatform("linux", "riscv64").whyNotServedBy(cpu));
        assertEquals(Optional.of("built for Linux and macOS, this operating system is FreeBSD"),
                new HostPlatform("FreeBSD", "riscv64").whyNotServedBy(cpu));
        assertEquals(Optional.empty(), new HostPlatform("FreeBSD", "riscv64").os());
    }

    @Test
    void anUnknownMachineIsRefusedNotMisread() {
        assertEquals(new HostPlatform("", ""), new HostPlatform(null, null));
        assertEquals(Optional.of("built for riscv64, this machine is "),
                new HostPlatform(null, null).whyNotServedBy(cpu));
        assertEquals(Optional.empty(), new HostPlatform(null, "riscv64").os());
        assertThrows(NullPointerException.class, () -> new HostPlatform("Linux", "riscv64").whyNotServedBy(null));
    }

    @Test
    void currentIsThisJvmsMachine() {
        assertEquals(new HostPlatform(System.getProperty("os.name"), System.getProperty("os.arch")),
                HostPlatform.current());
    }
}
