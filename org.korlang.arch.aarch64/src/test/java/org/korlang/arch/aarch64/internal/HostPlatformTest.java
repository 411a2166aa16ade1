package org.korlang.arch.aarch64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which machines the aarch64 bundle serves, and what it says to the others. */
class HostPlatformTest {

    @Test
    void linuxOnAarch64IsServed() {
        assertEquals(Optional.empty(), new HostPlatform("Linux", "aarch64").whyNotServed());
        assertEquals(Optional.empty(), new HostPlatform("Linux", "arm64").whyNotServed());
    }

    @Test
    void x86_64IsRefusedByTheNameTheJvmGivesIt() {
        assertEquals(Optional.of("built for aarch64, this machine is amd64"),
                new HostPlatform("Linux", "amd64").whyNotServed());
        assertEquals(Optional.of("built for aarch64, this machine is x86_64"),
                new HostPlatform("Linux", "x86_64").whyNotServed());
    }

    @Test
    void darwinOnArm64IsRefusedBecauseThisBuildHasNoDarwinLibrary() {
        String why = new HostPlatform("Mac OS X", "aarch64").whyNotServed().orElseThrow();
        assertTrue(why.contains("Darwin") && why.contains("Linux only"), why);
    }

    @Test
    void otherOperatingSystemsAreRefusedByName() {
        assertEquals(Optional.of("built for Linux, this operating system is Windows 11"),
                new HostPlatform("Windows 11", "aarch64").whyNotServed());
        assertTrue(new HostPlatform(null, null).whyNotServed().isPresent());
    }
}
