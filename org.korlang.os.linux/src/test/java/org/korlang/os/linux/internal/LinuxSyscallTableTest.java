package org.korlang.os.linux.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.DirEntry;
import org.korlang.os.FileStat;
import org.korlang.os.FutexResult;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;
import org.korlang.os.mappings.MappingRegistry;
import org.korlang.os.common.RecordingArch;
import org.korlang.os.common.RecordingArch.Syscall;

/**
 * The numbers and arguments that would reach a Linux kernel, per processor, through a recording
 * arch. aarch64 cannot be run here (the JVM is x86_64), so this is where its generic table is
 * checked: getpid 172, openat 56 with AT_FDCWD -100, fstat 80 (generic struct stat), mmap 222, ...
 */
class LinuxSyscallTableTest {

    /** An aarch64 Linux whose page size the (scripted) kernel reports as 64 KiB via /proc/self/auxv. */
    static LinuxOs aarch64With64KPages(RecordingArch arch) {
        LinuxOs os = new LinuxOs(arch, new MappingRegistry());
        arch.then((call, a) -> { // openat("/proc/self/auxv")
            assertEquals(56, call.number());
            assertEquals(-100, call.arg(1));
            ByteBuffer path = a.memory(call.arg(2), 16);
            byte[] bytes = new byte[16];
            path.get(0, bytes);
            assertEquals("/proc/self/auxv\0", new String(bytes, StandardCharsets.US_ASCII));
            return 3;
        }).then((call, a) -> { // read: AT_PAGESZ 65536, AT_NULL
            assertEquals(63, call.number());
            ByteBuffer auxv = a.memory(call.arg(2), 48);
            auxv.putLong(0, 16).putLong(8, 0x1234).putLong(16, 6).putLong(24, 65536).putLong(32, 0).putLong(40, 0);
            return 48;
        }).thenReturn(0) // read: end of file
          .thenReturn(0); // close
        assertEquals(65536, os.pageSize());
        assertEquals(57, arch.last().number(), "auxv descriptor closed");
        arch.reset();
        return os;
    }

    @Test
    void aarch64DirectoryCalls() {
        RecordingArch arch = new RecordingArch("aarch64");
        LinuxOs os = aarch64With64KPages(arch);

        os.mkdirat(Os.AT_FDCWD, "/tmp/d", 0750);
        assertEquals(List.of(34L, -100L, 0750L), List.of(arch.last().number(), arch.last().arg(1), arch.last().arg(3)));
        os.unlinkat(Os.AT_FDCWD, "/tmp/d", true);
        assertEquals(List.of(35L, -100L, 0x200L), List.of(arch.last().number(), arch.last().arg(1), arch.last().arg(3)));
        os.unlinkat(5, "f", false);
        assertEquals(List.of(35L, 5L, 0L), List.of(arch.last().number(), arch.last().arg(1), arch.last().arg(3)));
        arch.then((call, a) -> {
            a.memory(call.arg(3), 128).putLong(48, 77);
            return 0;
        });
        assertEquals(77, os.fstatat(Os.AT_FDCWD, "/x", false).size());
        assertEquals(List.of(79L, 0x100L), List.of(arch.last().number(), arch.last().arg(4)), "newfstatat with AT_SYMLINK_NOFOLLOW");
        arch.then((call, a) -> { // two linux_dirent64 records: "a" (DT_REG) and "bc" (DT_DIR)
            ByteBuffer d = a.memory(call.arg(2), 48);
            d.putLong(0, 11).putLong(8, 1).putShort(16, (short) 24).put(18, (byte) 8).put(19, (byte) 'a').put(20, (byte) 0);
            d.putLong(24, 12).putLong(32, 2).putShort(40, (short) 24).put(42, (byte) 4).put(43, (byte) 'b').put(44, (byte) 'c').put(45, (byte) 0);
            return 48;
        });
        List<DirEntry> entries = os.readDirectory(9);
        assertEquals(List.of(61L, 9L), List.of(arch.last().number(), arch.last().arg(1)));
        assertEquals(List.of(new DirEntry(11, 8, "a".getBytes(StandardCharsets.US_ASCII)), new DirEntry(12, 4, "bc".getBytes(StandardCharsets.US_ASCII))), entries);
        arch.thenReturn(-20);
        assertEquals("getdents64", assertThrows(OsException.class, () -> os.readDirectory(9)).syscall());
    }

    @Test
    void aarch64ProcessCalls() {
        RecordingArch arch = new RecordingArch("aarch64");
        LinuxOs os = aarch64With64KPages(arch);

        arch.thenReturn(4242);
        assertEquals(4242, os.getpid());
        assertEquals(172, arch.last().number());
        arch.thenReturn(4243);
        assertEquals(4243, os.gettid());
        assertEquals(178, arch.last().number());
        os.schedYield();
        assertEquals(124, arch.last().number());
        // a real exit_group never returns: a recording arch that does is reported, not ignored
        assertThrows(IllegalStateException.class, () -> os.exitGroup(3));
        assertEquals(List.of(94L, 3L), List.of(arch.last().number(), arch.last().arg(1)), "exit_group(3)");
        assertTrue(arch.calls().stream().noneMatch(Syscall::darwin), "Linux convention only");
    }

    @Test
    void aarch64FileCalls() {
        RecordingArch arch = new RecordingArch("aarch64");
        LinuxOs os = aarch64With64KPages(arch);

        arch.thenReturn(7);
        assertEquals(7, os.open("/etc", EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY, OpenFlag.CLOEXEC, OpenFlag.NOFOLLOW), 0));
        Syscall openat = arch.last();
        assertEquals(56, openat.number());
        assertEquals(-100, openat.arg(1), "AT_FDCWD");
        assertEquals(040000 | 02000000 | 0100000, openat.arg(3), "arm64's own O_DIRECTORY and O_NOFOLLOW");

        arch.then((call, a) -> { // fstat: the generic 128-byte struct stat
            ByteBuffer st = a.memory(call.arg(2), 128);
            st.putLong(0, 0x803).putLong(8, 99).putInt(16, 0100600).putInt(20, 3).putInt(24, 1000).putInt(28, 1001)
                    .putLong(48, 12345).putInt(56, 4096).putLong(64, 24).putLong(88, 1_700_000_000L).putLong(96, 123);
            return 0;
        });
        FileStat st = os.fstat(7);
        assertEquals(80, arch.last().number());
        assertEquals(7, arch.last().arg(1));
        assertEquals(new FileStat(0x803, 99, 0100600, 3, 1000, 1001, 12345, 4096, 24, 1_700_000_000_000_000_123L), st);

        arch.then((call, a) -> {
            a.memory(call.arg(2), 3).put(new byte[] {1, 2, 3});
            return 3;
        });
        assertEquals(3, os.read(7, ByteBuffer.allocate(10)));
        assertEquals(63, arch.last().number());
        os.write(7, ByteBuffer.allocate(5));
        assertEquals(64, arch.last().number());
        assertEquals(5, arch.last().arg(3));
        os.lseek(7, -8, Whence.END);
        assertEquals(List.of(62L, 7L, -8L, 2L), List.of(arch.last().number(), arch.last().arg(1), arch.last().arg(2), arch.last().arg(3)));
        os.close(7);
        assertEquals(57, arch.last().number());

        arch.thenReturn(-2);
        OsException e = assertThrows(OsException.class, () -> os.open("/nope", Set.of(OpenFlag.READ_ONLY), 0));
        assertEquals("ENOENT", e.errnoName());
        assertEquals("openat", e.syscall());
    }

    @Test
    void aarch64MemoryCalls() {
        RecordingArch arch = new RecordingArch("aarch64");
        LinuxOs os = aarch64With64KPages(arch);

        arch.then((call, a) -> a.allocate(call.arg(2)));
        long base = os.mmapAnonymous(100_000, EnumSet.of(Prot.READ, Prot.WRITE));
        Syscall mmap = arch.last();
        assertEquals(222, mmap.number());
        assertArrayEquals(new long[] {0, 131072, 3, 0x22, -1, 0}, mmap.args(), "two 64 KiB pages, PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS");

        os.mprotect(base, 65536, Set.of(Prot.READ));
        assertEquals(226, arch.last().number());
        os.madvise(base, 65536, Advice.DONTNEED);
        assertEquals(233, arch.last().number());
        assertEquals(4, arch.last().arg(3));
        assertThrows(IllegalArgumentException.class, () -> os.munmap(base + 4096, 4096), "4 KiB is not a page on this kernel");
        os.munmap(base, 131072);
        assertEquals(215, arch.last().number());
        assertArrayEquals(new long[] {base, 131072, 0, 0, 0, 0}, arch.last().args());
    }

    @Test
    void aarch64FutexCalls() {
        RecordingArch arch = new RecordingArch("aarch64");
        LinuxOs os = aarch64With64KPages(arch);
        arch.then((call, a) -> a.allocate(call.arg(2)));
        long word = os.mmapAnonymous(65536, EnumSet.of(Prot.READ, Prot.WRITE)) + 8;

        arch.then((call, a) -> {
            ByteBuffer ts = a.memory(call.arg(4), 16);
            assertEquals(2, ts.getLong(0), "relative timeout seconds");
            assertEquals(500, ts.getLong(8), "and nanoseconds");
            return -110;
        });
        assertEquals(FutexResult.TIMED_OUT, os.futexWait(word, -1, 2_000_000_500L));
        Syscall wait = arch.last();
        assertEquals(98, wait.number());
        assertEquals(word, wait.arg(1));
        assertEquals(128, wait.arg(2), "FUTEX_WAIT_PRIVATE");
        assertEquals(0xFFFF_FFFFL, wait.arg(3), "expected value as the kernel's u32");

        arch.thenReturn(-11);
        assertEquals(FutexResult.VALUE_MISMATCH, os.futexWait(word, 1, Os.NO_TIMEOUT));
        assertEquals(0, arch.last().arg(4), "no timeout: NULL timespec");
        arch.thenReturn(-4);
        assertEquals(FutexResult.INTERRUPTED, os.futexWait(word, 1, Os.NO_TIMEOUT));
        arch.thenReturn(0);
        assertEquals(FutexResult.WOKEN, os.futexWait(word, 1, Os.NO_TIMEOUT));
        arch.thenReturn(-14);
        OsException fault = assertThrows(OsException.class, () -> os.futexWait(word, 1, Os.NO_TIMEOUT));
        assertEquals("EFAULT", fault.errnoName());
        assertEquals("futex", fault.syscall());

        arch.thenReturn(2);
        assertEquals(2, os.futexWake(word, 5));
        assertArrayEquals(new long[] {word, 129, 5, 0, 0, 0}, arch.last().args(), "FUTEX_WAKE_PRIVATE, count");
    }

    @Test
    void aarch64TimeAndIdentityCalls() {
        RecordingArch arch = new RecordingArch("aarch64");
        LinuxOs os = aarch64With64KPages(arch);

        arch.then((call, a) -> {
            a.memory(call.arg(2), 16).putLong(0, 12).putLong(8, 345);
            return 0;
        });
        assertEquals(12_000_000_345L, os.clockGettime(Clock.MONOTONIC));
        assertEquals(113, arch.last().number());
        assertEquals(1, arch.last().arg(1), "CLOCK_MONOTONIC");
        os.clockGettime(Clock.REALTIME);
        assertEquals(0, arch.last().arg(1), "CLOCK_REALTIME");

        arch.then((call, a) -> { // interrupted with 1 s 7 ns left
            ByteBuffer req = a.memory(call.arg(1), 16);
            assertEquals(3, req.getLong(0));
            assertEquals(9, req.getLong(8));
            a.memory(call.arg(2), 16).putLong(0, 1).putLong(8, 7);
            return -4;
        }).then((call, a) -> {
            ByteBuffer req = a.memory(call.arg(1), 16);
            assertEquals(1, req.getLong(0), "the remaining time becomes the new request");
            assertEquals(7, req.getLong(8));
            return 0;
        });
        os.nanosleep(3_000_000_009L);
        assertEquals(101, arch.last().number());
        assertEquals(2, arch.calls().stream().filter(c -> c.number() == 101).count());

        arch.then((call, a) -> {
            ByteBuffer u = a.memory(call.arg(1), 390);
            u.put(0, "Linux".getBytes(StandardCharsets.US_ASCII)).put(65, "box".getBytes(StandardCharsets.US_ASCII))
                    .put(130, "6.1.0".getBytes(StandardCharsets.US_ASCII)).put(195, "#1 SMP".getBytes(StandardCharsets.US_ASCII))
                    .put(260, "aarch64".getBytes(StandardCharsets.US_ASCII));
            return 0;
        });
        assertEquals(new Uname("Linux", "box", "6.1.0", "#1 SMP", "aarch64"), os.uname());
        assertEquals(160, arch.last().number());

        arch.thenReturn(-4).thenReturn(16); // EINTR is retried
        assertEquals(16, os.getrandom(ByteBuffer.allocate(16), 16));
        assertEquals(278, arch.last().number());
        assertEquals(0, arch.last().arg(3), "flags 0");
    }

    @Test
    void pageSizeProbeFindsTheKernelsPageWithoutProc() {
        RecordingArch arch = new RecordingArch("aarch64");
        LinuxOs os = new LinuxOs(arch, new MappingRegistry());
        arch.thenReturn(-2) // openat /proc/self/auxv: ENOENT, no /proc here
            .then((call, a) -> a.allocate(call.arg(2))) // the probe's mmap
            .otherwise((call, a) -> { // mprotect: EINVAL unless aligned to 16 KiB; munmap: 0
                if (call.number() == 226) {
                    return (call.arg(1) % 16384) == 0 ? 0 : -22;
                }
                return 0;
            });
        assertEquals(16384, os.pageSize());
        List<Syscall> calls = arch.calls();
        assertEquals(215, calls.get(calls.size() - 1).number(), "the probe mapping is unmapped again");
        assertEquals(3, calls.stream().filter(c -> c.number() == 226).count(), "4 KiB and 8 KiB refused, 16 KiB accepted");
    }

    @Test
    void x86TableDiffersWhereTheKernelsDiffer() {
        RecordingArch arch = new RecordingArch("x86_64");
        assertThrows(IllegalStateException.class, () -> new LinuxOs(arch, new MappingRegistry()).exitGroup(70));
        assertEquals(List.of(231L, 70L), List.of(arch.last().number(), arch.last().arg(1)), "exit_group(70) on x86_64");
        LinuxOs os = new LinuxOs(arch, new MappingRegistry());
        os.getpid();
        assertEquals(39, arch.last().number());
        os.gettid();
        assertEquals(186, arch.last().number());
        os.open("/", EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY, OpenFlag.NOFOLLOW), 0);
        assertEquals(257, arch.last().number());
        assertEquals(0200000 | 0400000, arch.last().arg(3), "generic O_DIRECTORY and O_NOFOLLOW");
        arch.then((call, a) -> { // x86_64 struct stat: nlink (64-bit) before mode
            a.memory(call.arg(2), 144).putLong(16, 2).putInt(24, 040755).putLong(56, 4096).putLong(88, 5).putLong(96, 6);
            return 0;
        });
        FileStat st = os.fstat(3);
        assertEquals(5, arch.last().number());
        assertTrue(st.isDirectory());
        assertEquals(2, st.links());
        assertEquals(4096, st.blockSize());
        assertEquals(5_000_000_006L, st.modifiedEpochNanos());
        assertFalse(st.isRegularFile());
    }

    @Test
    void unknownProcessorHasNoTable() {
        assertThrows(IllegalArgumentException.class, () -> new LinuxOs(new RecordingArch("riscv64"), new MappingRegistry()));
    }

    @Test
    void errnoNames() {
        var names = LinuxTables.ERRNOS;
        assertEquals("EAGAIN", names.name(11));
        assertEquals("ENOSYS", names.name(38));
        assertEquals("ELOOP", names.name(40));
        assertEquals("E41", names.name(41), "unassigned number");
        assertEquals("EOPNOTSUPP", names.name(95));
        assertEquals("ETIMEDOUT", names.name(110));
        assertEquals("EHWPOISON", names.name(133));
        assertEquals("E134", names.name(134));
    }
}
