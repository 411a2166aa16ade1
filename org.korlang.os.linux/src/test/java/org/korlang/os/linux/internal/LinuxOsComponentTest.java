package org.korlang.os.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.EnumSet;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.korlang.os.Os;
import org.korlang.os.Prot;
import org.korlang.os.common.RecordingArch;
import org.korlang.os.mappings.MappingRegistry;

/**
 * The DS component as DS would construct it (constructor injection of the bound Arch, table and
 * registry of mappings, and the configuration's properties). Its life cycle inside a framework — registered only on Linux with
 * the matching Arch, gone with the Arch, back with it — is DS's job given the configuration
 * (see PortConfigurationTest in os.common for what the configurer writes).
 */
class LinuxOsComponentTest {

    @Test
    void activatesOnTheConfiguredProcessor() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "needs a Linux kernel");
        JnaSyscallArch arch = new JnaSyscallArch();
        LinuxOsComponent os = new LinuxOsComponent(arch, new LinuxX86_64SyscallTable(), new MappingRegistry(), Map.of(Os.OS_ARCH, arch.name(), Os.OS_NAME, "linux"));
        assertEquals(ProcessHandle.current().pid(), os.getpid());
        assertEquals("linux", os.name());
    }

    @Test
    void refusesAnArchOfAnotherProcessor() {
        RecordingArch arch = new RecordingArch("aarch64");
        assertThrows(IllegalStateException.class, () -> new LinuxOsComponent(arch, new LinuxAarch64SyscallTable(), new MappingRegistry(), Map.of(Os.OS_ARCH, "x86_64")));
    }

    /**
     * DS hands every instance (one per Arch swap, one per bundle revision) the one MappingRegistry
     * service of org.korlang.os.mappings; here both get the same registry, as DS would give them.
     */
    @Test
    void mappingsSurviveAnArchSwap() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "needs a Linux kernel");
        JnaSyscallArch arch = new JnaSyscallArch();
        Map<String, Object> config = Map.of(Os.OS_ARCH, arch.name());
        MappingRegistry process = new MappingRegistry();
        LinuxOsComponent before = new LinuxOsComponent(arch, new LinuxX86_64SyscallTable(), process, config);
        long base = before.mmapAnonymous(before.pageSize(), EnumSet.of(Prot.READ, Prot.WRITE));
        before.memory(base, 8).putLong(0, 42);
        // the Arch went away and came back: DS made a new instance
        LinuxOsComponent after = new LinuxOsComponent(new JnaSyscallArch(), new LinuxX86_64SyscallTable(), process, config);
        assertEquals(42, after.memory(base, 8).getLong(0));
        after.munmap(base, after.pageSize());
        assertFalse(before.isMapped(base, 8));
    }
}
