package org.korlang.os.macos.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.korlang.os.Os;
import org.korlang.os.SyscallTable;
import org.korlang.os.common.InMemoryConfigAdmin;
import org.korlang.os.common.PortConfiguration;
import org.korlang.os.common.RecordingArch;
import org.korlang.os.mappings.MappingRegistry;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;

/**
 * The macOS port binds to the Arch of the Mac's processor by the same code path as the Linux port
 * on Linux, run here with a Mac's host facts substituted: told of the Arch services registered
 * (their properties, as ArchServiceRegistrar sets them), the configurer writes the configuration
 * whose {@code arch.target} filter selects exactly the Arch that answers the Mac's {@code os.arch}
 * and whose {@code table.target} selects this bundle's system-call table for that processor; DS
 * then constructs the Os component from that configuration, the bound Arch and table, and its
 * calls take the Darwin convention with that processor's numbers. On Linux the configurer removes the configuration, so the
 * component stays inactive. (DS itself — the target filter, activation, departure with the Arch —
 * is exercised for the Linux port in a real Felix by org.korlang.itest.)
 */
class MacosPortBindingTest {

    /** What an arch bundle registers its Arch with (ArchServiceRegistrar). */
    private static Hashtable<String, Object> archProperties(String processor, long serviceId, String... osArchNames) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Arch.PROCESSOR, processor);
        properties.put(Arch.JVM_ARCH_NAMES, osArchNames);
        properties.put("service.id", serviceId);
        return properties;
    }

    /** What this bundle registers its table for {@code processor} with. */
    private static Dictionary<String, Object> tableProperties(String processor) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(SyscallTable.KERNEL, "macos");
        properties.put(SyscallTable.PROCESSOR, processor);
        return properties;
    }

    private static void onAMac(String jvmOsArch, String processor, String otherProcessor, long getpidNumber) throws Exception {
        InMemoryConfigAdmin configAdmin = new InMemoryConfigAdmin();
        MacosPortConfigurer configurer = new MacosPortConfigurer(configAdmin.proxy(), "Mac OS X", jvmOsArch);
        assertNull(configAdmin.store.get(MacosOsComponent.PID), "no Arch yet, no configuration");
        configurer.bindArch(archProperties("x86_64", 21, "amd64", "x86_64", "x86-64"));
        configurer.bindArch(archProperties("aarch64", 22, "aarch64", "arm64"));

        Dictionary<String, Object> configuration = configAdmin.store.get(MacosOsComponent.PID);
        assertEquals(processor, configuration.get(Os.OS_ARCH));
        Filter target = FrameworkUtil.createFilter((String) configuration.get(PortConfiguration.ARCH_TARGET));
        assertTrue(target.match(archProperties(processor, 1)), "binds to the Arch of " + processor);
        assertFalse(target.match(archProperties(otherProcessor, 2)), "never to the Arch of " + otherProcessor);
        Filter table = FrameworkUtil.createFilter((String) configuration.get(PortConfiguration.TABLE_TARGET));
        assertTrue(table.match(tableProperties(processor)), "binds this bundle's table for " + processor);
        assertFalse(table.match(tableProperties(otherProcessor)));

        RecordingArch arch = new RecordingArch(processor).thenReturn(4242);
        SyscallTable numbers = processor.equals("x86_64") ? new MacosX86_64SyscallTable() : new MacosArm64SyscallTable();
        MacosOsComponent os = new MacosOsComponent(arch, numbers, new MappingRegistry(), Map.of(Os.OS_ARCH, configuration.get(Os.OS_ARCH)));
        assertEquals("macos", os.name());
        assertEquals(4242, os.getpid());
        assertTrue(arch.last().darwin(), "the Darwin convention: " + arch.last());
        assertEquals(getpidNumber, arch.last().number(), "getpid on " + processor + ": " + arch.last());
    }

    @Test
    void onAppleSiliconTheOsComponentBindsToTheAarch64Arch() throws Exception {
        onAMac("aarch64", "aarch64", "x86_64", 20);                   // arm64: plain BSD numbers
    }

    @Test
    void onAnIntelMacTheOsComponentBindsToTheX86_64Arch() throws Exception {
        onAMac("x86_64", "x86_64", "aarch64", 0x2000000 | 20);       // x86_64: the BSD class bits
    }

    @Test
    void onLinuxTheConfigurationIsRemovedSoTheComponentStaysInactive() throws Exception {
        InMemoryConfigAdmin configAdmin = new InMemoryConfigAdmin();
        configAdmin.store.put(MacosOsComponent.PID, PortConfiguration.properties("macos", "x86_64"));   // e.g. a copied cache
        new MacosPortConfigurer(configAdmin.proxy(), "Linux", "amd64");
        assertNull(configAdmin.store.get(MacosOsComponent.PID));
    }

    @Test
    void aMacOnAnotherProcessorGetsNoConfiguration() throws Exception {
        InMemoryConfigAdmin configAdmin = new InMemoryConfigAdmin();
        MacosPortConfigurer configurer = new MacosPortConfigurer(configAdmin.proxy(), "Mac OS X", "ppc");
        configurer.bindArch(archProperties("x86_64", 21, "amd64", "x86_64", "x86-64"));
        assertNull(configAdmin.store.get(MacosOsComponent.PID));
    }
}
