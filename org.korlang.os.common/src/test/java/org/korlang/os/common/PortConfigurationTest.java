package org.korlang.os.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What the port configurers write, for every combination of system and processor (see InMemoryConfigAdmin). */
class PortConfigurationTest {

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
