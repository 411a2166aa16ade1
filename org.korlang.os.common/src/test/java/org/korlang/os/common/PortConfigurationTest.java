package org.korlang.os.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class PortConfigurationTest {

    /** ConfigurationAdmin reduced to what PortConfiguration uses, over a map pid → properties. */
    private static final class InMemoryConfigAdmin {
        final Map<String, Dictionary<String, Object>> store = new HashMap<>();
        int updates;

        ConfigurationAdmin proxy() {
            return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "getConfiguration" -> configuration((String) args[0]);
                        case "listConfigurations" -> {
                            String pid = ((String) args[0]).replace("(service.pid=", "").replace(")", "");
                            yield store.containsKey(pid) ? new Configuration[] {configuration(pid)} : null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @SuppressWarnings("unchecked")
        Configuration configuration(String pid) {
            return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                    (self, method, args) -> switch (method.getName()) {
                        case "updateIfDifferent" -> {
                            Dictionary<String, Object> next = (Dictionary<String, Object>) args[0];
                            boolean differs = !next.equals(store.get(pid));
                            if (differs) {
                                store.put(pid, next);
                                updates++;
                            }
                            yield differs;
                        }
                        case "getProperties" -> store.get(pid);
                        case "delete" -> {
                            store.remove(pid);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void processorNamesFollowTheArchBundles() {
        assertEquals(Optional.of("x86_64"), PortConfiguration.processorOf("amd64"));
        assertEquals(Optional.of("x86_64"), PortConfiguration.processorOf("x86_64"));
        assertEquals(Optional.of("aarch64"), PortConfiguration.processorOf("aarch64"));
        assertEquals(Optional.of("aarch64"), PortConfiguration.processorOf("arm64"));
        assertEquals(Optional.empty(), PortConfiguration.processorOf("ppc64le"));
        assertEquals(Optional.empty(), PortConfiguration.processorOf(null));
    }

    @Test
    void osNames() {
        assertTrue(PortConfiguration.isLinux("Linux"));
        assertFalse(PortConfiguration.isLinux("Mac OS X"));
        assertTrue(PortConfiguration.isDarwin("Mac OS X"));
        assertTrue(PortConfiguration.isDarwin("Darwin"));
        assertFalse(PortConfiguration.isDarwin("Linux"));
        assertFalse(PortConfiguration.isDarwin(null));
    }

    @Test
    void matchingOsGetsTargetAndArchProperty() throws Exception {
        InMemoryConfigAdmin cm = new InMemoryConfigAdmin();
        PortConfiguration.publish(cm.proxy(), "org.korlang.os.linux", true, "amd64");
        Dictionary<String, Object> p = cm.store.get("org.korlang.os.linux");
        assertEquals("(arch.processor=x86_64)", p.get("arch.target"));
        assertEquals("x86_64", p.get("os.arch"));
        // publishing again with the same values does not bounce the component
        PortConfiguration.publish(cm.proxy(), "org.korlang.os.linux", true, "amd64");
        assertEquals(1, cm.updates);
    }

    @Test
    void otherOsOrUnknownProcessorLeavesNoConfiguration() throws Exception {
        InMemoryConfigAdmin cm = new InMemoryConfigAdmin();
        cm.store.put("org.korlang.os.macos", PortConfiguration.properties("aarch64")); // stale, e.g. a copied cache
        PortConfiguration.publish(cm.proxy(), "org.korlang.os.macos", false, "amd64");
        assertNull(cm.store.get("org.korlang.os.macos"));
        PortConfiguration.publish(cm.proxy(), "org.korlang.os.linux", true, "riscv64");
        assertNull(cm.store.get("org.korlang.os.linux"));
    }
}
