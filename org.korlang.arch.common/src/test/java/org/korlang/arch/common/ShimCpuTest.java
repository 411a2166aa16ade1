package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The names a port's files go by follow from its processor name (the arch modules' tests check
 * that the built library and the bundle resource really carry them), and a descriptor that would
 * make a broken port is refused when it is made.
 */
class ShimCpuTest {

    private final ShimCpu riscv = new ShimCpu("riscv64", Set.of("riscv64", "RISCV64"), 8, 243, 0x01000018);

    @Test
    void theLibraryAndItsPlacesAreNamedAfterTheProcessor() {
        assertEquals("korlang_riscv64", riscv.libraryName());
        assertEquals("libkorlang_riscv64.so", riscv.libraryFileName(ShimOs.LINUX));
        assertEquals("/linux-riscv64/libkorlang_riscv64.so", riscv.resourcePath(ShimOs.LINUX));
        assertEquals("libkorlang_riscv64.dylib", riscv.libraryFileName(ShimOs.MACOS));
        assertEquals("/macos-riscv64/libkorlang_riscv64.dylib", riscv.resourcePath(ShimOs.MACOS));
        assertEquals("korlang.arch.riscv64.library", riscv.pathProperty());
        assertEquals("korlang arch.riscv64: ", riscv.logPrefix());
        assertEquals("Korlang riscv64 shim (raw syscall, context switch, cpu relax, cycle counter)",
                riscv.serviceDescription());
    }

    @Test
    void jvmNamesAreKeptInLowerCaseAndCannotBeChangedAfterwards() {
        assertEquals(Set.of("riscv64"), riscv.jvmArchNames());
        assertThrows(UnsupportedOperationException.class, () -> riscv.jvmArchNames().add("rv64"));
    }

    @Test
    void aDescriptorThatWouldMakeABrokenPortIsRefused() {
        Set<String> names = Set.of("x");
        assertThrows(NullPointerException.class, () -> new ShimCpu(null, names, 8, 1, 0x01000007));
        assertThrows(NullPointerException.class, () -> new ShimCpu("x", null, 8, 1, 0x01000007));
        for (String bad : new String[] {"", "X86", "arch x", "../x", "9cpu"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ShimCpu(bad, names, 8, 1, 0x01000007), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ShimCpu("x", Set.of(), 8, 1, 0x01000007));
        assertThrows(IllegalArgumentException.class, () -> new ShimCpu("x", names, 2, 1, 0x01000007));
        assertThrows(IllegalArgumentException.class, () -> new ShimCpu("x", names, 8, 0, 0x01000007));
        assertThrows(IllegalArgumentException.class, () -> new ShimCpu("x", names, 8, 0x10000, 0x01000007));
        IllegalArgumentException thirtyTwoBit = assertThrows(IllegalArgumentException.class,
                () -> new ShimCpu("x", names, 8, 62, 7 /* CPU_TYPE_X86, without CPU_ARCH_ABI64 */));
        assertTrue(thirtyTwoBit.getMessage().contains("0x7"), thirtyTwoBit.getMessage());
    }
}
