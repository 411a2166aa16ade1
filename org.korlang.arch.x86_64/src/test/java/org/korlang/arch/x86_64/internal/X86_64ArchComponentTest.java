package org.korlang.arch.x86_64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.korlang.arch.common.HostPlatform;
import org.korlang.arch.common.MacHost;
import org.korlang.arch.common.RecordingBundleContext;
import org.korlang.arch.common.ShimLibraryLoader;
import org.korlang.arch.common.ShimOs;

/**
 * Where the x86_64 component registers its Arch, against a recording BundleContext (the shared
 * life cycle is tested in org.korlang.arch.common, the real-Felix one in org.korlang.itest): on
 * Linux and macOS under every name a JVM gives x86_64, with a working Arch that survives a bundle
 * restart; elsewhere nothing, and one log line that names the mismatch. The macOS path runs here
 * with a Mac's facts substituted, up to the one step only a Mac can take (loading the dylib).
 */
class X86_64ArchComponentTest {

    private static final long SYS_GETPID = 39;

    private final RecordingBundleContext framework = new RecordingBundleContext();
    private final List<String> log = new ArrayList<>();

    @Test
    void linuxUnderEveryJvmNameForX86_64IsServedAndNothingElse() {
        for (String name : new String[] {"amd64", "x86_64", "x86-64", "AMD64"}) {
            assertEquals(Optional.empty(), new HostPlatform("Linux", name).whyNotServedBy(X86_64Arch.CPU), name);
        }
        assertEquals(Optional.of("built for x86_64, this machine is aarch64"),
                new HostPlatform("Linux", "aarch64").whyNotServedBy(X86_64Arch.CPU));
        assertEquals(Optional.of("built for x86_64, this machine is i386"),
                new HostPlatform("Linux", "i386").whyNotServedBy(X86_64Arch.CPU));
    }

    @Test
    void registersAWorkingArchAndSurvivesDeactivateActivate() {
        assumeTrue(HostPlatform.current().whyNotServedBy(X86_64Arch.CPU).isEmpty(), "needs Linux on x86_64");
        X86_64ArchComponent component = new X86_64ArchComponent(X86_64Arch::load, log::add);

        component.activate(framework.context());
        assertEquals(1, framework.registrations().size());
        RecordingBundleContext.Registration first = framework.registrations().get(0);
        assertEquals(Arch.class, first.serviceClass());
        assertEquals("x86_64", first.property(Arch.PROCESSOR));
        Arch arch = (Arch) first.service();
        assertEquals(ProcessHandle.current().pid(), arch.syscall(SYS_GETPID), "the registered Arch makes real syscalls");

        component.deactivate();
        assertTrue(first.unregistered());
        component.deactivate();     // a second deactivate is harmless

        component.activate(framework.context());    // bundle started again: library already loaded
        assertEquals(2, framework.registrations().size());
        Arch again = (Arch) framework.registrations().get(1).service();
        assertEquals(ProcessHandle.current().pid(), again.syscall(SYS_GETPID));
        component.deactivate();
        assertTrue(framework.registrations().get(1).unregistered());
        assertEquals(List.of(), log, "nothing to complain about");
    }

    @Test
    void macOsUnderEveryJvmNameForX86_64IsServedToo() {
        for (String name : new String[] {"x86_64", "amd64"}) {
            assertEquals(Optional.empty(), new HostPlatform("Mac OS X", name).whyNotServedBy(X86_64Arch.CPU), name);
        }
        assertEquals(Optional.of("built for x86_64, this machine is aarch64"),
                new HostPlatform("Mac OS X", "aarch64").whyNotServedBy(X86_64Arch.CPU), "Apple silicon");
    }

    @Test
    void onAnIntelMacTheComponentRegistersTheArchOnceTheLibraryLoads() {
        assumeTrue(HostPlatform.current().whyNotServedBy(X86_64Arch.CPU).isEmpty()
                && HostPlatform.current().os().equals(Optional.of(ShimOs.LINUX)), "needs Linux on x86_64");
        // a Mac's facts, and the one thing this machine cannot do as a Mac does — load the Mach-O
        // library — done with the Linux library of the same source: the component's path on a Mac
        HostPlatform intelMac = new HostPlatform("Mac OS X", "x86_64");
        ShimLibraryLoader sameCode = new ShimLibraryLoader(X86_64Arch.CPU, ShimOs.LINUX,
                System.getProperty("korlang.test.shim.file"), false, null);
        X86_64ArchComponent component = new X86_64ArchComponent(host -> X86_64Arch.load(intelMac, sameCode), log::add);
        component.activate(framework.context());
        assertEquals(1, framework.registrations().size(), String.valueOf(log));
        assertEquals("x86_64", framework.registrations().get(0).property(Arch.PROCESSOR));
        component.deactivate();
        assertTrue(framework.registrations().get(0).unregistered());
        assertEquals(List.of(), log);
    }

    @Test
    void onAnIntelMacTheComponentLoadsTheDylibFromTheBundle() {
        assumeFalse(HostPlatform.current().os().equals(Optional.of(ShimOs.MACOS)), "on a Mac it simply loads");
        // the standard loader with a Mac's facts finds libkorlang_x86_64.dylib in the bundle layout
        // (target/native on the test classpath); this Linux linker refuses it, saying what it is
        HostPlatform intelMac = MacHost.of("x86_64");
        X86_64ArchComponent component = new X86_64ArchComponent(host -> X86_64Arch.load(intelMac,
                ShimLibraryLoader.standard(X86_64Arch.CPU, intelMac, getClass().getClassLoader())), log::add);
        component.activate(framework.context());
        MacHost.assertDylibFoundAndRefusedHere(X86_64Arch.CPU, "x86_64", framework, log);
    }

    @Test
    void registersNothingAndSaysWhyWhenTheShimIsUnavailable() {
        HostPlatform aarch64 = new HostPlatform("Linux", "aarch64");
        X86_64ArchComponent component = new X86_64ArchComponent(host -> X86_64Arch.load(
                aarch64, ShimLibraryLoader.standard(X86_64Arch.CPU, aarch64, null)), log::add);
        component.activate(framework.context());
        assertEquals(List.of(), framework.registrations());
        assertEquals(List.of("korlang arch.x86_64: no Arch service registered: built for x86_64,"
                + " this machine is aarch64"), log);
        component.deactivate();     // nothing registered, nothing to undo
    }
}
