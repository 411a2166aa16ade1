package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.osgi.framework.Constants;

/**
 * The component life cycle every arch bundle shares, against a recording BundleContext: a working
 * Arch is registered with its processor property, taken away once on deactivation (also when the
 * framework got there first), registered again on reactivation; an unavailable shim gives one log
 * line and no service; any other failure is not swallowed.
 */
class ArchServiceRegistrarTest {

    private static final ShimCpu CPU = new ShimCpu("testcpu", Set.of("testcpu", "TC-64"), 8, 62, 0x01000007);

    private final RecordingBundleContext framework = new RecordingBundleContext();
    private final List<String> log = new ArrayList<>();
    private final Arch arch = new ShimArchTest.TestCpuArch(new RecordingShim(64));

    @Test
    void registersTheArchWithItsProcessorAndSurvivesDeactivateActivate() {
        ArchServiceRegistrar registrar = new ArchServiceRegistrar(CPU, host -> arch, log::add);

        registrar.register(framework.context());
        assertEquals(1, framework.registrations().size());
        RecordingBundleContext.Registration first = framework.registrations().get(0);
        assertEquals(Arch.class, first.serviceClass());
        assertSame(arch, first.service());
        assertEquals("testcpu", first.property(Arch.PROCESSOR));
        assertArrayEquals(new String[] {"tc-64", "testcpu"}, (String[]) first.property(Arch.JVM_ARCH_NAMES),
                "the os.arch names OS ports match against, lower case, from the port itself");
        assertEquals("Korlang testcpu shim (raw syscall, context switch, cpu relax, cycle counter)",
                first.property(Constants.SERVICE_DESCRIPTION));

        registrar.unregister();
        assertTrue(first.unregistered());
        registrar.unregister();     // a second deactivate is harmless (a second unregister would throw)

        registrar.register(framework.context());    // bundle started again
        assertEquals(2, framework.registrations().size());
        registrar.unregister();
        assertTrue(framework.registrations().get(1).unregistered());
        assertEquals(List.of(), log, "nothing to complain about");
    }

    @Test
    void whenTheFrameworkUnregisteredFirstDeactivationIsQuiet() {
        ArchServiceRegistrar registrar = new ArchServiceRegistrar(CPU, host -> arch, log::add);
        registrar.register(framework.context());
        framework.registrations().get(0).unregisterByFramework();
        registrar.unregister();
        assertEquals(List.of(), log);
    }

    @Test
    void anUnavailableShimGivesOneLineAndNoService() {
        ArchServiceRegistrar registrar = new ArchServiceRegistrar(CPU, host -> {
            throw new ShimUnavailableException("built for testcpu, this machine is amd64");
        }, log::add);
        registrar.register(framework.context());
        assertEquals(List.of(), framework.registrations());
        assertEquals(List.of("korlang arch.testcpu: no Arch service registered: built for testcpu,"
                + " this machine is amd64"), log);
        registrar.unregister();     // nothing registered, nothing to undo
    }

    @Test
    void aRefusalNamesTheMachineAsThePortsInTheFrameworkNameIt() {
        String jvmOsArch = System.getProperty("os.arch");
        ArchServiceRegistrar registrar = new ArchServiceRegistrar(CPU, host -> {
            throw new ShimUnavailableException(host.whyNotServedBy(CPU).orElseThrow());
        }, log::add);
        registrar.register(framework.context());
        assertEquals(List.of("korlang arch.testcpu: no Arch service registered: built for testcpu, this machine is "
                + jvmOsArch), log, "no port names this machine: the JVM's own name");

        log.clear();
        framework.installPort("os;name=linux")
                .installPort("arch;processor=zz9new;os.arch=\"zz9," + jvmOsArch.toUpperCase(java.util.Locale.ROOT) + "\"")
                .installPort("arch;processor=later;os.arch=\"" + jvmOsArch + "\"");
        registrar.register(framework.context());
        assertEquals(List.of("korlang arch.testcpu: no Arch service registered: built for testcpu, this machine is zz9new"),
                log, "the first installed CPU port that answers this os.arch names it, a processor this code never heard of");
        assertEquals(List.of(), framework.registrations());
    }

    @Test
    void anyOtherFailureIsABugAndIsNotSwallowed() {
        ArchServiceRegistrar registrar = new ArchServiceRegistrar(CPU, host -> {
            throw new IllegalStateException("a bug");
        }, log::add);
        assertThrows(IllegalStateException.class, () -> registrar.register(framework.context()));
        assertEquals(List.of(), framework.registrations());
        assertEquals(List.of(), log);
    }

    @Test
    void everyCollaboratorIsRequired() {
        assertThrows(NullPointerException.class, () -> new ArchServiceRegistrar(null, host -> arch, log::add));
        assertThrows(NullPointerException.class, () -> new ArchServiceRegistrar(CPU, null, log::add));
        assertThrows(NullPointerException.class, () -> new ArchServiceRegistrar(CPU, host -> arch, null));
    }
}
