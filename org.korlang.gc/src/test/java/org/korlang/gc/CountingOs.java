package org.korlang.gc;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.korlang.arch.x86_64.internal.X86_64Arch;
import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.FileStat;
import org.korlang.os.FutexResult;
import org.korlang.os.MapFlag;
import org.korlang.os.MemoryHold;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;
import org.korlang.os.common.MappingRegistry;
import org.korlang.os.linux.internal.LinuxOs;

/**
 * The {@link Os} the tests run on: the real Linux port (raw system calls through the x86_64 Arch)
 * when it loads here, else {@link LibcTestOs}; wrapped to count the memory calls the heap makes so
 * tests can see that memory really goes back to the kernel.
 */
public final class CountingOs implements Os {

    private static volatile X86_64Arch arch;

    public final AtomicInteger mmapCalls = new AtomicInteger();
    public final AtomicInteger munmapCalls = new AtomicInteger();
    public final AtomicInteger madviseCalls = new AtomicInteger();
    public final AtomicLong bytesDecommitted = new AtomicLong();
    public final AtomicInteger liveMappings = new AtomicInteger();
    private final Os os;

    public CountingOs() {
        this.os = realOrLibc();
    }

    private static synchronized Os realOrLibc() {
        try {
            if (arch == null) {
                arch = X86_64Arch.load();
            }
            return new LinuxOs(arch, new MappingRegistry());
        } catch (RuntimeException | LinkageError e) {
            return new LibcTestOs();
        }
    }

    /** The Os under the counter. */
    public Os delegate() {
        return os;
    }

    @Override
    public long mmap(long address, long length, Set<Prot> prot, Set<MapFlag> flags, int fd, long offset) {
        long a = os.mmap(address, length, prot, flags, fd, offset);
        mmapCalls.incrementAndGet();
        liveMappings.incrementAndGet();
        return a;
    }

    @Override
    public void munmap(long address, long length) {
        os.munmap(address, length);
        munmapCalls.incrementAndGet();
        liveMappings.decrementAndGet();
    }

    @Override
    public void madvise(long address, long length, Advice advice) {
        os.madvise(address, length, advice);
        madviseCalls.incrementAndGet();
        if (advice == Advice.DONTNEED) {
            bytesDecommitted.addAndGet(length);
        }
    }

    /** The delegate's hold, with its madvise counted like the Os's own. */
    @Override
    public MemoryHold hold(long address, long length, Set<Prot> access) {
        MemoryHold h = os.hold(address, length, access);
        return new MemoryHold() {
            @Override public long address() { return h.address(); }
            @Override public long length() { return h.length(); }
            @Override public boolean isOpen() { return h.isOpen(); }
            @Override public void close() { h.close(); }

            @Override
            public void madvise(long a, long len, Advice advice) {
                h.madvise(a, len, advice);
                madviseCalls.incrementAndGet();
                if (advice == Advice.DONTNEED) {
                    bytesDecommitted.addAndGet(len);
                }
            }
        };
    }

    @Override public String name() { return os.name(); }
    @Override public String archName() { return os.archName(); }
    @Override public int pageSize() { return os.pageSize(); }
    @Override public void mprotect(long address, long length, Set<Prot> prot) { os.mprotect(address, length, prot); }
    @Override public boolean isMapped(long address, long length) { return os.isMapped(address, length); }
    @Override public ByteBuffer memory(long address, int length) { return os.memory(address, length); }
    @Override public int openat(int dirfd, String path, Set<OpenFlag> flags, int mode) { return os.openat(dirfd, path, flags, mode); }
    @Override public void close(int fd) { os.close(fd); }
    @Override public int read(int fd, ByteBuffer dst, int length) { return os.read(fd, dst, length); }
    @Override public int write(int fd, ByteBuffer src, int length) { return os.write(fd, src, length); }
    @Override public long lseek(int fd, long offset, Whence whence) { return os.lseek(fd, offset, whence); }
    @Override public FileStat fstat(int fd) { return os.fstat(fd); }
    @Override public FutexResult futexWait(long address, int expected, long timeoutNanos) { return os.futexWait(address, expected, timeoutNanos); }
    @Override public int futexWake(long address, int count) { return os.futexWake(address, count); }
    @Override public void schedYield() { os.schedYield(); }
    @Override public long getpid() { return os.getpid(); }
    @Override public long gettid() { return os.gettid(); }
    @Override public long clockGettime(Clock clock) { return os.clockGettime(clock); }
    @Override public void nanosleep(long nanos) { os.nanosleep(nanos); }
    @Override public Uname uname() { return os.uname(); }
    @Override public int getrandom(ByteBuffer dst, int length) { return os.getrandom(dst, length); }
}
