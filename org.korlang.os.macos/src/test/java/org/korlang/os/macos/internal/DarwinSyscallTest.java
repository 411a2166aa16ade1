package org.korlang.os.macos.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.FileStat;
import org.korlang.os.DirEntry;
import org.korlang.os.FutexResult;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;
import org.korlang.os.mappings.MappingRegistry;
import org.korlang.os.common.PortConfiguration;
import org.korlang.os.common.RecordingArch;
import org.korlang.os.common.RecordingArch.Syscall;

/**
 * The Darwin port against a recording arch: the exact numbers and arguments that would reach XNU
 * on x86_64 and on arm64, and how scripted kernel answers (values written through pointers,
 * {@code -errno}) are read back. Nothing here ran on a Mac; every number is checked against the XNU
 * sources cited in DarwinTables.
 */
class DarwinSyscallTest {

    static final long BSD = 0x2000000;

    /** A scripted XNU: sysctl answers from a table, gettimeofday from a clock the test moves. */
    static final class FakeXnu implements RecordingArch.Kernel {
        final Map<List<Integer>, byte[]> sysctl = new HashMap<>();
        final AtomicLong machTicks = new AtomicLong(1);
        final boolean x86;

        FakeXnu(boolean x86, int pageSize, int timebaseHz) {
            this.x86 = x86;
            sysctl.put(List.of(6, 7), intBytes(pageSize));
            sysctl.put(List.of(6, 23), intBytes(timebaseHz));
        }

        static byte[] intBytes(int v) {
            return ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(0, v).array();
        }

        long bsd(int n) { return x86 ? BSD | n : n; }

        @Override
        public long answer(Syscall call, RecordingArch arch) {
            assertTrue(call.darwin(), "every call uses the Darwin convention");
            if (call.number() == bsd(202)) {
                int namelen = (int) call.arg(2);
                ByteBuffer names = arch.memory(call.arg(1), 4 * namelen);
                List<Integer> name = new ArrayList<>();
                for (int i = 0; i < namelen; i++) {
                    name.add(names.getInt(4 * i));
                }
                byte[] value = sysctl.get(name);
                if (value == null) {
                    return -2; // ENOENT
                }
                ByteBuffer oldlen = arch.memory(call.arg(4), 8);
                if (oldlen.getLong(0) < value.length) {
                    return -12; // ENOMEM
                }
                arch.memory(call.arg(3), value.length).put(value);
                oldlen.putLong(0, value.length);
                return 0;
            }
            if (call.number() == bsd(116)) {
                if (call.arg(3) != 0) {
                    arch.memory(call.arg(3), 8).putLong(0, machTicks.get());
                }
                return 0;
            }
            return 0;
        }
    }

    static byte[] cstring(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    record Setup(RecordingArch arch, DarwinOs os, FakeXnu xnu) { }

    static Setup darwin(String processor, int pageSize, int timebaseHz) {
        RecordingArch arch = new RecordingArch(processor);
        FakeXnu xnu = new FakeXnu(processor.equals("x86_64"), pageSize, timebaseHz);
        arch.otherwise(xnu);
        DarwinOs os = new DarwinOs(arch, new MappingRegistry());
        assertEquals(pageSize, os.pageSize());
        Syscall sysctl = arch.last();
        assertEquals(xnu.bsd(202), sysctl.number());
        assertEquals(2, sysctl.arg(2), "namelen");
        assertEquals(6, arch.memory(sysctl.arg(1), 8).getInt(0), "CTL_HW");
        assertEquals(7, arch.memory(sysctl.arg(1), 8).getInt(4), "HW_PAGESIZE");
        arch.reset();
        return new Setup(arch, os, xnu);
    }

    // ------------------------------------------------------------------------------- numbers

    @Test
    void x86NumbersCarryTheUnixClassAndYieldIsAMachTrap() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        d.os.getpid();
        assertEquals(0x2000014, d.arch.last().number(), "getpid 20 | 0x2000000");
        d.os.gettid();
        assertEquals(0x2000174, d.arch.last().number(), "thread_selfid 372");
        d.os.schedYield();
        assertEquals(0x100003B, d.arch.last().number(), "swtch_pri: Mach class 1, trap 59");
        assertThrows(IllegalStateException.class, () -> d.os.exitGroup(2), "a kernel that returns from exit is reported");
        assertEquals(0x2000001, d.arch.last().number(), "exit 1 | 0x2000000");
        assertEquals(2, d.arch.last().arg(1));
        assertTrue(d.arch.calls().stream().allMatch(Syscall::darwin));
        assertEquals("macos", d.os.name());
    }

    @Test
    void arm64NumbersArePlainAndMachTrapsNegative() {
        Setup d = darwin("aarch64", 16384, 24_000_000);
        d.os.getpid();
        assertEquals(20, d.arch.last().number());
        d.os.gettid();
        assertEquals(372, d.arch.last().number());
        d.os.schedYield();
        assertEquals(-59, d.arch.last().number());
        assertThrows(IllegalStateException.class, () -> d.os.exitGroup(0));
        assertEquals(1, d.arch.last().number(), "exit");
        d.arch.thenReturn(1); // swtch_pri's "others ran" hint is not an error
        d.os.schedYield();
    }

    // --------------------------------------------------------------------------------- files

    @Test
    void fileCallsUseDarwinNumbersFlagsAndAtFdcwd() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        RecordingArch arch = d.arch;
        arch.thenReturn(5);
        assertEquals(5, d.os.open("/tmp/f", EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE, OpenFlag.EXCLUSIVE, OpenFlag.CLOEXEC), 0644));
        Syscall open = arch.last();
        assertEquals(BSD | 463, open.number());
        assertEquals(-2, open.arg(1), "Darwin's AT_FDCWD");
        assertEquals(0x2 | 0x200 | 0x800 | 0x1000000, open.arg(3));
        assertEquals(0644, open.arg(4));
        byte[] path = new byte[7];
        arch.memory(open.arg(2), 7).get(path);
        assertArrayEquals(cstring("/tmp/f"), path);

        d.os.open("/d", EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY, OpenFlag.NOFOLLOW), 0);
        assertEquals(0x100000 | 0x100, arch.last().arg(3));
        d.os.open("/a", EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.APPEND, OpenFlag.TRUNCATE), 0);
        assertEquals(0x1 | 0x8 | 0x400, arch.last().arg(3));

        arch.then((call, a) -> {
            a.memory(call.arg(2), 4).put("abcd".getBytes(StandardCharsets.US_ASCII));
            return 4;
        });
        ByteBuffer dst = ByteBuffer.allocate(10);
        assertEquals(4, d.os.read(5, dst));
        assertEquals(BSD | 3, arch.last().number());
        assertEquals(10, arch.last().arg(3));
        assertEquals('c', dst.get(2));

        arch.thenReturn(3);
        assertEquals(3, d.os.write(5, ByteBuffer.wrap(new byte[] {1, 2, 3, 4})));
        assertEquals(BSD | 4, arch.last().number());

        arch.thenReturn(1L << 40);
        assertEquals(1L << 40, d.os.lseek(5, 16, Whence.END), "off_t results are 64-bit");
        assertArrayEquals(new long[] {5, 16, 2, 0, 0, 0}, arch.last().args());
        assertEquals(BSD | 199, arch.last().number());

        d.os.close(5);
        assertEquals(BSD | 6, arch.last().number());
    }

    @Test
    void directoryCallsUseDarwinNumbersFlagsAndDirentryLayout() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        d.os.mkdirat(Os.AT_FDCWD, "/tmp/d", 0700);
        assertEquals(List.of(BSD | 475, -2L, 0700L), List.of(d.arch.last().number(), d.arch.last().arg(1), d.arch.last().arg(3)));
        d.os.unlinkat(Os.AT_FDCWD, "/tmp/d", true);
        assertEquals(List.of(BSD | 472, 0x80L), List.of(d.arch.last().number(), d.arch.last().arg(3)));
        d.arch.then((call, a) -> {
            a.memory(call.arg(3), 144).putLong(96, 5);
            return 0;
        });
        assertEquals(5, d.os.fstatat(Os.AT_FDCWD, "/x", false).size());
        assertEquals(List.of(BSD | 470, 0x20L), List.of(d.arch.last().number(), d.arch.last().arg(4)), "fstatat64 with AT_SYMLINK_NOFOLLOW");
        d.arch.then((call, a) -> { // one struct direntry: ino 9, reclen 32, namlen 3, DT_REG, "xyz"
            ByteBuffer e = a.memory(call.arg(2), 32);
            e.putLong(0, 9).putLong(8, 0).putShort(16, (short) 32).putShort(18, (short) 3).put(20, (byte) 8)
                    .put(21, (byte) 'x').put(22, (byte) 'y').put(23, (byte) 'z').put(24, (byte) 0);
            return 32;
        });
        List<DirEntry> entries = d.os.readDirectory(4);
        assertEquals(BSD | 344, d.arch.last().number(), "getdirentries64");
        assertTrue(d.arch.last().arg(4) != 0, "getdirentries64 gets a base-offset pointer");
        assertEquals(List.of(new DirEntry(9, 8, new byte[] {'x', 'y', 'z'})), entries);
    }

    @Test
    void fstat64ParsesUser64Stat64() {
        Setup d = darwin("aarch64", 16384, 24_000_000);
        d.arch.then((call, a) -> {
            ByteBuffer st = a.memory(call.arg(2), 144);
            st.putInt(0, 0x1000004).putShort(4, (short) 0100644).putShort(6, (short) 1).putLong(8, 0x123456789L)
                    .putInt(16, 501).putInt(20, 20).putLong(48, 1_700_000_000L).putLong(56, 999)
                    .putLong(96, 8193).putLong(104, 24).putInt(112, 4096);
            return 0;
        });
        FileStat st = d.os.fstat(3);
        assertEquals(339, d.arch.last().number());
        assertEquals(3, d.arch.last().arg(1));
        assertEquals(new FileStat(0x1000004, 0x123456789L, 0100644, 1, 501, 20, 8193, 4096, 24, 1_700_000_000_000_000_999L), st);
        assertTrue(st.isRegularFile());
    }

    @Test
    void darwinErrnosAreNamedByDarwinsNumbers() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        d.arch.thenReturn(-2);
        OsException noent = assertThrows(OsException.class, () -> d.os.open("/x", Set.of(OpenFlag.READ_ONLY), 0));
        assertEquals("openat", noent.syscall());
        assertEquals("ENOENT", noent.errnoName());
        d.arch.thenReturn(-9);
        assertEquals("EBADF", assertThrows(OsException.class, () -> d.os.close(99)).errnoName());
        d.arch.thenReturn(-35);
        OsException again = assertThrows(OsException.class, () -> d.os.read(3, ByteBuffer.allocate(1)));
        assertEquals(35, again.errno());
        assertEquals("EAGAIN", again.errnoName());
        d.arch.thenReturn(-9);
        assertEquals("fstat64", assertThrows(OsException.class, () -> d.os.fstat(3)).syscall());
        d.arch.thenReturn(-200);
        assertEquals("E200", assertThrows(OsException.class, () -> d.os.getpid()).errnoName());

        var names = DarwinTables.ERRNOS;
        assertEquals("EDEADLK", names.name(11), "11 was EAGAIN in old BSD, not on Darwin");
        assertEquals("ETIMEDOUT", names.name(60));
        assertEquals("ELOOP", names.name(62));
        assertEquals("ENOSYS", names.name(78));
        assertEquals("EOPNOTSUPP", names.name(102));
        assertEquals("ENOTSUP", names.name(45));
        assertEquals("EQFULL", names.name(106));
        assertEquals("E107", names.name(107));
    }

    // -------------------------------------------------------------------------------- memory

    @Test
    void memoryCallsUseDarwinFlagsAndTheKernelsPageSize() {
        Setup d = darwin("aarch64", 16384, 24_000_000);
        RecordingArch arch = d.arch;
        arch.then((call, a) -> a.allocate(call.arg(2)));
        long base = d.os.mmapAnonymous(20_000, EnumSet.of(Prot.READ, Prot.WRITE));
        Syscall mmap = arch.last();
        assertEquals(197, mmap.number());
        assertArrayEquals(new long[] {0, 32768, 3, 0x1002, -1, 0}, mmap.args(), "two 16 KiB pages, MAP_ANON|MAP_PRIVATE");

        d.os.mprotect(base, 16384, Set.of(Prot.READ, Prot.EXEC));
        assertArrayEquals(new long[] {base, 16384, 5, 0, 0, 0}, arch.last().args());
        assertEquals(74, arch.last().number());
        d.os.madvise(base, 16384, Advice.FREE);
        assertEquals(75, arch.last().number());
        assertEquals(5, arch.last().arg(3), "Darwin's MADV_FREE is 5");
        assertThrows(IllegalArgumentException.class, () -> d.os.munmap(base + 4096, 4096), "4 KiB is not a page here");
        d.os.munmap(base, 32768);
        assertEquals(73, arch.last().number());
        assertFalse(d.os.isMapped(base, 1));
    }

    // ---------------------------------------------------------------------------------- ulock

    long word(Setup d, int value) {
        d.arch.then((call, a) -> a.allocate(call.arg(2)));
        long base = d.os.mmapAnonymous(4096, EnumSet.of(Prot.READ, Prot.WRITE));
        d.os.memory(base, 16).putInt(12, value);
        d.arch.reset();
        return base + 12;
    }

    @Test
    void ulockWaitArguments() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        long word = word(d, -1);

        d.arch.thenReturn(0);
        assertEquals(FutexResult.WOKEN, d.os.futexWait(word, -1, Os.NO_TIMEOUT));
        Syscall wait = d.arch.last();
        assertEquals(BSD | 515, wait.number());
        assertArrayEquals(new long[] {1, word, 0xFFFF_FFFFL, 0, 0, 0}, wait.args(),
                "UL_COMPARE_AND_WAIT, the word, the value zero-extended to 64 bits, timeout 0 = forever");

        d.arch.thenReturn(-60);
        assertEquals(FutexResult.TIMED_OUT, d.os.futexWait(word, -1, 1_500));
        assertEquals(2, d.arch.last().arg(4), "1.5 µs rounds up to 2 µs");
        d.arch.thenReturn(-60);
        assertEquals(FutexResult.TIMED_OUT, d.os.futexWait(word, -1, 0));
        assertEquals(1, d.arch.last().arg(4), "a zero timeout must not become 0 = forever");
        d.arch.thenReturn(-4);
        assertEquals(FutexResult.INTERRUPTED, d.os.futexWait(word, -1, 1_000_000));
        assertEquals(1000, d.arch.last().arg(4));
        d.arch.thenReturn(-14);
        OsException fault = assertThrows(OsException.class, () -> d.os.futexWait(word, -1, Os.NO_TIMEOUT));
        assertEquals("__ulock_wait", fault.syscall());
        assertEquals("EFAULT", fault.errnoName());

        int before = d.arch.calls().size();
        assertEquals(FutexResult.VALUE_MISMATCH, d.os.futexWait(word, 7, Os.NO_TIMEOUT));
        assertEquals(before, d.arch.calls().size(), "a mismatch is seen before the kernel is asked");
    }

    @Test
    void ulockWaitLongerThan32BitMicrosecondsIsChunked() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        long word = word(d, 0);
        FakeXnu xnu = d.xnu;
        d.arch.otherwise((call, a) -> {
            if (call.number() == (BSD | 515)) { // time passes as long as the kernel waited, then ETIMEDOUT
                xnu.machTicks.addAndGet(call.arg(4) * 1000);
                return -60;
            }
            return xnu.answer(call, a);
        });
        long timeout = DarwinOs.MAX_ULOCK_MICROS * 1000 + 5_000_000;
        assertEquals(FutexResult.TIMED_OUT, d.os.futexWait(word, 0, timeout));
        List<Long> chunks = d.arch.calls().stream().filter(c -> c.number() == (BSD | 515)).map(c -> c.arg(4)).toList();
        assertEquals(List.of(DarwinOs.MAX_ULOCK_MICROS, 5000L), chunks);
    }

    @Test
    void ulockWakeOneOrAll() {
        Setup d = darwin("aarch64", 16384, 24_000_000);
        long word = word(d, 0);
        d.arch.thenReturn(0);
        assertEquals(1, d.os.futexWake(word, 1));
        assertArrayEquals(new long[] {1, word, 0, 0, 0, 0}, d.arch.last().args());
        assertEquals(516, d.arch.last().number());
        d.arch.thenReturn(0);
        assertEquals(1, d.os.futexWake(word, 3));
        assertEquals(0x101, d.arch.last().arg(1), "UL_COMPARE_AND_WAIT | ULF_WAKE_ALL");
        d.arch.thenReturn(-2);
        assertEquals(0, d.os.futexWake(word, Integer.MAX_VALUE), "ENOENT: nobody was waiting");
        d.arch.thenReturn(-22);
        assertEquals("__ulock_wake", assertThrows(OsException.class, () -> d.os.futexWake(word, 1)).syscall());
    }

    // ---------------------------------------------------------------------------------- time

    @Test
    void realtimeIsGettimeofday() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        d.arch.then((call, a) -> {
            a.memory(call.arg(1), 16).putLong(0, 1_700_000_000L).putInt(8, 250_000);
            return 0;
        });
        assertEquals(1_700_000_000_250_000_000L, d.os.clockGettime(Clock.REALTIME));
        Syscall tod = d.arch.last();
        assertEquals(BSD | 116, tod.number());
        assertEquals(0, tod.arg(2));
        assertEquals(0, tod.arg(3), "no mach_absolute_time wanted");
    }

    @Test
    void monotonicIsMachAbsoluteTimeThroughGettimeofdayScaledByTheTimebase() {
        Setup d = darwin("aarch64", 16384, 24_000_000);
        d.xnu.machTicks.set(3L * 24_000_000 + 12); // 3 s and 12 ticks of 41.67 ns
        assertEquals(3_000_000_500L, d.os.clockGettime(Clock.MONOTONIC));
        List<Syscall> calls = d.arch.calls();
        Syscall tod = calls.get(0);
        assertEquals(116, tod.number());
        Syscall sysctl = calls.get(1);
        assertEquals(202, sysctl.number());
        assertEquals(6, d.arch.memory(sysctl.arg(1), 8).getInt(0), "CTL_HW");
        assertEquals(23, d.arch.memory(sysctl.arg(1), 8).getInt(4), "HW_TB_FREQ");
        d.os.clockGettime(Clock.MONOTONIC);
        assertEquals(3, d.arch.calls().size(), "the timebase is read once");
        assertEquals(0, tod.arg(1));
        assertEquals(0, tod.arg(2));
        assertTrue(tod.arg(3) != 0, "the mach_absolute_time out-parameter");

        d.arch.thenReturn(0); // a kernel that ignores the third argument
        OsException e = assertThrows(OsException.class, () -> d.os.clockGettime(Clock.MONOTONIC));
        assertEquals("ENOSYS", e.errnoName());
        assertEquals("gettimeofday", e.syscall());
    }

    @Test
    void ticksToNanosDoesNotOverflow() {
        assertEquals(Long.MAX_VALUE, DarwinOs.ticksToNanos(Long.MAX_VALUE, 1_000_000_000L));
        long ticks = Long.MAX_VALUE / 2;
        long nanos = DarwinOs.ticksToNanos(ticks, 24_000_000L);
        assertEquals(new java.math.BigInteger(Long.toString(ticks)).multiply(java.math.BigInteger.valueOf(125))
                .divide(java.math.BigInteger.valueOf(3)).longValue(), nanos);
    }

    @Test
    void nanosleepIsSelectUntilTheMonotonicDeadline() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        FakeXnu xnu = d.xnu;
        List<long[]> timevals = new ArrayList<>();
        d.arch.otherwise((call, a) -> {
            if (call.number() == (BSD | 93)) {
                assertArrayEquals(new long[] {0, 0, 0, 0}, new long[] {call.arg(1), call.arg(2), call.arg(3), call.arg(4)});
                ByteBuffer tv = a.memory(call.arg(5), 16);
                long sec = tv.getLong(0);
                int usec = tv.getInt(8);
                timevals.add(new long[] {sec, usec});
                if (timevals.size() == 1) { // a signal after 1 ms
                    xnu.machTicks.addAndGet(1_000_000);
                    return -4;
                }
                xnu.machTicks.addAndGet(sec * 1_000_000_000L + usec * 1000L);
                return 0;
            }
            return xnu.answer(call, a);
        });
        d.os.nanosleep(2_500_000_001L);
        assertEquals(2, timevals.size());
        assertArrayEquals(new long[] {2, 500_001}, timevals.get(0), "microseconds rounded up");
        assertArrayEquals(new long[] {2, 499_001}, timevals.get(1), "the rest after the interruption");
    }

    // ----------------------------------------------------------------------- identity, random

    @Test
    void unameComesFromSysctl() {
        Setup d = darwin("aarch64", 16384, 24_000_000);
        d.xnu.sysctl.put(List.of(1, 1), cstring("Darwin"));
        d.xnu.sysctl.put(List.of(1, 10), cstring("mac.local"));
        d.xnu.sysctl.put(List.of(1, 2), cstring("23.1.0"));
        d.xnu.sysctl.put(List.of(1, 4), cstring("Darwin Kernel Version 23.1.0: root:xnu-10002.41.9~6/RELEASE_ARM64_T6000"));
        d.xnu.sysctl.put(List.of(6, 1), cstring("arm64"));
        List<List<Integer>> names = new ArrayList<>();
        d.arch.otherwise((call, a) -> { // note each name as the kernel sees it (the scratch is reused)
            assertEquals(202, call.number());
            assertEquals(2, call.arg(2), "namelen");
            assertEquals(1024, a.memory(call.arg(4), 8).getLong(0), "capacity offered for the string");
            ByteBuffer name = a.memory(call.arg(1), 8);
            names.add(List.of(name.getInt(0), name.getInt(4)));
            return d.xnu.answer(call, a);
        });
        Uname u = d.os.uname();
        assertEquals(new Uname("Darwin", "mac.local", "23.1.0",
                "Darwin Kernel Version 23.1.0: root:xnu-10002.41.9~6/RELEASE_ARM64_T6000", "arm64"), u);
        assertEquals(List.of(List.of(1, 1), List.of(1, 10), List.of(1, 2), List.of(1, 4), List.of(6, 1)), names,
                "KERN_OSTYPE, KERN_HOSTNAME, KERN_OSRELEASE, KERN_VERSION, HW_MACHINE");
    }

    @Test
    void getrandomIsGetentropyOfAtMost256Bytes() {
        Setup d = darwin("x86_64", 4096, 1_000_000_000);
        d.arch.then((call, a) -> {
            a.memory(call.arg(1), (int) call.arg(2)).put(0, (byte) 0x5A);
            return 0;
        });
        ByteBuffer dst = ByteBuffer.allocate(1000);
        assertEquals(256, d.os.getrandom(dst, 1000));
        assertEquals(BSD | 500, d.arch.last().number());
        assertEquals(256, d.arch.last().arg(2));
        assertEquals(256, dst.position());
        assertEquals(0x5A, dst.get(0));
    }

    // ------------------------------------------------------------------------------------ DS

    @Test
    void componentStaysInactiveOffDarwinAndChecksItsArch() {
        assertFalse(PortConfiguration.isDarwin("Linux"), "the configurer writes no configuration on Linux");
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertFalse(PortConfiguration.isDarwin(System.getProperty("os.name")));
        }
        assertThrows(IllegalStateException.class, () -> new MacosOsComponent(new RecordingArch("x86_64"), new MacosX86_64SyscallTable(), new MappingRegistry(), Map.of(Os.OS_ARCH, "aarch64")));
        MacosOsComponent ok = new MacosOsComponent(new RecordingArch("aarch64"), new MacosArm64SyscallTable(), new MappingRegistry(), Map.of(Os.OS_ARCH, "aarch64"));
        assertEquals("aarch64", ok.archName());
        assertThrows(IllegalArgumentException.class, () -> new DarwinOs(new RecordingArch("ppc64"), new MappingRegistry()));
    }
}
