package org.korlang.arch.x86_64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which machines the x86_64 bundle serves, and what it says to the others. */
class HostPlatformTest {

    @Test
    void linuxOnAnyOfTheJvmsNamesForX86_64IsServed() {
        assertEquals(Optional.empty(), new HostPlatform("Linux", "amd64").whyNotServed());
        assertEquals(Optional.empty(), new HostPlatform("Linux", "x86_64").whyNotServed());
    }

    @Test
    void anotherProcessorIsRefusedByName() {
        String why = new HostPlatform("Linux", "aarch64").whyNotServed().orElseThrow();
        assertEquals("built for x86_64, this machine is aarch64", why);
    }

    @Test
    void darwinIsRefusedBecauseThisBuildHasNoDarwinLibrary() {
        String why = new HostPlatform("Mac OS X", "x86_64").whyNotServed().orElseThrow();
        assertTrue(why.contains("Darwin") && why.contains("Linux only"), why);
    }

    @Test
    void otherOperatingSystemsAreRefusedByName() {
        String why = new HostPlatform("Windows 11", "amd64").whyNotServed().orElseThrow();
        assertEquals("built for Linux, this operating system is Windows 11", why);
        assertTrue(new HostPlatform(null, null).whyNotServed().isPresent());
    }
}
