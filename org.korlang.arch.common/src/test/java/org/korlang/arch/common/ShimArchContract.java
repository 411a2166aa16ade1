package org.korlang.arch.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.korlang.arch.Arch;

/**
 * A port's Arch against the real kernel and the real shim: system calls compared with what the JDK
 * sees, contexts switched into and back out of from Java with a libc function as entry, the cycle
 * counter, and the raw memory views. Each arch module runs it over its own {@code load()} with its
 * own processor's system-call numbers; it runs only on Linux on that processor (skipped elsewhere:
 * the aarch64 port's copy is skipped on this project's x86_64 build machines, where the C harness
 * under qemu tests that shim instead).
 *
 * <p>Shared with the arch modules' tests through this module's test-jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ShimArchContract {

    /**
     * The Linux system-call numbers this contract uses, for the processor under test: they differ
     * between processors (x86_64 has its own table, aarch64 the generic asm-generic/unistd.h one).
     */
    public record LinuxSyscalls(long read, long write, long close, long mmap, long munmap, long getpid,
            long pipe2, long memfdCreate) {
    }

    // errno values and mmap flags used below: the same on x86_64 and aarch64 (asm-generic)
    private static final long EBADF = 9, ENOSYS = 38;
    private static final long PROT_READ = 1, MAP_SHARED = 1;

    private final ShimCpu cpu;
    private final Supplier<? extends Arch> load;
    private final LinuxSyscalls sys;
    private Arch arch;
    private int page;

    /**
     * @param cpu  the port under test
     * @param load its public entry point ({@code X86_64Arch::load})
     * @param sys  its processor's system-call numbers
     */
    protected ShimArchContract(ShimCpu cpu, Supplier<? extends Arch> load, LinuxSyscalls sys) {
        this.cpu = cpu;
        this.load = load;
        this.sys = sys;
    }

    /** Skips each test (so that each is reported as skipped) elsewhere; loads the Arch once here. */
    @BeforeEach
    void loadShimWhereItRuns() {
        HostPlatform host = HostPlatform.current();
        // the system-call numbers and memfd below are Linux's; on a Mac the self-test runs the C harness
        assumeTrue(host.whyNotServedBy(cpu).isEmpty() && host.os().equals(Optional.of(ShimOs.LINUX)),
                "needs Linux on " + cpu.processor());
        if (arch == null) {
            arch = load.get();
            page = NativeLibrary.getInstance("c").getFunction("getpagesize").invokeInt(new Object[0]);
        }
    }

    @Test
    public void describesItself() {
        assertEquals(cpu.processor(), arch.name());
        assertEquals(Native.POINTER_SIZE, arch.wordSize(), "the word size is this JVM's pointer size");
        assertEquals(arch.getClass().getSimpleName() + "[contextSize=" + arch.contextSize() + "]", arch.toString());
    }

    @Test
    public void loadingAgainGivesAnotherWorkingArchOverTheSameLibrary() {
        Arch again = load.get();
        assertEquals(ProcessHandle.current().pid(), again.syscall(sys.getpid()));
        assertEquals(arch.contextSize(), again.contextSize());
    }

    @Test
    public void getpidThroughTheRawSyscallIsTheJvmsPid() {
        assertEquals(ProcessHandle.current().pid(), arch.syscall(sys.getpid()));
        assertEquals(ProcessHandle.current().pid(), arch.syscall6(sys.getpid(), 0, 0, 0, 0, 0, 0));
    }

    @Test
    public void failuresComeBackAsNegatedErrno() {
        assertEquals(-EBADF, arch.syscall(sys.close(), -1));
        assertEquals(-ENOSYS, arch.syscall(100_000));
    }

    @Test
    public void bytesWrittenIntoAPipeComeBackOut() {
        Memory fds = new Memory(8);
        assertEquals(0, arch.syscall(sys.pipe2(), Pointer.nativeValue(fds), 0));
        int readEnd = fds.getInt(0), writeEnd = fds.getInt(4);
        try {
            byte[] message = "through the raw write(2)".getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocateDirect(message.length).put(message);
            assertEquals(message.length, arch.syscall(sys.write(), writeEnd, arch.address(out), message.length));
            ByteBuffer in = ByteBuffer.allocateDirect(message.length);
            assertEquals(message.length, arch.syscall(sys.read(), readEnd, arch.address(in), message.length));
            byte[] back = new byte[message.length];
            in.get(back);
            assertArrayEquals(message, back);
        } finally {
            arch.syscall(sys.close(), readEnd);
            arch.syscall(sys.close(), writeEnd);
        }
    }

    @Test
    public void allSixArgumentsReachTheKernel() {
        // mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 2 * page) of a memfd whose pages hold 1, 2, 3:
        // the 4th (flags), 5th (fd) and 6th (offset) arguments all matter
        Memory name = new Memory(16);
        name.setString(0, "korlang-test", "US-ASCII");
        long fd = arch.syscall(sys.memfdCreate(), Pointer.nativeValue(name), 0);
        assertTrue(fd >= 0, "memfd_create: " + fd);
        try {
            ByteBuffer pages = ByteBuffer.allocateDirect(3 * page);
            for (int i = 0; i < 3 * page; i++) {
                pages.put(i, (byte) (i / page + 1));
            }
            assertEquals(3 * page, arch.syscall(sys.write(), fd, arch.address(pages), 3 * page));
            long mapped = arch.syscall6(sys.mmap(), 0, page, PROT_READ, MAP_SHARED, fd, 2L * page);
            assertTrue(mapped > 0, "mmap: " + mapped);
            try {
                ByteBuffer third = arch.view(mapped, page);
                assertEquals(3, third.get(0));
                assertEquals(3, third.get(page - 1));
            } finally {
                assertEquals(0, arch.syscall(sys.munmap(), mapped, page));
            }
        } finally {
            arch.syscall(sys.close(), fd);
        }
    }

    @Test
    public void aContextRunsALibcEntryAndReturnsToItsReturnContext() {
        // entry = libc time(time_t *out): the new context calls it on its own stack, time()
        // stores the current time into *out and returns, and the shim's trampoline switches
        // to the return context, which is the Java thread's own context here
        long time = Pointer.nativeValue(NativeLibrary.getInstance("c").getFunction("time"));
        Memory stack = new Memory(64 * 1024);
        long stackTop = (Pointer.nativeValue(stack) + stack.size()) & ~15L;
        Memory areas = new Memory(2L * arch.contextSize() + 16);
        long main = (Pointer.nativeValue(areas) + 15) & ~15L;
        long worker = main + arch.contextSize();
        Memory out = new Memory(8);
        out.setLong(0, -1);

        long before = System.currentTimeMillis() / 1000;
        arch.contextInit(worker, stackTop, time, Pointer.nativeValue(out), main);
        arch.contextSwitch(main, worker);
        long after = System.currentTimeMillis() / 1000;
        // the worker ran on `stack` and saved into `areas`: neither may be freed by the GC before now
        Reference.reachabilityFence(stack);
        Reference.reachabilityFence(areas);

        long seen = out.getLong(0);
        // libc's time() reads the kernel's coarse clock (vDSO CLOCK_REALTIME_COARSE), which lags the
        // precise clock behind currentTimeMillis by up to a tick: just after a second boundary it may
        // still answer the previous second
        assertTrue(seen >= before - 1 && seen <= after, "time() stored " + seen + ", expected within ["
                + (before - 1) + ", " + after + "]");

        // the finished context bounces straight back to its return context without rerunning entry
        out.setLong(0, -1);
        arch.contextSwitch(main, worker);
        assertEquals(-1, out.getLong(0), "a finished context must not run its entry again");
        Reference.reachabilityFence(stack);
        Reference.reachabilityFence(areas);
    }

    @Test
    public void theSaveAreaIsAMultipleOf16AndNothingIsWrittenPastIt() {
        int size = arch.contextSize();
        assertEquals(0, size % 16);
        Memory raw = new Memory(size + 64 + 16);
        long area = (Pointer.nativeValue(raw) + 15) & ~15L;
        ByteBuffer bytes = arch.view(area, size + 64);
        for (int i = 0; i < size + 64; i++) {
            bytes.put(i, (byte) 0xA5);
        }
        Memory stack = new Memory(4096);
        long entry = Pointer.nativeValue(NativeLibrary.getInstance("c").getFunction("time"));
        arch.contextInit(area, Pointer.nativeValue(stack) + stack.size(), entry, 0, area);
        int written = 0;
        for (int i = 0; i < size; i++) {
            written += bytes.get(i) != (byte) 0xA5 ? 1 : 0;
        }
        for (int i = size; i < size + 64; i++) {
            assertEquals((byte) 0xA5, bytes.get(i), "byte " + i + " past the save area was written");
        }
        assertTrue(written > 0, "contextInit wrote nothing into the save area");
        Reference.reachabilityFence(raw);
    }

    @Test
    public void contextCallsRejectNullAndMisalignedSaveAreas() {
        Memory raw = new Memory(arch.contextSize() * 2L + 32);
        long area = (Pointer.nativeValue(raw) + 15) & ~15L;
        long other = area + arch.contextSize();
        assertThrows(IllegalArgumentException.class, () -> arch.contextSwitch(0, other));
        assertThrows(IllegalArgumentException.class, () -> arch.contextSwitch(area, 0));
        assertThrows(IllegalArgumentException.class, () -> arch.contextSwitch(area + 8, other));
        assertThrows(IllegalArgumentException.class, () -> arch.contextInit(area + 4, 4096, 1, 0, other));
        assertThrows(IllegalArgumentException.class, () -> arch.contextInit(area, 0, 1, 0, other));
        assertThrows(IllegalArgumentException.class, () -> arch.contextInit(area, 4096, 0, 0, other));
        assertThrows(IllegalArgumentException.class, () -> arch.contextInit(area, 4096, 1, 0, 0));
        Reference.reachabilityFence(raw);
    }

    @Test
    public void theCycleCounterNeverGoesBackAndAdvancesOverTime() throws InterruptedException {
        long first = arch.cycleCounter(), previous = first;
        for (int i = 0; i < 100_000; i++) {
            long now = arch.cycleCounter();
            assertTrue(Long.compareUnsigned(now, previous) >= 0, "went back from " + previous + " to " + now);
            previous = now;
        }
        Thread.sleep(2);
        assertTrue(Long.compareUnsigned(arch.cycleCounter(), first) > 0);
    }

    @Test
    public void cpuRelaxServesASpinWaitBetweenTwoThreads() throws InterruptedException {
        AtomicLong ball = new AtomicLong();   // odd: the other thread's turn
        int rounds = 1000;
        Thread other = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                while ((ball.get() & 1) == 0) {
                    arch.cpuRelax();
                }
                ball.incrementAndGet();
            }
        });
        other.start();
        for (int i = 0; i < rounds; i++) {
            while ((ball.get() & 1) == 1) {
                arch.cpuRelax();
            }
            ball.incrementAndGet();
        }
        other.join(10_000);
        assertEquals(2L * rounds, ball.get());
    }

    @Test
    public void viewsAndAddressesRoundTrip() {
        Memory memory = new Memory(64);
        long address = Pointer.nativeValue(memory);
        ByteBuffer view = arch.view(address, 64);
        assertTrue(view.isDirect());
        assertEquals(ByteOrder.nativeOrder(), view.order());
        view.putLong(8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, memory.getLong(8), "the view writes the native memory");
        memory.setInt(32, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, view.getInt(32), "the view reads the native memory");
        assertEquals(address, arch.address(view));
        view.position(16);
        assertEquals(address, arch.address(view), "address() ignores the position");
        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        assertNotEquals(0, arch.address(direct));
    }

    @Test
    public void badViewsAndAddressesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> arch.view(0, 8));
        assertThrows(IllegalArgumentException.class, () -> arch.view(4096, -1));
        assertThrows(IllegalArgumentException.class, () -> arch.address(ByteBuffer.allocate(8)));
        assertThrows(NullPointerException.class, () -> arch.address(null));
        assertEquals(0, arch.view(0, 0).capacity());
    }
}
