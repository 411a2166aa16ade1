package org.korlang.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.DirEntry;
import org.korlang.os.FileStat;
import org.korlang.os.FutexResult;
import org.korlang.os.MapFlag;
import org.korlang.os.MemoryHold;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;

/*
 * An Os decorator that counts what the code under test asks of the kernel, so tests can show that
 * contended paths really reach futex and uncontended ones never do, and that memory really goes
 * back (munmap, madvise DONTNEED, also through a MemoryHold). By default it wraps the host's ports
 * (HostPorts.os()); any Os can be wrapped.
 *
 * It also records which threads are inside a futex wait right now, so a test can know that a
 * thread has really blocked before it wakes or interrupts it. "Really blocked" is read from the
 * kernel, not guessed with a sleep: a wait records the thread's kernel id and futex word before
 * the call, and /proc/self/task/<tid>/syscall names the system call a task is blocked in
 * ("202 0x<word> ..." for futex on x86_64, "running" while it runs). So a thread sleeps in this
 * wait exactly when that file starts with the futex number and the word.
 */
public final class CountingOs implements Os {

    /** The x86_64 number of futex(2), as /proc shows it. */
    private static final int SYS_FUTEX = 202;

    /** One futex wait in progress: the waiter's kernel thread id, the word, the timeout asked for. */
    public record Wait(long tid, long address, long timeoutNanos) {}

    /** Threads inside a futex wait of any CountingOs right now. */
    private static final Map<Thread, Wait> IN_FUTEX_WAIT = new ConcurrentHashMap<>();

    public final AtomicLong futexWaits = new AtomicLong();
    public final AtomicLong futexWakes = new AtomicLong();
    /** Threads inside a futex wait of this Os right now. */
    public final AtomicInteger waitingNow = new AtomicInteger();
    public final AtomicInteger mmapCalls = new AtomicInteger();
    public final AtomicInteger munmapCalls = new AtomicInteger();
    public final AtomicInteger liveMappings = new AtomicInteger();
    public final AtomicInteger madviseCalls = new AtomicInteger();
    public final AtomicLong bytesDecommitted = new AtomicLong();
    private final Os os;

    /** Counts the calls made to a fresh {@link HostPorts#os()}. */
    public CountingOs() {
        this(HostPorts.os());
    }

    /** Counts the calls made to {@code os}. */
    public CountingOs(Os os) {
        this.os = os;
    }

    /** The Os under the counter. */
    public Os delegate() {
        return os;
    }

    @Override
    public FutexResult futexWait(long address, int expected, long timeoutNanos) {
        futexWaits.incrementAndGet();
        Thread me = Thread.currentThread();
        Wait wait = new Wait(os.gettid(), address, timeoutNanos);
        IN_FUTEX_WAIT.put(me, wait);
        waitingNow.incrementAndGet();
        try {
            return os.futexWait(address, expected, timeoutNanos);
        } finally {
            waitingNow.decrementAndGet();
            IN_FUTEX_WAIT.remove(me, wait);
        }
    }

    /** The futex wait {@code t} is in (of any CountingOs), or null. */
    public static Wait waitOf(Thread t) {
        return IN_FUTEX_WAIT.get(t);
    }

    /** A thread asleep in the kernel inside a futex wait of a CountingOs right now, if any. */
    public static Optional<Thread> sleeperInFutexWait() {
        return IN_FUTEX_WAIT.keySet().stream().filter(CountingOs::sleepsInFutexWait).findAny();
    }

    /** Whether {@code t} is asleep in the kernel inside a futex wait of a CountingOs right now. */
    public static boolean sleepsInFutexWait(Thread t) {
        Wait wait = IN_FUTEX_WAIT.get(t);
        if (wait == null) {
            return false;
        }
        String syscall;
        try {
            syscall = Files.readString(Path.of("/proc/self/task/" + wait.tid() + "/syscall"));
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return syscall.startsWith(SYS_FUTEX + " 0x" + Long.toHexString(wait.address()) + " ")
                && IN_FUTEX_WAIT.get(t) == wait;
    }

    @Override
    public int futexWake(long address, int count) {
        futexWakes.incrementAndGet();
        return os.futexWake(address, count);
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
        countMadvise(length, advice);
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
                countMadvise(len, advice);
            }
        };
    }

    private void countMadvise(long length, Advice advice) {
        madviseCalls.incrementAndGet();
        if (advice == Advice.DONTNEED) {
            bytesDecommitted.addAndGet(length);
        }
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
    @Override public void schedYield() { os.schedYield(); }
    @Override public long getpid() { return os.getpid(); }
    @Override public long gettid() { return os.gettid(); }
    @Override public long clockGettime(Clock clock) { return os.clockGettime(clock); }
    @Override public void nanosleep(long nanos) { os.nanosleep(nanos); }
    @Override public Uname uname() { return os.uname(); }
    @Override public int getrandom(ByteBuffer dst, int length) { return os.getrandom(dst, length); }
    @Override public FileStat fstatat(int dirfd, String path, boolean followLinks) { return os.fstatat(dirfd, path, followLinks); }
    @Override public void unlinkat(int dirfd, String path, boolean directory) { os.unlinkat(dirfd, path, directory); }
    @Override public void mkdirat(int dirfd, String path, int mode) { os.mkdirat(dirfd, path, mode); }
    @Override public List<DirEntry> readDirectory(int fd) { return os.readDirectory(fd); }
    @Override public void exitGroup(int status) { os.exitGroup(status); }
}
