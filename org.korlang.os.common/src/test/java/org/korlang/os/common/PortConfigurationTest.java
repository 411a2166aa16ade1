package org.korlang.os.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.korlang.os.Os;

/**
 * What the port configurers write, for every combination of system and registered Arch services
 * (see InMemoryConfigAdmin): the processor comes from the Arch services' own os.arch names — there
 * is no list of processors — the best-ranked Arch for this os.arch wins, and a processor nobody
 * answers to gives no configuration.
 */
class PortConfigurationTest {

    private static final Map<String, Object> X86_64 = arch("x86_64", 21L, 0, "amd64", "x86_64", "x86-64");
    private static final Map<String, Object> AARCH64 = arch("aarch64", 22L, 0, "aarch64", "arm64");

    /** An Arch service's properties as ArchServiceRegistrar registers them. */
    private static Map<String, Object> arch(String processor, long serviceId, int ranking, String... osArchNames) {
        return Map.of(Arch.PROCESSOR, processor, Arch.JVM_ARCH_NAMES, osArchNames,
                "service.id", serviceId, "service.ranking", ranking);
    }

    @Test
    void theProcessorIsTheOneWhoseArchAnswersOsArch() {
        List<Map<String, Object>> both = List.of(X86_64, AARCH64);
        assertEquals(Optional.of("x86_64"), PortConfiguration.processorOf("amd64", both));
        assertEquals(Optional.of("x86_64"), PortConfiguration.processorOf("X86_64", both));
        assertEquals(Optional.of("aarch64"), PortConfiguration.processorOf("arm64", both));
        assertEquals(Optional.empty(), PortConfiguration.processorOf("riscv64", both), "no Arch answers riscv64");
        assertEquals(Optional.empty(), PortConfiguration.processorOf("amd64", List.of(AARCH64)));
        assertEquals(Optional.empty(), PortConfiguration.processorOf(null, both));
        assertEquals(Optional.empty(), PortConfiguration.processorOf("amd64",
                List.of(Map.of(Arch.PROCESSOR, "x86_64"))), "an Arch that names no os.arch answers none");
    }

    @Test
    void aNewCpuBundleIsFoundByItsOwnNamesAndTheBestRankedArchWins() {
        Map<String, Object> riscv = arch("riscv64", 40L, 0, "riscv64");
        assertEquals(Optional.of("riscv64"), PortConfiguration.processorOf("riscv64", List.of(X86_64, AARCH64, riscv)));
        Map<String, Object> second = arch("x64test", 41L, 100, "amd64");
        assertEquals(Optional.of("x64test"), PortConfiguration.processorOf("amd64", List.of(X86_64, second)), "ranking 100 beats 0");
        Map<String, Object> sameRankLater = arch("x64late", 42L, 0, "amd64");
        assertEquals(Optional.of("x86_64"), PortConfiguration.processorOf("amd64", List.of(sameRankLater, X86_64)), "then the lower service.id");
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
    void matchingOsGetsTargetsAndArchPropertyOnceItsArchArrives() throws Exception {
        InMemoryConfigAdmin cm = new InMemoryConfigAdmin();
        PortConfiguration linux = new PortConfiguration(cm.proxy(), "org.korlang.os.linux", "linux", true, "amd64");
        linux.publish();
        assertNull(cm.store.get("org.korlang.os.linux"), "no Arch yet: nothing to bind");
        linux.archArrived(AARCH64);
        assertNull(cm.store.get("org.korlang.os.linux"), "the aarch64 Arch does not answer amd64");
        linux.archArrived(X86_64);
        Dictionary<String, Object> p = cm.store.get("org.korlang.os.linux");
        assertEquals("(arch.processor=x86_64)", p.get("arch.target"));
        assertEquals("(&(syscall.kernel=linux)(syscall.processor=x86_64))", p.get("table.target"));
        assertEquals("x86_64", p.get(Os.OS_ARCH));
        // the same values again (a restart, the Arch leaving and returning) do not bounce the component
        linux.publish();
        linux.archLeft(X86_64);
        assertEquals("x86_64", cm.store.get("org.korlang.os.linux").get(Os.OS_ARCH), "kept while no Arch answers");
        linux.archArrived(X86_64);
        assertEquals(1, cm.updates);
    }

    @Test
    void aBetterRankedArchTakesTheConfigurationAndGivesItBackWhenItLeaves() throws Exception {
        InMemoryConfigAdmin cm = new InMemoryConfigAdmin();
        PortConfiguration linux = new PortConfiguration(cm.proxy(), "org.korlang.os.linux", "linux", true, "amd64");
        linux.archArrived(X86_64);
        Map<String, Object> second = arch("x64test", 41L, 100, "amd64", "x86_64");
        linux.archArrived(second);
        assertEquals("(&(syscall.kernel=linux)(syscall.processor=x64test))", cm.store.get("org.korlang.os.linux").get("table.target"));
        linux.archLeft(second);
        assertEquals("x86_64", cm.store.get("org.korlang.os.linux").get(Os.OS_ARCH));
    }

    @Test
    void otherOsLeavesNoConfiguration() throws Exception {
        InMemoryConfigAdmin cm = new InMemoryConfigAdmin();
        cm.store.put("org.korlang.os.macos", PortConfiguration.properties("macos", "aarch64")); // stale, e.g. a copied cache
        PortConfiguration macos = new PortConfiguration(cm.proxy(), "org.korlang.os.macos", "macos", false, "amd64");
        macos.publish();
        assertNull(cm.store.get("org.korlang.os.macos"));
        macos.archArrived(X86_64);
        assertNull(cm.store.get("org.korlang.os.macos"));
    }
}
