package org.korlang.arch.aarch64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The aarch64 component's decision on the machine the tests run on. On x86_64 (this project's
 * build machines) it must register nothing and say, in one line, that the processor does not
 * match — through the same code path the bundle takes in Felix (real host properties, real
 * loader). If the processor check is bypassed, the real aarch64 library is handed to this
 * machine's dynamic linker, which refuses it: the component must report that too, register
 * nothing, and the JVM must live on. On a real Linux aarch64 machine the test that registers
 * runs instead.
 */
class Aarch64ArchComponentTest {

    private static final String SHIM_FILE = System.getProperty("korlang.test.shim.file");

    final List<Dictionary<?, ?>> registered = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    BundleContext recordingContext() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    registered.add((Dictionary<?, ?>) args[2]);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> null);
                });
    }

    static boolean onAarch64() {
        return Set.of("aarch64", "arm64").contains(System.getProperty("os.arch"));
    }

    @Test
    void onAnotherProcessorItRegistersNothingAndNamesTheMismatch() {
        assumeFalse(onAarch64(), "this machine is aarch64: see the test that registers");
        Aarch64ArchComponent component = new Aarch64ArchComponent(Aarch64Arch::load, log::add);
        component.activate(recordingContext());
        component.deactivate();
        assertEquals(List.of(), registered);
        assertEquals(List.of("korlang arch.aarch64: no Arch service registered: built for aarch64,"
                + " this machine is " + System.getProperty("os.arch")), log);
    }

    @Test
    void loadingTheAarch64LibraryHereFailsCleanlyAndIsReported() {
        assumeFalse(onAarch64(), "on aarch64 the library loads");
        assertNotNull(SHIM_FILE, "surefire sets korlang.test.shim.file");
        HostPlatform pretendAarch64 = new HostPlatform("Linux", "aarch64");
        ShimLibraryLoader explicitFile = new ShimLibraryLoader(SHIM_FILE, false, null);

        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> Aarch64Arch.load(pretendAarch64, explicitFile));
        assertTrue(e.getMessage().startsWith(ShimLibraryLoader.PATH_PROPERTY + "=" + SHIM_FILE), e.getMessage());
        assertTrue(e.getMessage().contains("the dynamic linker refused it"), e.getMessage());
        assertTrue(e.getMessage().contains("the file is an ELF library for aarch64, this JVM runs on "
                + System.getProperty("os.arch")), e.getMessage());

        Aarch64ArchComponent component = new Aarch64ArchComponent(
                () -> Aarch64Arch.load(pretendAarch64, explicitFile), log::add);
        component.activate(recordingContext());
        assertEquals(List.of(), registered);
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith("korlang arch.aarch64: no Arch service registered: "
                + ShimLibraryLoader.PATH_PROPERTY), log.get(0));
    }

    @Test
    void theBundledResourceIsFoundButRefusedByThisMachine() {
        assumeFalse(onAarch64(), "on aarch64 the library loads");
        assertNotNull(getClass().getResource(ShimLibraryLoader.RESOURCE), "target/native on the test classpath");
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> new ShimLibraryLoader(null, true, getClass().getClassLoader()).load());
        assertTrue(e.getMessage().contains("System.loadLibrary(\"korlang_aarch64\")"), e.getMessage());
        assertTrue(e.getMessage().contains("classpath resource " + ShimLibraryLoader.RESOURCE
                + ": the dynamic linker refused it"), e.getMessage());
    }

    @Test
    void onLinuxAarch64ItRegistersAWorkingArch() {
        assumeTrue(onAarch64() && "Linux".equals(System.getProperty("os.name")), "needs Linux on aarch64");
        Aarch64ArchComponent component = new Aarch64ArchComponent(Aarch64Arch::load, log::add);
        component.activate(recordingContext());
        assertEquals(1, registered.size(), String.valueOf(log));
        assertEquals("aarch64", registered.get(0).get(Arch.PROCESSOR));
        assertEquals(ProcessHandle.current().pid(), Aarch64Arch.load().syscall(172), "getpid is 172 on aarch64");
        component.deactivate();
    }
}
