package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.junit.jupiter.api.Test;

/**
 * What the shared Arch adapter does around the shim, over a recording shim in plain Java: values
 * pass through unchanged, the mistakes that would crash the JVM never reach the shim, a library
 * with an impossible save-area size is refused. Binding is tested against this JVM's real libc,
 * which lacks the shim's functions. (Each arch module runs {@link ShimArchContract} against its
 * real shim.)
 */
class ShimArchTest {

    private static final ShimCpu CPU = new ShimCpu("testcpu", Set.of(System.getProperty("os.arch")), 8, 62, 0x01000007);

    /** A port as the arch bundles write one: a final subclass with nothing of its own. */
    static final class TestCpuArch extends ShimArch {
        TestCpuArch(ShimFunctions shim) {
            super(CPU, shim);
        }
    }

    /** Natives that libc does not have. */
    static final class NotInLibc implements ShimFunctions {
        @Override public native long kr_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
        @Override public native long kr_syscall6_darwin(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
        @Override public native void kr_ctx_switch(long from, long to);
        @Override public native void kr_ctx_init(long ctx, long stackTop, long entry, long arg, long returnCtx);
        @Override public native void kr_cpu_relax();
        @Override public native long kr_cycle_counter();
        @Override public native int kr_ctx_size();
    }

    private final RecordingShim shim = new RecordingShim(80);
    private final ShimArch arch = new TestCpuArch(shim);

    @Test
    void nameWordSizeAndContextSizeComeFromTheCpuAndTheLibrary() {
        assertEquals("testcpu", arch.name());
        assertEquals(8, arch.wordSize());
        assertEquals(80, arch.contextSize());
        assertEquals("TestCpuArch[contextSize=80]", arch.toString());
    }

    @Test
    void systemCallsAndTheOtherEntryPointsPassValuesThroughUnchecked() {
        assertEquals(10, arch.syscall6(1, -2, 3, 0, 5, 6, 7));
        assertEquals(-90, arch.syscall6Darwin(-9, 8, 7, 6, 5, 4, 3));
        assertEquals(390, arch.syscall(39));
        arch.cpuRelax();
        assertEquals(12345, arch.cycleCounter());
        arch.contextInit(16, 4096, 1, 42, 32);
        arch.contextSwitch(48, 16);
        arch.contextSwitch(16, 16);
        assertEquals(List.of("kr_syscall6 1 -2 3 0 5 6 7", "kr_syscall6_darwin -9 8 7 6 5 4 3",
                "kr_syscall6 39 0 0 0 0 0 0", "kr_cpu_relax", "kr_cycle_counter",
                "kr_ctx_init 16 4096 1 42 32", "kr_ctx_switch 48 16", "kr_ctx_switch 16 16"), shim.calls);
    }

    @Test
    void contextCallsThatWouldCrashTheJvmNeverReachTheShim() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> arch.contextSwitch(0, 16));
        assertEquals("from must be a 16-byte aligned save area, was 0x0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> arch.contextSwitch(16, 24));
        assertEquals("to must be a 16-byte aligned save area, was 0x18", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> arch.contextInit(8, 4096, 1, 0, 16));
        assertEquals("context must be a 16-byte aligned save area, was 0x8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> arch.contextInit(16, 4096, 1, 0, 0));
        assertEquals("returnContext must be a 16-byte aligned save area, was 0x0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> arch.contextInit(16, 0, 1, 0, 32));
        assertEquals("stackTop must be the (exclusive) top of a stack, was 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> arch.contextInit(16, 4096, 0, 0, 32));
        assertEquals("entry must be a native function address, was 0", e.getMessage());
        assertEquals(List.of(), shim.calls);
    }

    @Test
    void viewsAndAddressesAreRealNativeMemory() {
        Memory memory = new Memory(32);
        memory.setLong(8, 0x0102030405060708L);
        ByteBuffer view = arch.view(Pointer.nativeValue(memory), 32);
        assertEquals(0x0102030405060708L, view.getLong(8));
        assertEquals(Pointer.nativeValue(memory), arch.address(view));
        assertThrows(IllegalArgumentException.class, () -> arch.view(0, 1));
        assertThrows(IllegalArgumentException.class, () -> arch.view(16, -1));
        assertThrows(IllegalArgumentException.class, () -> arch.address(ByteBuffer.allocate(4)));
        assertThrows(NullPointerException.class, () -> arch.address(null));
    }

    @Test
    void aLibraryWithAnImpossibleSaveAreaSizeIsNotThisShim() {
        for (int size : new int[] {0, -16, 40}) {
            ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                    () -> new TestCpuArch(new RecordingShim(size)));
            assertEquals("the loaded library reports a context size of " + size
                    + " bytes (must be a positive multiple of 16): not this shim", e.getMessage());
        }
    }

    @Test
    void bindRefusesAForeignHostBeforeLoadingAnything() {
        ShimLibraryLoader neverUsed = new ShimLibraryLoader(CPU, ShimOs.LINUX, "/nonexistent/libkorlang_testcpu.so", false, null);
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class, () -> ShimArch.bind(CPU,
                new HostPlatform("Linux", "no-such-cpu"), neverUsed, NotInLibc.class, NotInLibc::new));
        assertEquals("built for testcpu, this machine is no-such-cpu", e.getMessage());
    }

    @Test
    void bindPassesOnTheLoadersRefusal() {
        HostPlatform served = new HostPlatform("Linux", System.getProperty("os.arch"));
        ShimLibraryLoader missing = new ShimLibraryLoader(CPU, ShimOs.LINUX, "/nonexistent/libkorlang_testcpu.so", false, null);
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> ShimArch.bind(CPU, served, missing, NotInLibc.class, NotInLibc::new));
        assertTrue(e.getMessage().startsWith("korlang.arch.testcpu.library=/nonexistent/"), e.getMessage());
    }

    @Test
    void aLibraryWithoutTheShimsFunctionsIsRefusedByName() {
        File libc = LibcFile.find().orElse(null);
        assumeTrue(libc != null, "needs Linux with glibc");
        HostPlatform served = new HostPlatform("Linux", System.getProperty("os.arch"));
        ShimLibraryLoader loader = new ShimLibraryLoader(CPU, ShimOs.LINUX, libc.getPath(), false, null);
        ShimUnavailableException e = assertThrows(ShimUnavailableException.class,
                () -> ShimArch.bind(CPU, served, loader, NotInLibc.class, NotInLibc::new));
        assertTrue(e.getMessage().startsWith("library " + libc.getAbsolutePath()
                + " does not have the testcpu shim's functions: "), e.getMessage());
        assertTrue(e.getMessage().contains("kr_"), e.getMessage());
        assertTrue(e.getCause() instanceof UnsatisfiedLinkError, String.valueOf(e.getCause()));
    }

    @Test
    void bindHandsOverTheShimTheSupplierMakes() {
        HostPlatform served = new HostPlatform("Linux", System.getProperty("os.arch"));
        // a class with no natives binds to any library: libc stands in for the shim here
        File libc = LibcFile.find().orElse(null);
        assumeTrue(libc != null, "needs Linux with glibc");
        RecordingShim made = new RecordingShim(32);
        RecordingShim bound = ShimArch.bind(CPU, served, new ShimLibraryLoader(CPU, ShimOs.LINUX, libc.getPath(), false, null),
                RecordingShim.class, () -> made);
        assertSame(made, bound);
        assertEquals(32, new TestCpuArch(bound).contextSize());
    }
}
