package org.korlang.arch.aarch64.internal;

import java.util.Optional;
import java.util.Set;

/**
 * The machine this JVM runs on, as far as the aarch64 arch bundle cares: the operating system
 * and the processor, from the JVM's {@code os.name} and {@code os.arch}.
 *
 * <p>The bundle serves exactly one combination: Linux on aarch64 (the JVM says {@code aarch64};
 * {@code arm64} is accepted as a synonym). Everything else is refused with a reason a person can
 * act on — on the x86_64 machines this project builds and tests on, that is the normal case: the
 * bundle starts, registers nothing, and says "built for aarch64, this machine is amd64". Darwin
 * on arm64 is refused too: the shim has a Darwin system-call entry ({@code svc #0x80}), but this
 * build assembles only the Linux ELF library and nothing here can exercise a Darwin kernel.
 *
 * <p>A value class with no side effects, so the decision can be tested for any machine on any
 * machine.
 */
record HostPlatform(String osName, String osArch) {

    /** The {@code os.arch} values a JVM reports on aarch64. */
    private static final Set<String> AARCH64_NAMES = Set.of("aarch64", "arm64");

    HostPlatform {
        osName = osName == null ? "" : osName;
        osArch = osArch == null ? "" : osArch;
    }

    /** This JVM's machine. */
    static HostPlatform current() {
        return new HostPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** Why this bundle cannot serve this machine, or empty if it can. */
    Optional<String> whyNotServed() {
        if (!AARCH64_NAMES.contains(osArch.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("built for " + Aarch64Arch.PROCESSOR + ", this machine is " + osArch);
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
