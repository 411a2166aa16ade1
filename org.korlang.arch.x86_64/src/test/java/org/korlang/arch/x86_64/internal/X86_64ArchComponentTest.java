package org.korlang.arch.x86_64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.korlang.arch.common.HostPlatform;
import org.korlang.arch.common.RecordingBundleContext;
import org.korlang.arch.common.ShimLibraryLoader;

/**
 * Where the x86_64 component registers its Arch, against a recording BundleContext (the shared
 * life cycle is tested in org.korlang.arch.common, the real-Felix one in org.korlang.itest): on
 * Linux under every name a JVM gives x86_64, with a working Arch that survives a bundle restart;
 * elsewhere nothing, and one log line that names the mismatch.
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
    void registersNothingAndSaysWhyWhenTheShimIsUnavailable() {
        X86_64ArchComponent component = new X86_64ArchComponent(() -> X86_64Arch.load(
                new HostPlatform("Linux", "aarch64"), ShimLibraryLoader.standard(X86_64Arch.CPU, null)), log::add);
        component.activate(framework.context());
        assertEquals(List.of(), framework.registrations());
        assertEquals(List.of("korlang arch.x86_64: no Arch service registered: built for x86_64,"
                + " this machine is aarch64"), log);
        component.deactivate();     // nothing registered, nothing to undo
    }
}
