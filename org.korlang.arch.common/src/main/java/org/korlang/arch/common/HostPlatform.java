package org.korlang.arch.common;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine this JVM runs on, as far as an arch bundle cares: the operating system and the
 * processor, from the JVM's {@code os.name} and {@code os.arch}, and the CPU ports that name
 * processors ({@link PortHeader}s: what the arch bundles in the framework declare).
 *
 * <p>A port serves its own processor (under any of the names a JVM gives it,
 * {@link ShimCpu#jvmArchNames()}) on every system it ships a library for ({@link ShimOs}: Linux and
 * macOS). Everything else is refused with a reason a person can act on — for a foreign port that
 * is the normal case: the bundle starts, registers nothing, and says "built for aarch64, this
 * machine is x86_64" — the machine named as the port that answers its {@code os.arch} names it
 * ({@link #processorName()}). This class keeps no list of processors: the JDK's {@code amd64} is
 * called x86_64 because org.korlang.arch.x86_64 declares {@code os.arch="amd64,x86_64,x86-64"};
 * a new CPU bundle brings its own names. With no port answering (none installed, or a processor
 * nobody ports to yet) the machine keeps the JVM's own name ({@code riscv64}, {@code amd64}). The
 * processor is checked first, so that is what a foreign port says on any operating system.
 *
 * <p>A value class with no side effects, so the decision can be tested for any machine on any
 * machine (the arch modules' tests substitute a Mac's facts on Linux, and the ports present).
 */
public record HostPlatform(String osName, String osArch, List<PortHeader> ports) {

    public HostPlatform {
        osName = osName == null ? "" : osName;
        osArch = osArch == null ? "" : osArch;
        ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
    }

    /** A machine with no port known to name its processor (outside a framework). */
    public HostPlatform(String osName, String osArch) {
        this(osName, osArch, List.of());
    }

    /** This JVM's machine, no port known to name its processor (outside a framework). */
    public static HostPlatform current() {
        return new HostPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** The same machine, its processor named by {@code ports} (first answering wins). */
    public HostPlatform namedBy(List<PortHeader> ports) {
        return new HostPlatform(osName, osArch, ports);
    }

    /** The system this machine runs, if a port ships a library for it. */
    public Optional<ShimOs> os() {
        return ShimOs.of(osName);
    }

    /**
     * This machine's processor by the name of the first of {@link #ports()} that answers to this
     * JVM's {@code os.arch}; the JVM's own name if none does.
     */
    public String processorName() {
        return ports.stream().filter(port -> port.answers(osArch)).map(PortHeader::processor).findFirst().orElse(osArch);
    }

    /** Why the port for {@code cpu} cannot serve this machine, or empty if it can. */
    public Optional<String> whyNotServedBy(ShimCpu cpu) {
        Objects.requireNonNull(cpu, "cpu");
        if (!PortHeader.of(cpu).answers(osArch)) {
            return Optional.of("built for " + cpu.processor() + ", this machine is " + processorName());
        }
        if (os().isEmpty()) {
            return Optional.of("built for Linux and macOS, this operating system is " + osName);
        }
        return Optional.empty();
    }
}
