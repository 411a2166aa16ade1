package org.korlang.arch.common;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine this JVM runs on, as far as an arch bundle cares: the operating system and the
 * processor, from the JVM's {@code os.name} and {@code os.arch}.
 *
 * <p>A port serves exactly one combination: Linux on its own processor (under any of the names a
 * JVM gives that processor, {@link ShimCpu#jvmArchNames()}). Everything else is refused with a
 * reason a person can act on — for a foreign port that is the normal case: the bundle starts,
 * registers nothing, and says "built for aarch64, this machine is amd64". The processor is checked
 * first, so that is what a foreign port says on any operating system. Darwin on the right
 * processor is refused too: each shim has a Darwin system-call entry, but the build assembles only
 * the Linux ELF library and nothing here can exercise a Darwin kernel.
 *
 * <p>A value class with no side effects, so the decision can be tested for any machine on any
 * machine.
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

    /** Why the port for {@code cpu} cannot serve this machine, or empty if it can. */
    public Optional<String> whyNotServedBy(ShimCpu cpu) {
        Objects.requireNonNull(cpu, "cpu");
        if (!cpu.jvmArchNames().contains(osArch.toLowerCase(Locale.ROOT))) {
            return Optional.of("built for " + cpu.processor() + ", this machine is " + osArch);
        }
        if (osName.startsWith("Mac") || osName.startsWith("Darwin")) {
            return Optional.of("no Darwin (" + osName + ") library in this build: the shim is"
                    + " assembled for Linux only, and a Darwin kernel cannot be exercised here");
        }
        if (!osName.equals("Linux")) {
            return Optional.of("built for Linux, this operating system is " + osName);
        }
        return Optional.empty();
    }
}
