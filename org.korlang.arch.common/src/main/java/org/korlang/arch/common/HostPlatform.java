package org.korlang.arch.common;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine this JVM runs on, as far as an arch bundle cares: the operating system and the
 * processor, from the JVM's {@code os.name} and {@code os.arch}.
 *
 * <p>A port serves its own processor (under any of the names a JVM gives it,
 * {@link ShimCpu#jvmArchNames()}) on every system it ships a library for ({@link ShimOs}: Linux and
 * macOS). Everything else is refused with a reason a person can act on — for a foreign port that
 * is the normal case: the bundle starts, registers nothing, and says "built for aarch64, this
 * machine is x86_64" — the machine named as the platform names processors everywhere else
 * ({@link #processorName()}: the JDK's {@code amd64} is x86_64, {@code arm64} is aarch64). The
 * processor is checked first, so that is what a foreign port says on any operating system.
 *
 * <p>A value class with no side effects, so the decision can be tested for any machine on any
 * machine (the arch modules' tests substitute a Mac's facts on Linux).
 */
public record HostPlatform(String osName, String osArch) {

    public HostPlatform {
        osName = osName == null ? "" : osName;
        osArch = osArch == null ? "" : osArch;
    }

    /** This JVM's machine. */
    public static HostPlatform current() {
        return new HostPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** The system this machine runs, if a port ships a library for it. */
    public Optional<ShimOs> os() {
        return ShimOs.of(osName);
    }

    /**
     * This machine's processor by the platform's name for it: the JVMs' names of x86_64
     * ({@code amd64}, {@code x86-64}) and of aarch64 ({@code arm64}) mapped to those; any other
     * name as the JVM gives it.
     */
    public String processorName() {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch;
        };
    }

    /** Why the port for {@code cpu} cannot serve this machine, or empty if it can. */
    public Optional<String> whyNotServedBy(ShimCpu cpu) {
        Objects.requireNonNull(cpu, "cpu");
        if (!cpu.jvmArchNames().contains(osArch.toLowerCase(Locale.ROOT))) {
            return Optional.of("built for " + cpu.processor() + ", this machine is " + processorName());
        }
        if (os().isEmpty()) {
            return Optional.of("built for Linux and macOS, this operating system is " + osName);
        }
        return Optional.empty();
    }
}
