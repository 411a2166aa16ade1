package org.korlang.os.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.korlang.arch.Arch;
import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.FutexResult;
import org.korlang.os.MapFlag;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;
import org.korlang.os.mappings.MappingRegistry;

/**
 * The kernel-independent decisions of {@link SyscallOs}, checked against a made-up kernel
 * ("testos", numbers 1..n) on a recording arch: what reaches the kernel, where the kernel is
 * allowed to write, and which inputs never reach it.
 */
class SyscallOsTest {

    static final int PAGE = 4096;

    static final KernelTable TABLE = KernelTable.builder("testos", "x86_64", Convention.LINUX)
            .call(Call.READ, "read", 1).call(Call.WRITE, "write", 2).call(Call.OPENAT, "openat", 3)
            .call(Call.CLOSE, "close", 4).call(Call.LSEEK, "lseek", 5).call(Call.FSTAT, "fstat", 6)
            .call(Call.MMAP, "mmap", 7).call(Call.MUNMAP, "munmap", 8).call(Call.MPROTECT, "mprotect", 9)
            .call(Call.MADVISE, "madvise", 10).call(Call.GETPID, "getpid", 11).call(Call.GETTID, "gettid", 12)
            .call(Call.SCHED_YIELD, "sched_yield", 13).call(Call.GETRANDOM, "getrandom", 14)
            .prot(Map.of(Prot.READ, 1, Prot.WRITE, 2, Prot.EXEC, 4))
            .mapFlags(Map.of(MapFlag.SHARED, 1, MapFlag.PRIVATE, 2, MapFlag.FIXED, 0x10, MapFlag.ANONYMOUS, 0x20, MapFlag.NORESERVE, 0x4000))
            .openFlags(Map.of(OpenFlag.READ_ONLY, 0, OpenFlag.WRITE_ONLY, 1, OpenFlag.READ_WRITE, 2, OpenFlag.CREATE, 0100,
                    OpenFlag.EXCLUSIVE, 0200, OpenFlag.TRUNCATE, 01000, OpenFlag.APPEND, 02000, OpenFlag.CLOEXEC, 02000000,
                    OpenFlag.DIRECTORY, 0200000, OpenFlag.NOFOLLOW, 0400000))
            .whence(Map.of(Whence.SET, 0, Whence.CURRENT, 1, Whence.END, 2))
            .advice(Map.of(Advice.NORMAL, 0, Advice.RANDOM, 1, Advice.SEQUENTIAL, 2, Advice.WILLNEED, 3, Advice.DONTNEED, 4, Advice.FREE, 8, Advice.HUGEPAGE, 14))
            .atFdcwd(-7)
            .errnos(ErrnoNames.of(Map.of(2, "ENOENT", 9, "EBADF", 22, "EINVAL")))
            .stat(StatLayout.builder(32).device(0, 4).inode(4, 4).mode(8, 2).links(10, 2).uid(12, 2).gid(14, 2)
                    .size(16, 4).blockSize(20, 2).blocks(22, 2).mtime(24, 24).build())
            .build();

    /** The made-up kernel: a fixed page size; the structurally different calls are unused here. */
    static final class TestOs extends SyscallOs {
        TestOs(Arch arch, MappingRegistry mappings) { super(arch, TABLE, mappings); }
        @Override protected int kernelPageSize() { return PAGE; }
        @Override protected FutexResult waitOnWord(long address, int expected, long timeoutNanos) { return FutexResult.WOKEN; }
        @Override protected int wakeWord(long address, int count) { return count; }
        @Override protected long readClock(Clock clock) { throw new UnsupportedOperationException(); }
        @Override protected void sleep(long nanos) { throw new UnsupportedOperationException(); }
        @Override protected Uname kernelIdentity() { throw new UnsupportedOperationException(); }
        @Override protected int fillRandom(long address, int length) { return (int) call(Call.GETRANDOM, address, length); }
    }

    RecordingArch arch;
    TestOs os;

    @BeforeEach
    void setUp() {
        arch = new RecordingArch("x86_64");
        os = new TestOs(arch, new MappingRegistry());
    }

    /** Scripts one mmap that returns a fresh simulated region; returns the Os's answer. */
    long mapAnonymous(int bytes) {
        arch.then((call, a) -> a.allocate(call.arg(2)));
        return os.mmapAnonymous(bytes, EnumSet.of(Prot.READ, Prot.WRITE));
    }

    /** A kernel that writes {@code data} at the address of argument 2 and returns its length. */
    static RecordingArch.Kernel writes(byte[] data) {
        return (call, a) -> {
            int n = (int) Math.min(data.length, call.arg(3));
            a.memory(call.arg(2), n).put(data, 0, n);
            return n;
        };
    }

    @Test
    void tableMustMatchTheArch() {
        assertThrows(IllegalArgumentException.class, () -> new TestOs(new RecordingArch("aarch64"), new MappingRegistry()));
    }

    @Test
    void heapReadIsStagedThroughScratchAndCopied() {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        arch.then(writes(data));
        ByteBuffer dst = ByteBuffer.allocate(16);
        dst.position(3);
        assertEquals(5, os.read(9, dst, 10));
        assertEquals(8, dst.position());
        byte[] got = new byte[5];
        dst.get(3, got);
        assertArrayEquals(data, got);
        RecordingArch.Syscall read = arch.last();
        assertEquals(1, read.number());
        assertEquals(9, read.arg(1));
        assertEquals(10, read.arg(3));
    }

    @Test
    void foreignDirectBufferIsNeverWrittenByTheKernel() {
        ByteBuffer foreign = ByteBuffer.allocateDirect(64);
        long foreignAddress = arch.address(foreign);
        arch.then(writes(new byte[] {1, 2, 3}));
        assertEquals(3, os.read(0, foreign, 64));
        long kernelWroteAt = arch.last().arg(2);
        assertTrue(kernelWroteAt < foreignAddress || kernelWroteAt >= foreignAddress + 64, "kernel got a pointer into a buffer the port does not own");
        assertEquals(3, foreign.position());
        assertEquals(2, foreign.get(1));
    }

    @Test
    void directBufferInsideOurMappingIsHandedToTheKernelAsIs() {
        long base = mapAnonymous(PAGE);
        ByteBuffer mine = os.memory(base, PAGE);
        mine.position(100);
        arch.then(writes(new byte[] {42, 43}));
        assertEquals(2, os.read(0, mine, 50));
        assertEquals(base + 100, arch.last().arg(2));
        assertEquals(42, os.memory(base, PAGE).get(100));
        assertEquals(102, mine.position());
    }

    @Test
    void heapWriteIsStagedAndAdvancesByWhatTheKernelTook() {
        arch.then((call, a) -> {
            ByteBuffer staged = a.memory(call.arg(2), (int) call.arg(3));
            assertEquals('b', staged.get(0));
            return 2; // a short write
        });
        ByteBuffer src = ByteBuffer.wrap("abcdef".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        src.position(1);
        assertEquals(2, os.write(4, src, 4));
        assertEquals(3, src.position());
        assertEquals(4, arch.last().arg(3));
    }

    @Test
    void badBuffersNeverReachTheKernel() {
        ByteBuffer heap = ByteBuffer.allocate(8);
        assertThrows(IllegalArgumentException.class, () -> os.read(0, heap, -1));
        assertThrows(IllegalArgumentException.class, () -> os.read(0, heap, 9));
        assertThrows(IllegalArgumentException.class, () -> os.read(0, heap.asReadOnlyBuffer(), 1));
        assertThrows(IllegalArgumentException.class, () -> os.write(0, heap, 9));
        assertThrows(IllegalArgumentException.class, () -> os.getrandom(heap, -3));
        NullPointerException npe = assertThrows(NullPointerException.class, () -> os.read(0, null, 1));
        assertTrue(npe.getMessage().contains("dst"));
        assertThrows(NullPointerException.class, () -> os.write(0, null));
        assertEquals(0, arch.calls().size());
    }

    @Test
    void memoryOpsOnForeignRangesNeverReachTheKernel() {
        long base = mapAnonymous(4 * PAGE);
        arch.reset();
        long foreign = base + 64L * PAGE;
        assertThrows(IllegalArgumentException.class, () -> os.munmap(foreign, PAGE));
        assertThrows(IllegalArgumentException.class, () -> os.munmap(base + 3L * PAGE, 2 * PAGE), "runs past our mapping");
        assertThrows(IllegalArgumentException.class, () -> os.munmap(base + 1, PAGE), "unaligned");
        assertThrows(IllegalArgumentException.class, () -> os.munmap(base, 0));
        assertThrows(IllegalArgumentException.class, () -> os.mprotect(foreign, PAGE, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> os.madvise(foreign, PAGE, Advice.DONTNEED));
        assertThrows(IllegalArgumentException.class, () -> os.memory(foreign, 8));
        assertThrows(IllegalArgumentException.class, () -> os.memory(base, -1));
        assertThrows(IllegalArgumentException.class, () -> os.mmap(foreign, PAGE, Set.of(Prot.READ),
                EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS, MapFlag.FIXED), -1, 0));
        assertThrows(IllegalArgumentException.class, () -> os.futexWait(foreign, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> os.futexWait(base + 2, 0, 0), "unaligned word");
        assertThrows(IllegalArgumentException.class, () -> os.futexWake(base, 0));
        assertThrows(IllegalArgumentException.class, () -> os.futexWait(base, 0, -5));
        assertThrows(IllegalArgumentException.class, () -> os.mmap(0, PAGE, Set.of(Prot.READ), Set.of(MapFlag.ANONYMOUS), -1, 0), "neither SHARED nor PRIVATE");
        assertThrows(IllegalArgumentException.class, () -> os.mmap(0, PAGE, Set.of(Prot.READ), EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> os.mmap(0, -1, Set.of(Prot.READ), EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS), -1, 0));
        assertEquals(0, arch.calls().size());
    }

    @Test
    void mappingCallsCarryTheTablesBits() {
        long base = mapAnonymous(3 * PAGE);
        RecordingArch.Syscall mmap = arch.last();
        assertEquals(7, mmap.number());
        assertEquals(3 * PAGE, mmap.arg(2));
        assertEquals(3, mmap.arg(3), "PROT_READ|PROT_WRITE");
        assertEquals(0x22, mmap.arg(4), "MAP_PRIVATE|MAP_ANONYMOUS");
        assertEquals(-1, mmap.arg(5));

        os.mprotect(base, 1, Set.of(Prot.READ));
        assertEquals(9, arch.last().number());
        assertEquals(PAGE, arch.last().arg(2), "lengths are rounded up to pages");
        assertEquals(1, arch.last().arg(3));

        os.madvise(base, PAGE, Advice.FREE);
        assertEquals(8, arch.last().arg(3));

        arch.thenReturn(base + PAGE);
        assertEquals(base + PAGE, os.mmap(base + PAGE, PAGE, Set.of(), EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS, MapFlag.FIXED), -1, 0));
        assertEquals(0x32, arch.last().arg(4));

        os.munmap(base + PAGE, PAGE);
        assertEquals(8, arch.last().number());
        assertTrue(os.isMapped(base, PAGE));
        assertTrue(!os.isMapped(base + PAGE, 1));
        assertThrows(IllegalArgumentException.class, () -> os.memory(base + PAGE, 4));
        assertThrows(IllegalArgumentException.class, () -> os.memory(base, 2 * PAGE), "spans the hole");
    }

    @Test
    void kernelErrorsBecomeOsExceptions() {
        arch.thenReturn(-9);
        OsException e = assertThrows(OsException.class, () -> os.close(77));
        assertEquals("close", e.syscall());
        assertEquals(9, e.errno());
        assertEquals("EBADF", e.errnoName());
        arch.thenReturn(-4000);
        assertEquals("E4000", assertThrows(OsException.class, () -> os.getpid()).errnoName());
        arch.thenReturn(-5000); // outside [-4095, -1]: a value, not an error
        assertEquals(-5000, os.lseek(1, 0, Whence.CURRENT));
    }

    @Test
    void openatTranslatesAtFdcwdAndStagesTheCString() {
        arch.then((call, a) -> {
            ByteBuffer path = a.memory(call.arg(2), 6);
            byte[] bytes = new byte[6];
            path.get(0, bytes);
            assertArrayEquals("/tmp/\0".getBytes(StandardCharsets.US_ASCII), bytes);
            return 5;
        });
        assertEquals(5, os.open("/tmp/", EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE, OpenFlag.CLOEXEC), 0640));
        RecordingArch.Syscall open = arch.last();
        assertEquals(-7, open.arg(1), "Os.AT_FDCWD becomes the kernel's value");
        assertEquals(02000102, open.arg(3));
        assertEquals(0640, open.arg(4));
        os.openat(12, "x", Set.of(OpenFlag.READ_ONLY), 0);
        assertEquals(12, arch.last().arg(1));

        assertThrows(IllegalArgumentException.class, () -> os.open("a\0b", Set.of(OpenFlag.READ_ONLY), 0));
        assertThrows(IllegalArgumentException.class, () -> os.open("a", Set.of(OpenFlag.READ_ONLY, OpenFlag.WRITE_ONLY), 0));
        assertThrows(IllegalArgumentException.class, () -> os.open("a", Set.of(OpenFlag.CREATE), 0));
        assertThrows(IllegalArgumentException.class, () -> os.open("a", Set.of(OpenFlag.READ_ONLY), 010000));
        assertThrows(NullPointerException.class, () -> os.open(null, Set.of(OpenFlag.READ_ONLY), 0));
        assertEquals(2, arch.calls().size());
        assertNotEquals(Os.AT_FDCWD, TABLE.atFdcwd());
    }

    @Test
    void fstatParsesTheLayoutTheKernelWrote() {
        arch.then((call, a) -> {
            ByteBuffer st = a.memory(call.arg(2), 32);
            st.putInt(0, 0xFFFF_FFFE); // device, read unsigned
            st.putInt(4, 1234);
            st.putShort(8, (short) 0100644);
            st.putShort(10, (short) 2);
            st.putShort(12, (short) 1000);
            st.putShort(14, (short) 100);
            st.putInt(16, 4097);
            st.putShort(20, (short) 4096);
            st.putShort(22, (short) 16);
            st.putLong(24, 7);
            return 0;
        });
        var stat = os.fstat(3);
        assertEquals(0xFFFF_FFFEL, stat.device());
        assertEquals(1234, stat.inode());
        assertTrue(stat.isRegularFile());
        assertEquals(0644, stat.permissions());
        assertEquals(2, stat.links());
        assertEquals(1000, stat.uid());
        assertEquals(4097, stat.size());
        assertEquals(7_000_000_007L, stat.modifiedEpochNanos(), "seconds and nanoseconds share one slot in this made-up layout");
    }

    @Test
    void staleViewOfUnmappedMemoryIsRefused() {
        long base = mapAnonymous(2 * PAGE);
        ByteBuffer view = os.memory(base, PAGE);
        arch.then((call, a) -> call.arg(1)); // a live view: the range is replaced (MAP_FIXED), not unmapped
        os.munmap(base, 2 * PAGE);
        assertEquals(base, arch.last().arg(1));
        assertEquals(2 * PAGE, arch.last().arg(2));
        assertFalse(os.isMapped(base, PAGE), "gone for every call of the API");
        assertThrows(IllegalArgumentException.class, () -> os.memory(base, 8));
        arch.reset();
        assertThrows(IllegalArgumentException.class, () -> os.read(0, view, 8));
        assertThrows(IllegalArgumentException.class, () -> os.write(1, view, 8));
        assertThrows(IllegalArgumentException.class, () -> os.getrandom(view, 8));
        assertEquals(0, arch.calls().size(), "neither the kernel nor a Java copy touched the stale memory");
    }

    @Test
    void aDirectBufferThatSomeoneElsePlacedWhereThisOsUnmappedPasses() {
        long base = mapAnonymous(2 * PAGE);
        arch.then((call, a) -> 0);
        os.munmap(base, 2 * PAGE); // no view of it: really unmapped
        // malloc (e.g. a JDK allocateDirect) gets the same addresses from the kernel
        ByteBuffer foreign = arch.memory(base, PAGE);
        arch.reset();
        arch.then((call, a) -> call.arg(3));
        assertEquals(8, os.write(1, foreign, 8), "a live buffer the Os never made is not a stale view");
        assertEquals(base, arch.last().arg(2), "handed to the kernel as is");
    }
}
