package org.korlang.arch.x86_64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The component's life cycle against a recording stand-in for the framework's BundleContext
 * (the real-Felix life cycle is covered by org.korlang.itest): it registers a working Arch with
 * the processor property, takes it away on deactivation, registers again on reactivation (the
 * library is already loaded), and registers nothing, with one log line, when the shim is
 * unavailable.
 */
class X86_64ArchComponentTest {

    /** One registerService call and whether it was later unregistered. */
    static final class Registration {
        final Object service;
        final Dictionary<?, ?> properties;
        boolean unregistered;

        Registration(Object service, Dictionary<?, ?> properties) {
            this.service = service;
            this.properties = properties;
        }
    }

    final List<Registration> registrations = new ArrayList<>();
    final List<String> log = new ArrayList<>();

    BundleContext recordingContext() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("registerService")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    assertEquals(Arch.class, args[0], "registered under the Arch interface");
                    Registration registration = new Registration(args[1], (Dictionary<?, ?>) args[2]);
                    registrations.add(registration);
                    return Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                if (!m.getName().equals("unregister")) {
                                    throw new UnsupportedOperationException(m.getName());
                                }
                                if (registration.unregistered) {
                                    throw new IllegalStateException("already unregistered");
                                }
                                registration.unregistered = true;
                                return null;
                            });
                });
    }

    @Test
    void registersAWorkingArchAndSurvivesDeactivateActivate() {
        assumeTrue(HostPlatform.current().whyNotServed().isEmpty(), "needs Linux on x86_64");
        X86_64ArchComponent component = new X86_64ArchComponent(X86_64Arch::load, log::add);
        BundleContext context = recordingContext();

        component.activate(context);
        assertEquals(1, registrations.size());
        Registration first = registrations.get(0);
        assertEquals("x86_64", first.properties.get(Arch.PROCESSOR));
        Arch arch = (Arch) first.service;
        assertEquals(ProcessHandle.current().pid(), arch.syscall(39), "the registered Arch makes real syscalls");

        component.deactivate();
        assertTrue(first.unregistered);
        component.deactivate();     // a second deactivate is harmless

        component.activate(context);    // bundle started again: library already loaded
        assertEquals(2, registrations.size());
        Arch again = (Arch) registrations.get(1).service;
        assertEquals(ProcessHandle.current().pid(), again.syscall(39));
        component.deactivate();
        assertTrue(registrations.get(1).unregistered);
        assertEquals(List.of(), log, "nothing to complain about");
    }

    @Test
    void registersNothingAndSaysWhyWhenTheShimIsUnavailable() {
        X86_64ArchComponent component = new X86_64ArchComponent(
                () -> X86_64Arch.load(new HostPlatform("Linux", "aarch64"), ShimLibraryLoader.standard()),
                log::add);
        component.activate(recordingContext());
        assertEquals(0, registrations.size());
        assertEquals(List.of("korlang arch.x86_64: no Arch service registered: built for x86_64,"
                + " this machine is aarch64"), log);
        component.deactivate();     // nothing registered, nothing to undo
    }
}
