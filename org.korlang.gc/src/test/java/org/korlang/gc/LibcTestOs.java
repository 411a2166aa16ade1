package org.korlang.gc;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

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

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A test-scope {@link Os} over libc's mmap/munmap/madvise (JNA), implementing just what the heap
 * uses, until the real org.korlang.os.linux port is installed. It records its mappings like the real
 * port (calls on ranges it never mapped are refused) and counts calls so tests can see real syscalls.
 */
public final class LibcTestOs implements Os {

    interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset);

        int munmap(Pointer addr, long length);

        int madvise(Pointer addr, long length, int advice);

        int getpagesize();
    }

    private final TreeMap<Long, Long> mappings = new TreeMap<>();
    public final AtomicInteger mmapCalls = new AtomicInteger();
    public final AtomicInteger munmapCalls = new AtomicInteger();
    public final AtomicInteger madviseCalls = new AtomicInteger();
    public volatile long bytesDecommitted;

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public String archName() {
        return "x86_64";
    }

    @Override
    public int pageSize() {
        return LibC.INSTANCE.getpagesize();
    }

    @Override
    public synchronized long mmap(long address, long length, Set<Prot> prot, Set<MapFlag> flags, int fd, long offset) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive");
        }
        if (address != 0 || fd != -1 || flags.contains(MapFlag.FIXED)) {
            throw new UnsupportedOperationException("test Os maps anonymous memory only");
        }
        int p = (prot.contains(Prot.READ) ? 1 : 0) | (prot.contains(Prot.WRITE) ? 2 : 0) | (prot.contains(Prot.EXEC) ? 4 : 0);
        int f = (flags.contains(MapFlag.SHARED) ? 1 : 0) | (flags.contains(MapFlag.PRIVATE) ? 2 : 0)
                | (flags.contains(MapFlag.ANONYMOUS) ? 0x20 : 0) | (flags.contains(MapFlag.NORESERVE) ? 0x4000 : 0);
        Pointer r = LibC.INSTANCE.mmap(null, length, p, f, -1, 0);
        long a = Pointer.nativeValue(r);
        if (a == -1) {
            throw new OsException("mmap", Native.getLastError(), "E" + Native.getLastError());
        }
        mmapCalls.incrementAndGet();
        long rounded = (length + pageSize() - 1) / pageSize() * pageSize();
        mappings.put(a, rounded);
        return a;
    }

    @Override
    public synchronized void munmap(long address, long length) {
        Long len = mappings.get(address);
        if (len == null || len != (length + pageSize() - 1) / pageSize() * pageSize()) {
            throw new IllegalArgumentException("test Os unmaps whole mappings it made only");
        }
        if (LibC.INSTANCE.munmap(new Pointer(address), length) != 0) {
            throw new OsException("munmap", Native.getLastError(), "E" + Native.getLastError());
        }
        munmapCalls.incrementAndGet();
        mappings.remove(address);
    }

    @Override
    public void mprotect(long address, long length, Set<Prot> prot) {
        throw new UnsupportedOperationException("mprotect");
    }

    @Override
    public synchronized void madvise(long address, long length, Advice advice) {
        if (!isMapped(address, length) || address % pageSize() != 0) {
            throw new IllegalArgumentException("madvise outside a mapping of this Os");
        }
        int a = switch (advice) {
            case NORMAL -> 0;
            case RANDOM -> 1;
            case SEQUENTIAL -> 2;
            case WILLNEED -> 3;
            case DONTNEED -> 4;
            case FREE -> 8;
            case HUGEPAGE -> 14;
        };
        if (LibC.INSTANCE.madvise(new Pointer(address), length, a) != 0) {
            throw new OsException("madvise", Native.getLastError(), "E" + Native.getLastError());
        }
        madviseCalls.incrementAndGet();
        if (advice == Advice.DONTNEED) {
            bytesDecommitted += length;
        }
    }

    @Override
    public synchronized boolean isMapped(long address, long length) {
        Map.Entry<Long, Long> e = mappings.floorEntry(address);
        return e != null && length >= 0 && address + length <= e.getKey() + e.getValue();
    }

    public synchronized int mappingCount() {
        return mappings.size();
    }

    @Override
    public ByteBuffer memory(long address, int length) {
        throw new UnsupportedOperationException("memory");
    }

    @Override
    public int openat(int dirfd, String path, Set<OpenFlag> flags, int mode) {
        throw new UnsupportedOperationException("openat");
    }

    @Override
    public void close(int fd) {
        throw new UnsupportedOperationException("close");
    }

    @Override
    public int read(int fd, ByteBuffer dst, int length) {
        throw new UnsupportedOperationException("read");
    }

    @Override
    public int write(int fd, ByteBuffer src, int length) {
        throw new UnsupportedOperationException("write");
    }

    @Override
    public long lseek(int fd, long offset, Whence whence) {
        throw new UnsupportedOperationException("lseek");
    }

    @Override
    public FileStat fstat(int fd) {
        throw new UnsupportedOperationException("fstat");
    }

    @Override
    public FutexResult futexWait(long address, int expected, long timeoutNanos) {
        throw new UnsupportedOperationException("futexWait");
    }

    @Override
    public int futexWake(long address, int count) {
        throw new UnsupportedOperationException("futexWake");
    }

    @Override
    public void schedYield() {
        Thread.yield();
    }

    @Override
    public long getpid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public long gettid() {
        throw new UnsupportedOperationException("gettid");
    }

    @Override
    public long clockGettime(Clock clock) {
        return System.nanoTime();
    }

    @Override
    public void nanosleep(long nanos) {
        throw new UnsupportedOperationException("nanosleep");
    }

    @Override
    public Uname uname() {
        throw new UnsupportedOperationException("uname");
    }

    @Override
    public int getrandom(ByteBuffer dst, int length) {
        throw new UnsupportedOperationException("getrandom");
    }
}
