package org.korlang.os.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.korlang.os.OpenFlag;
import org.korlang.os.SyscallTable;
import org.korlang.os.common.Call;
import org.korlang.os.common.KernelTable;
import org.korlang.os.mappings.MappingRegistry;
import org.korlang.os.common.RecordingArch;

/**
 * A Linux kernel table made from a contributed {@link SyscallTable}, as a CPU port added later
 * contributes one: this bundle's own two contributions give exactly the numbers, flags and stat
 * layouts of x86_64 and aarch64; a riscv64 contribution (the generic table, generic flags and
 * stat) serves getpid, openat and fstat with its own numbers on an Arch of that processor; and a
 * table that lacks a number, a half-given stat layout, a processor with no built-in table or a
 * table for another processor are each refused with an IllegalArgumentException that names what
 * is wrong.
 */
class ContributedSyscallTableTest {

    /** riscv64 uses include/uapi/asm-generic/unistd.h, the same numbers as aarch64, with generic flags and stat. */
    private static SyscallTable riscv64(Map<String, Long> numbers) {
        return () -> numbers;
    }

    @Test
    void theBuiltInContributionsGiveTheKnownTables() {
        KernelTable x86 = LinuxTables.of(new LinuxX86_64SyscallTable(), "x86_64");
        assertEquals(39, x86.syscall(Call.GETPID).number());
        assertEquals("newfstatat", x86.syscall(Call.FSTATAT).name());
        assertEquals(144, x86.stat().size());
        assertEquals(0200000, x86.openFlags().value(OpenFlag.DIRECTORY));
        KernelTable arm = LinuxTables.of(new LinuxAarch64SyscallTable(), "aarch64");
        assertEquals(172, arm.syscall(Call.GETPID).number());
        assertEquals(128, arm.stat().size());
        assertEquals(040000, arm.openFlags().value(OpenFlag.DIRECTORY));
        assertEquals(0100000, arm.openFlags().value(OpenFlag.NOFOLLOW));
        for (Call call : LinuxTables.CALL_NAMES.keySet()) {
            assertEquals(LinuxTables.X86_64.syscall(call), x86.syscall(call));
            assertEquals(LinuxTables.AARCH64.syscall(call), arm.syscall(call));
        }
    }

    @Test
    void aContributedTableServesItsProcessor() {
        RecordingArch arch = new RecordingArch("riscv64").thenReturn(4242).thenReturn(3);
        LinuxOs os = new LinuxOs(arch, LinuxTables.of(riscv64(LinuxTables.AARCH64_NUMBERS.numbers()), "riscv64"), new MappingRegistry());
        assertEquals(4242, os.getpid());
        assertEquals(172, arch.last().number());
        os.openat(LinuxOs.AT_FDCWD, "/", EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY), 0);
        assertEquals(56, arch.last().number());
        assertEquals(0200000, arch.last().arg(3), "riscv64 keeps the generic O_DIRECTORY");
        assertEquals(128, os.table().stat().size(), "and the generic struct stat");
    }

    @Test
    void aTableThatLacksANumberIsRefusedByName() {
        Map<String, Long> numbers = new HashMap<>(LinuxTables.AARCH64_NUMBERS.numbers());
        numbers.remove("getrandom");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinuxTables.of(riscv64(numbers), "riscv64"));
        assertEquals("the linux system-call table for riscv64 has no number for getrandom", e.getMessage());
    }

    @Test
    void aHalfGivenStatLayoutIsRefusedByName() {
        SyscallTable table = new SyscallTable() {
            @Override
            public Map<String, Long> numbers() { return LinuxTables.AARCH64_NUMBERS.numbers(); }

            @Override
            public Map<String, Long> constants() { return Map.of("sizeof(struct stat)", 128L); }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinuxTables.of(table, "riscv64"));
        assertEquals("the linux system-call table for riscv64 gives sizeof(struct stat) but not offsetof(struct stat, st_dev)",
                e.getMessage());
    }

    @Test
    void anUnknownProcessorOrAForeignTableIsRefused() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> LinuxTables.forProcessor("riscv64"));
        assertEquals("the Linux port has no built-in system-call table for processor riscv64"
                + " (a port for it registers a SyscallTable service with syscall.kernel=linux)", none.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> new LinuxOs(new RecordingArch("riscv64"), LinuxTables.X86_64, new MappingRegistry()));
        assertEquals("kernel table for x86_64 cannot run on arch riscv64", foreign.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LinuxOs(new RecordingArch("riscv64"), new MappingRegistry()));
    }
}
