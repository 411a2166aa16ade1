package org.korlang.sync;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.FileStat;
import org.korlang.os.FutexResult;
import org.korlang.os.MapFlag;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;

/*
 * A test-only Os for x86_64 Linux over JNA and libc: just what org.korlang.sync uses
 * (mmap/munmap/memory, futex wait/wake through syscall(SYS_futex), the page size), with the
 * same argument checks as the real port (ranges must lie inside mappings made here, futex words
 * 4-aligned) and counters of futex calls, so tests can assert that contended paths really reach
 * the kernel and uncontended ones never do. Everything else is unsupported.
 *
 * It stands in until org.korlang.os.linux's LinuxOs is published; the production code only ever
 * sees the Os interface.
 */
final class JnaTestOs implements Os {
    private static final long SYS_FUTEX = 202;
    private static final int FUTEX_WAIT_PRIVATE = 0 | 128;
    private static final int FUTEX_WAKE_PRIVATE = 1 | 128;
    private static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20, MAP_NORESERVE = 0x4000;
    private static final int EAGAIN = 11, EINTR = 4, ETIMEDOUT = 110;

    /** Direct-mapped libc: fast enough for benchmarks of the slow paths too. */
    static final class LibC {
        static {
            Native.register(NativeLibrary.getInstance("c"));
        }

        static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6) throws LastErrorException;

        static native long mmap(long address, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

        static native int munmap(long address, long length) throws LastErrorException;

        static native int getpagesize();

        private LibC() {}
    }

    private static final ThreadLocal<Memory> TIMESPEC = ThreadLocal.withInitial(() -> new Memory(16));

    /** address -> length of every live mapping. */
    private final ConcurrentSkipListMap<Long, Long> mappings = new ConcurrentSkipListMap<>();
    final AtomicLong futexWaits = new AtomicLong();
    final AtomicLong futexWakes = new AtomicLong();
    final AtomicLong mmaps = new AtomicLong();
    final AtomicLong munmaps = new AtomicLong();

    @Override public String name() { return "linux"; }
    @Override public String archName() { return "x86_64"; }
    @Override public int pageSize() { return LibC.getpagesize(); }

    @Override
    public long mmap(long address, long length, Set<Prot> prot, Set<MapFlag> flags, int fd, long offset) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        if (flags.contains(MapFlag.FIXED)) {
            throw new UnsupportedOperationException("MAP_FIXED is not supported by the test Os");
        }
        int p = (prot.contains(Prot.READ) ? PROT_READ : 0) | (prot.contains(Prot.WRITE) ? PROT_WRITE : 0)
                | (prot.contains(Prot.EXEC) ? PROT_EXEC : 0);
        int f = (flags.contains(MapFlag.SHARED) ? MAP_SHARED : 0) | (flags.contains(MapFlag.PRIVATE) ? MAP_PRIVATE : 0)
                | (flags.contains(MapFlag.ANONYMOUS) ? MAP_ANONYMOUS : 0) | (flags.contains(MapFlag.NORESERVE) ? MAP_NORESERVE : 0);
        long page = pageSize();
        long rounded = (length + page - 1) / page * page;
        long result;
        try {
            result = LibC.mmap(address, rounded, p, f, fd, offset);
        } catch (LastErrorException e) {
            throw new OsException("mmap", e.getErrorCode(), "E" + e.getErrorCode());
        }
        mappings.put(result, rounded);
        mmaps.incrementAndGet();
        return result;
    }

    @Override
    public void munmap(long address, long length) {
        Map.Entry<Long, Long> m = mappings.get(address) == null ? null : Map.entry(address, mappings.get(address));
        if (m == null || m.getValue() != roundUp(length)) {
            throw new IllegalArgumentException("the test Os unmaps only whole mappings it made: 0x" + Long.toHexString(address));
        }
        try {
            LibC.munmap(address, m.getValue());
        } catch (LastErrorException e) {
            throw new OsException("munmap", e.getErrorCode(), "E" + e.getErrorCode());
        }
        mappings.remove(address);
        munmaps.incrementAndGet();
    }

    private long roundUp(long length) {
        long page = pageSize();
        return (length + page - 1) / page * page;
    }

    @Override
    public boolean isMapped(long address, long length) {
        Map.Entry<Long, Long> m = mappings.floorEntry(address);
        return m != null && length >= 0 && address + length <= m.getKey() + m.getValue();
    }

    @Override
    public ByteBuffer memory(long address, int length) {
        if (length < 0 || !isMapped(address, length)) {
            throw new IllegalArgumentException("range not inside a mapping of this Os: 0x" + Long.toHexString(address) + "+" + length);
        }
        return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
    }

    private void checkFutexWord(long address) {
        if ((address & 3) != 0) {
            throw new IllegalArgumentException("futex word not 4-byte aligned: 0x" + Long.toHexString(address));
        }
        if (!isMapped(address, 4)) {
            throw new IllegalArgumentException("futex word not inside a mapping of this Os: 0x" + Long.toHexString(address));
        }
    }

    @Override
    public FutexResult futexWait(long address, int expected, long timeoutNanos) {
        checkFutexWord(address);
        if (timeoutNanos < 0 && timeoutNanos != NO_TIMEOUT) {
            throw new IllegalArgumentException("negative timeout: " + timeoutNanos);
        }
        futexWaits.incrementAndGet();
        long ts = 0;
        if (timeoutNanos != NO_TIMEOUT) {
            Memory m = TIMESPEC.get();
            m.setLong(0, timeoutNanos / 1_000_000_000L);
            m.setLong(8, timeoutNanos % 1_000_000_000L);
            ts = Pointer.nativeValue(m);
        }
        try {
            LibC.syscall(SYS_FUTEX, address, FUTEX_WAIT_PRIVATE, expected, ts, 0, 0);
            return FutexResult.WOKEN;
        } catch (LastErrorException e) {
            switch (e.getErrorCode()) {
                case EAGAIN: return FutexResult.VALUE_MISMATCH;
                case ETIMEDOUT: return FutexResult.TIMED_OUT;
                case EINTR: return FutexResult.INTERRUPTED;
                default: throw new OsException("futex", e.getErrorCode(), "E" + e.getErrorCode());
            }
        }
    }

    @Override
    public int futexWake(long address, int count) {
        checkFutexWord(address);
        if (count < 0) {
            throw new IllegalArgumentException("negative wake count: " + count);
        }
        futexWakes.incrementAndGet();
        try {
            return (int) LibC.syscall(SYS_FUTEX, address, FUTEX_WAKE_PRIVATE, count, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new OsException("futex", e.getErrorCode(), "E" + e.getErrorCode());
        }
    }

    @Override public void mprotect(long address, long length, Set<Prot> prot) { throw unsupported(); }
    @Override public void madvise(long address, long length, Advice advice) { throw unsupported(); }
    @Override public int openat(int dirfd, String path, Set<OpenFlag> flags, int mode) { throw unsupported(); }
    @Override public void close(int fd) { throw unsupported(); }
    @Override public int read(int fd, ByteBuffer dst, int length) { throw unsupported(); }
    @Override public int write(int fd, ByteBuffer src, int length) { throw unsupported(); }
    @Override public long lseek(int fd, long offset, Whence whence) { throw unsupported(); }
    @Override public FileStat fstat(int fd) { throw unsupported(); }
    @Override public void schedYield() { Thread.yield(); }
    @Override public long getpid() { return ProcessHandle.current().pid(); }
    @Override public long gettid() { throw unsupported(); }
    @Override public long clockGettime(Clock clock) { return System.nanoTime(); }
    @Override public void nanosleep(long nanos) { throw unsupported(); }
    @Override public Uname uname() { throw unsupported(); }
    @Override public int getrandom(ByteBuffer dst, int length) { throw unsupported(); }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not needed by org.korlang.sync's tests");
    }

    int liveMappings() {
        return mappings.size();
    }
}
