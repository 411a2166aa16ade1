package org.korlang.arch.aarch64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.korlang.arch.common.HostPlatform;
import org.korlang.arch.common.MacHost;
import org.korlang.arch.common.PortHeader;
import org.korlang.arch.common.RecordingBundleContext;
import org.korlang.arch.common.ShimLibraryLoader;
import org.korlang.arch.common.ShimOs;

/**
 * The aarch64 component's decision on the machine the tests run on, against a recording
 * BundleContext (the shared life cycle is tested in org.korlang.arch.common). On x86_64 (this
 * project's build machines) it must register nothing and say, in one line, that the processor does
 * not match — through the same code path the bundle takes in Felix (real host properties, real
 * loader). If the processor check is bypassed, the real aarch64 library is handed to this
 * machine's dynamic linker, which refuses it: the component must report that too, register
 * nothing, and the JVM must live on. On a real Linux aarch64 machine the test that registers
 * runs instead.
 */
class Aarch64ArchComponentTest {

    private static final String SHIM_FILE = System.getProperty("korlang.test.shim.file");

    /** What org.korlang.arch.x86_64 declares (Korlang-Port): how the machine is named on an x86_64 box. */
    private static final PortHeader X86_64_PORT = new PortHeader("x86_64", Set.of("amd64", "x86_64", "x86-64"));

    private final RecordingBundleContext framework = new RecordingBundleContext();
    private final List<String> log = new ArrayList<>();

    static boolean onAarch64() {
        return Aarch64Arch.CPU.jvmArchNames().contains(System.getProperty("os.arch"));
    }

    @Test
    void linuxUnderEveryJvmNameForAarch64IsServedAndX86_64IsNot() {
        for (String name : new String[] {"aarch64", "arm64", "ARM64"}) {
            assertEquals(Optional.empty(), new HostPlatform("Linux", name).whyNotServedBy(Aarch64Arch.CPU), name);
        }
        assertEquals(Optional.of("built for aarch64, this machine is x86_64"),
                new HostPlatform("Linux", "amd64", List.of(X86_64_PORT)).whyNotServedBy(Aarch64Arch.CPU),
                "named as the x86_64 bundle's header names amd64");
        assertEquals(Optional.of("built for aarch64, this machine is amd64"),
                new HostPlatform("Linux", "amd64").whyNotServedBy(Aarch64Arch.CPU), "no port names it: the JVM's name");
        assertEquals(Optional.of("built for aarch64, this machine is x86_64"),
                new HostPlatform("Linux", "x86_64").whyNotServedBy(Aarch64Arch.CPU));
        assertEquals(Optional.of("built for aarch64, this machine is arm"),
                new HostPlatform("Linux", "arm").whyNotServedBy(Aarch64Arch.CPU));
    }

    @Test
    void onAnotherProcessorItRegistersNothingAndNamesTheMismatch() {
        assumeFalse(onAarch64(), "this machine is aarch64: see the test that registers");
        Aarch64ArchComponent component = new Aarch64ArchComponent(Aarch64Arch::load, log::add);
        component.activate(framework.installPort(X86_64_PORT.format()).context());
        component.deactivate();
        assertEquals(List.of(), framework.registrations());
        String jvmOsArch = System.getProperty("os.arch");
        assertEquals(List.of("korlang arch.aarch64: no Arch service registered: built for aarch64,"
                + " this machine is " + (X86_64_PORT.answers(jvmOsArch) ? "x86_64" : jvmOsArch)), log,
                "the machine named by the CPU ports installed beside it");
    }

    @Test
    void whenThisMachinesLinkerRefusesTheLibraryTheComponentSaysSo() {
        assumeFalse(onAarch64(), "on aarch64 the library loads");
        assertNotNull(SHIM_FILE, "surefire sets korlang.test.shim.file");
        HostPlatform pretendAarch64 = new HostPlatform("Linux", "aarch64");
        ShimLibraryLoader explicitFile = new ShimLibraryLoader(Aarch64Arch.CPU, ShimOs.LINUX, SHIM_FILE, false, null);

        Aarch64ArchComponent component = new Aarch64ArchComponent(
                host -> Aarch64Arch.load(pretendAarch64, explicitFile), log::add);
        component.activate(framework.context());
        assertEquals(List.of(), framework.registrations());
        assertEquals(1, log.size());
        String line = log.get(0);
        assertTrue(line.startsWith("korlang arch.aarch64: no Arch service registered: "
                + "korlang.arch.aarch64.library=" + SHIM_FILE + ": the dynamic linker refused it"), line);
        assertTrue(line.contains("the file is an ELF library for aarch64, this JVM runs on "
                + System.getProperty("os.arch")), line);
    }

    @Test
    void appleSiliconIsServedAndAnIntelMacIsNot() {
        // every JVM on Apple silicon says os.arch=aarch64
        assertEquals(Optional.empty(), new HostPlatform("Mac OS X", "aarch64").whyNotServedBy(Aarch64Arch.CPU));
        assertEquals(Optional.of("built for aarch64, this machine is x86_64"),
                new HostPlatform("Mac OS X", "x86_64").whyNotServedBy(Aarch64Arch.CPU));
    }

    @Test
    void onAppleSiliconTheComponentLoadsTheDylibFromTheBundle() {
        assumeFalse(HostPlatform.current().os().equals(Optional.of(ShimOs.MACOS)), "on a Mac it simply loads");
        // the component's path on Apple silicon, with a Mac's facts substituted: the host is
        // served, the standard loader finds libkorlang_aarch64.dylib in the bundle layout
        // (target/native on the test classpath), and this Linux linker refuses it for what it is
        HostPlatform appleSilicon = MacHost.of("aarch64");
        Aarch64ArchComponent component = new Aarch64ArchComponent(host -> Aarch64Arch.load(appleSilicon,
                ShimLibraryLoader.standard(Aarch64Arch.CPU, appleSilicon, getClass().getClassLoader())), log::add);
        component.activate(framework.context());
        MacHost.assertDylibFoundAndRefusedHere(Aarch64Arch.CPU, "arm64", framework, log);
    }

    @Test
    void onLinuxAarch64ItRegistersAWorkingArch() {
        assumeTrue(HostPlatform.current().whyNotServedBy(Aarch64Arch.CPU).isEmpty(), "needs Linux on aarch64");
        Aarch64ArchComponent component = new Aarch64ArchComponent(Aarch64Arch::load, log::add);
        component.activate(framework.context());
        assertEquals(1, framework.registrations().size(), String.valueOf(log));
        assertEquals("aarch64", framework.registrations().get(0).property(Arch.PROCESSOR));
        Arch arch = (Arch) framework.registrations().get(0).service();
        assertEquals(ProcessHandle.current().pid(), arch.syscall(172), "getpid is 172 on aarch64");
        component.deactivate();
        assertTrue(framework.registrations().get(0).unregistered());
    }
}
