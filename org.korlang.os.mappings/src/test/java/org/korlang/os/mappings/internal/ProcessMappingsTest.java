package org.korlang.os.mappings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.korlang.os.mappings.MappingRegistry;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The component registers the registry of its bundle revision, the same object on every
 * activation (so a stop/start of org.korlang.os.mappings loses nothing), unregisters it on
 * deactivation, and says what a registry still in use would lose (unless the framework itself stops).
 */
class ProcessMappingsTest {

    private static final long P = 4096;

    /** Registrations a BundleContext stand-in received: {type, service, properties, unregistered?}. */
    private final List<Object[]> registered = new ArrayList<>();

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getBundle") && args != null && args.length == 1) {
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                                (p, m, a) -> {
                                    if (!m.getName().equals("getState")) {
                                        throw new UnsupportedOperationException(m.getName());
                                    }
                                    return Bundle.ACTIVE; // the framework runs on: only this bundle stops
                                });
                    }
                    if (!method.getName().equals("registerService") || !(args[0] instanceof Class)) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    Object[] entry = {args[0], args[1], args[2], Boolean.FALSE};
                    registered.add(entry);
                    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                            (p, m, a) -> {
                                if (!m.getName().equals("unregister")) {
                                    throw new UnsupportedOperationException(m.getName());
                                }
                                entry[3] = Boolean.TRUE;
                                return null;
                            });
                });
    }

    @Test
    void everyActivationRegistersTheSameRegistryAndDeactivationUnregistersIt() {
        ProcessMappings first = new ProcessMappings();
        first.activate(context());
        assertEquals(1, registered.size());
        assertSame(MappingRegistry.class, registered.get(0)[0]);
        assertSame(ProcessMappings.REGISTRY, registered.get(0)[1]);
        assertEquals("process", ((Dictionary<?, ?>) registered.get(0)[2]).get(MappingRegistry.SCOPE_PROPERTY));
        first.deactivate(context());
        assertEquals(Boolean.TRUE, registered.get(0)[3], "deactivation unregisters the service");

        ProcessMappings second = new ProcessMappings(); // a stop/start of the bundle: a new component instance
        second.activate(context());
        assertSame(registered.get(0)[1], registered.get(1)[1], "the same registry comes back, with what it recorded");
        second.deactivate(context());
    }

    @Test
    void anEmptyRegistryLeavesQuietlyAndOneInUseSaysWhatItHolds() {
        MappingRegistry r = new MappingRegistry();
        assertTrue(r.usage().isEmpty());
        assertNull(ProcessMappings.departureNote(r.usage(), false));

        r.add(10 * P, 20 * P);
        r.add(30 * P, 31 * P, MappingRegistry.READ);
        MappingRegistry.Lease hold = r.hold(12 * P, 14 * P, MappingRegistry.READ | MappingRegistry.WRITE, "hold");
        MappingRegistry.Pin pin = r.pin(15 * P, 16 * P, "read");
        MappingRegistry.Usage usage = r.usage();
        assertEquals(new MappingRegistry.Usage(2, 1, 0, 1, 0), usage);
        assertNull(ProcessMappings.departureNote(usage, true), "the framework stops: the mappings end with the process");
        String note = ProcessMappings.departureNote(usage, false);
        assertNotNull(note);
        assertTrue(note.contains("2 mapped range(s), 1 hold(s), 0 live view(s), 1 pin(s), 0 inert range(s)"), note);
        assertTrue(note.contains("refuse these ranges"), note);

        pin.close();
        hold.close();
        r.unmap(10 * P, 20 * P, "munmap", () -> { });
        r.unmap(30 * P, 31 * P, "munmap", () -> { });
        assertTrue(r.usage().isEmpty(), "closing and unmapping everything empties it: " + r.usage());
    }
}
