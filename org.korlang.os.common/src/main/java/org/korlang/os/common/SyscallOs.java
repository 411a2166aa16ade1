package org.korlang.os.common;

import static java.util.Objects.requireNonNull;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.korlang.arch.Arch;
import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.DirEntry;
import org.korlang.os.FileStat;
import org.korlang.os.FutexResult;
import org.korlang.os.MapFlag;
import org.korlang.os.MemoryHold;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;
import org.korlang.os.common.KernelTable.Syscall;
import org.korlang.os.mappings.MappingRegistry;

/*
 * The typed system calls of Os, written once for every kernel, on top of Arch's raw syscall.
 *
 * Shape of every call:
 *   1. Check the arguments in Java: nulls (NullPointerException naming the argument), lengths,
 *      buffer capacity and writability, page alignment, and — for anything that touches memory by
 *      address — that the range lies inside mappings this Os made (MappingRegistry). These checks
 *      are what keeps the JVM alive: the kernel is never asked to write through, unmap, reprotect
 *      or advise memory that the port does not own. They throw IllegalArgumentException.
 *   2. Marshal: translate enums through the KernelTable, stage strings and structures in a
 *      Scratch (native memory of the port), and choose where the kernel may write data: a direct
 *      buffer that lies inside our own mappings is handed over as is (pinned against munmap for the
 *      duration); anything else — heap buffers, and direct buffers we cannot vouch for — goes
 *      through the scratch and is copied in Java. A stale view from memory() — a direct buffer
 *      over memory this Os unmapped while the view lived, which stays mapped inert until the view
 *      is collected — is refused, for reading and for writing alike.
 *   3. Enter the kernel through the table's Convention and map a result in [-4095, -1] to
 *      OsException(kernel's name for the call, errno, errno name).
 *
 * Memory the JVM itself dereferences — buffers from memory(), futex words read in Java, ranges a
 * client holds (hold()) — is covered by leases in the MappingRegistry: a view is read-only unless
 * the range is writable, refused unless it is readable, and while it or a hold lives, calls that
 * would take its access away are refused (IllegalStateException), and a munmap under a live view
 * leaves inert memory at those addresses until the view is collected. So no buffer this port hands
 * out can fault, whatever is called afterwards.
 *
 * Paths (openat, fstatat, unlinkat, mkdirat) are checked for NUL bytes and staged as C strings in
 * the scratch's data region (longer than any PATH_MAX: a private direct buffer, and the kernel says
 * ENAMETOOLONG). Directory entries are read into the data region and parsed with the table's
 * offsets (ino @0, reclen @16 everywhere; type and name where the kernel keeps them); Darwin's
 * getdirentries64 also writes a base offset through its 4th argument, which points into the struct
 * region (Linux ignores it).
 *
 * Calls whose shape differs between kernels — futex vs __ulock, clock_gettime vs gettimeofday,
 * nanosleep vs select, uname vs sysctl, getrandom vs getentropy, how the page size is learnt — are
 * the abstract hooks at the end; a subclass implements them with the protected helpers here
 * (raw/call, scratch, failure), after this class has checked the arguments.
 *
 * State: the arch, the table, the mapping registry (which may be shared by successive Os
 * instances of one port, because mappings belong to the process, not to a service object), a pool
 * of scratches, and the page size, learnt from the kernel on first use.
 */

/** An {@link Os} implemented over raw system calls, parameterised by a {@link KernelTable}. */
public abstract class SyscallOs implements Os {

    /** Results in {@code [-MAX_ERRNO, -1]} are negated errno values. */
    private static final long MAX_ERRNO = 4095;

    private final Arch arch;
    private final KernelTable table;
    private final MappingRegistry mappings;
    private final Scratch.Pool scratches;
    private final Scratch.Pool structScratches;
    private volatile int pageSize;

    /**
     * @param arch     the processor's raw mechanism; its name must be the table's processor
     * @param table    this kernel's numbers for that processor
     * @param mappings the registry of mappings this port made (shared by successive instances)
     */
    protected SyscallOs(Arch arch, KernelTable table, MappingRegistry mappings) {
        this.arch = requireNonNull(arch, "arch");
        this.table = requireNonNull(table, "table");
        this.mappings = requireNonNull(mappings, "mappings");
        if (!table.processor().equals(arch.name())) {
            throw new IllegalArgumentException("kernel table for " + table.processor() + " cannot run on arch " + arch.name());
        }
        if (arch.wordSize() != 8) {
            throw new IllegalArgumentException("only 64-bit processors are supported, " + arch.name() + " has " + arch.wordSize() + "-byte words");
        }
        this.scratches = new Scratch.Pool(arch, true);
        this.structScratches = new Scratch.Pool(arch, false);
    }

    // ---------------------------------------------------------------------------------- identity

    @Override
    public final String name() { return table.osName(); }

    @Override
    public final String archName() { return arch.name(); }

    @Override
    public final int pageSize() {
        int size = pageSize;
        if (size == 0) {
            size = kernelPageSize();
            if (size < 1024 || Integer.bitCount(size) != 1) {
                throw new IllegalStateException("kernel reported an implausible page size: " + size);
            }
            pageSize = size;
        }
        return size;
    }

    // ------------------------------------------------------------------------------------ memory

    @Override
    public final long mmap(long address, long length, Set<Prot> prot, Set<MapFlag> flags, int fd, long offset) {
        requireNonNull(prot, "prot");
        requireNonNull(flags, "flags");
        requirePositive(length, "mmap length");
        if (flags.contains(MapFlag.SHARED) == flags.contains(MapFlag.PRIVATE)) {
            throw new IllegalArgumentException("mmap: exactly one of SHARED or PRIVATE is required, got " + flags);
        }
        boolean anonymous = flags.contains(MapFlag.ANONYMOUS);
        if (anonymous && (fd != -1 || offset != 0)) {
            throw new IllegalArgumentException("mmap: an ANONYMOUS mapping takes fd -1 and offset 0, got fd " + fd + " offset " + offset);
        }
        if (!anonymous && fd < 0) {
            throw new IllegalArgumentException("mmap: a file mapping needs a file descriptor, got " + fd);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("mmap: negative offset " + offset);
        }
        long span = roundUpToPages(length, "mmap");
        int protBits = table.prot().bits(prot);
        int flagBits = table.mapFlags().bits(flags);

        int access = access(prot);
        if (flags.contains(MapFlag.FIXED)) {
            // MAP_FIXED replaces whatever is mapped there: only our own memory may be replaced.
            requirePageAligned(address, "mmap FIXED");
            long end = end(address, span, "mmap FIXED");
            return mappings.remap(address, end, access, "mmap FIXED", () -> {
                long result = call(Call.MMAP, address, span, protBits, flagBits, fd, offset);
                if (result != address) {
                    throw new IllegalStateException("kernel placed a FIXED mapping at 0x" + Long.toHexString(result));
                }
                return result;
            });
        }
        long result = call(Call.MMAP, address, span, protBits, flagBits, fd, offset);
        if (result % pageSize() != 0) {
            throw new IllegalStateException("kernel returned an unaligned mapping at 0x" + Long.toHexString(result));
        }
        mappings.add(result, result + span, access);
        return result;
    }

    @Override
    public final void munmap(long address, long length) {
        long end = pageRange(address, length, "munmap");
        // with views of it alive, the range is replaced by inert memory and unmapped once they are gone
        mappings.unmap(address, end, "munmap", () -> call(Call.MUNMAP, address, end - address),
                () -> inert(address, end));
    }

    /** Replaces {@code [address, end)} by a fresh anonymous read-write mapping whose pages cost nothing. */
    private void inert(long address, long end) {
        int prot = table.prot().bits(Set.of(Prot.READ, Prot.WRITE));
        int flags = table.mapFlags().bits(Set.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS, MapFlag.FIXED, MapFlag.NORESERVE));
        long result = call(Call.MMAP, address, end - address, prot, flags, -1, 0);
        if (result != address) {
            throw new IllegalStateException("kernel placed a FIXED mapping at 0x" + Long.toHexString(result));
        }
    }

    @Override
    public final void mprotect(long address, long length, Set<Prot> prot) {
        requireNonNull(prot, "prot");
        long end = pageRange(address, length, "mprotect");
        int bits = table.prot().bits(prot);
        mappings.protect(address, end, access(prot), "mprotect", () -> call(Call.MPROTECT, address, end - address, bits));
    }

    @Override
    public final void madvise(long address, long length, Advice advice) {
        advise(address, length, advice, null);
    }

    private void advise(long address, long length, Advice advice, MappingRegistry.Lease by) {
        requireNonNull(advice, "advice");
        long end = pageRange(address, length, "madvise");
        int value = table.advice().value(advice);
        boolean destructive = advice == Advice.DONTNEED || advice == Advice.FREE;
        mappings.advise(address, end, destructive, by, "madvise",
                () -> call(Call.MADVISE, address, end - address, value));
    }

    @Override
    public final MemoryHold hold(long address, long length, Set<Prot> access) {
        requireNonNull(access, "access");
        long end = pageRange(address, length, "hold");
        MappingRegistry.Lease lease = mappings.hold(address, end, access(access), "hold");
        return new MemoryHold() {
            @Override
            public long address() {
                return address;
            }

            @Override
            public long length() {
                return end - address;
            }

            @Override
            public void madvise(long a, long len, Advice advice) {
                if (!lease.isOpen()) {
                    throw new IllegalStateException("madvise through a closed hold");
                }
                if (a < address || len <= 0 || a + len > end || a + len < a) {
                    throw new IllegalArgumentException("madvise: [0x" + Long.toHexString(a) + ", +" + len
                            + ") is outside the hold " + hex(address, end));
                }
                advise(a, len, advice, lease);
            }

            @Override
            public boolean isOpen() {
                return lease.isOpen();
            }

            @Override
            public void close() {
                lease.close();
            }

            @Override
            public String toString() {
                return "MemoryHold" + hex(address, end);
            }
        };
    }

    /** The registry's access bits for a protection set. */
    private static int access(Set<Prot> prot) {
        return (prot.contains(Prot.READ) ? MappingRegistry.READ : 0) | (prot.contains(Prot.WRITE) ? MappingRegistry.WRITE : 0);
    }

    @Override
    public final boolean isMapped(long address, long length) {
        requirePositive(length, "isMapped length");
        long end = address + length;
        return address >= 0 && end > address && mappings.covers(address, end);
    }

    @Override
    public final ByteBuffer memory(long address, int length) {
        requirePositive(length, "memory length");
        long end = end(address, length, "memory");
        // the lease keeps the range mapped with the access the buffer uses until the buffer is collected
        MappingRegistry.Lease lease = mappings.openView(address, end, "memory");
        ByteBuffer view;
        try {
            view = arch.view(address, length).order(ByteOrder.nativeOrder());
        } catch (RuntimeException | Error e) {
            lease.close();
            throw e;
        }
        mappings.track(view, lease);
        // a read-only buffer keeps the writable one reachable (its attachment), and so the lease
        return (lease.access() & MappingRegistry.WRITE) != 0 ? view : view.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    // ------------------------------------------------------------------------------------- files

    @Override
    public final int openat(int dirfd, String path, Set<OpenFlag> flags, int mode) {
        requireNonNull(path, "path");
        requireNonNull(flags, "flags");
        int accessModes = (flags.contains(OpenFlag.READ_ONLY) ? 1 : 0) + (flags.contains(OpenFlag.WRITE_ONLY) ? 1 : 0)
                + (flags.contains(OpenFlag.READ_WRITE) ? 1 : 0);
        if (accessModes != 1) {
            throw new IllegalArgumentException("openat: exactly one of READ_ONLY, WRITE_ONLY or READ_WRITE is required, got " + flags);
        }
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("openat: mode 0" + Integer.toOctalString(mode) + " has bits outside 07777");
        }
        int kernelDirfd = kernelDirfd(dirfd);
        int bits = table.openFlags().bits(flags);
        return (int) withPath("openat", path, p -> call(Call.OPENAT, kernelDirfd, p, bits, mode));
    }

    @Override
    public final FileStat fstatat(int dirfd, String path, boolean followLinks) {
        requireNonNull(path, "path");
        requireAtFlags("fstatat");
        int kernelDirfd = kernelDirfd(dirfd);
        int flags = followLinks ? 0 : table.atSymlinkNofollow();
        StatLayout layout = table.stat();
        try (Scratch st = structScratch()) {
            st.clearStruct(0, layout.size());
            withPath("fstatat", path, p -> call(Call.FSTATAT, kernelDirfd, p, st.structAddress(0), flags));
            return layout.parse(st.buffer(), 0);
        }
    }

    @Override
    public final void unlinkat(int dirfd, String path, boolean directory) {
        requireNonNull(path, "path");
        requireAtFlags("unlinkat");
        int kernelDirfd = kernelDirfd(dirfd);
        int flags = directory ? table.atRemovedir() : 0;
        withPath("unlinkat", path, p -> call(Call.UNLINKAT, kernelDirfd, p, flags));
    }

    @Override
    public final void mkdirat(int dirfd, String path, int mode) {
        requireNonNull(path, "path");
        if ((mode & ~0777) != 0) {
            throw new IllegalArgumentException("mkdirat: mode 0" + Integer.toOctalString(mode) + " has bits outside 0777");
        }
        int kernelDirfd = kernelDirfd(dirfd);
        withPath("mkdirat", path, p -> call(Call.MKDIRAT, kernelDirfd, p, mode));
    }

    @Override
    public final List<DirEntry> readDirectory(int fd) {
        int typeAt = table.direntTypeOffset();
        int nameAt = table.direntNameOffset();
        if (nameAt == 0) {
            throw new UnsupportedOperationException("readDirectory: the " + table.osName() + " table has no directory-entry layout");
        }
        try (Scratch s = scratch()) {
            s.clearStruct(0, 8);
            int n = (int) call(Call.GETDENTS, fd, s.dataAddress(), Scratch.DATA_BYTES, s.structAddress(0));
            ByteBuffer b = s.buffer();
            List<DirEntry> entries = new ArrayList<>();
            int at = 0;
            while (at + nameAt <= n) {
                int base = Scratch.DATA_OFFSET + at;
                long inode = b.getLong(base);
                int reclen = b.getShort(base + 16) & 0xFFFF;
                if (reclen < nameAt || at + reclen > n) {
                    throw new IllegalStateException("readDirectory: kernel returned a malformed entry (reclen " + reclen + " at " + at + " of " + n + ")");
                }
                int type = b.get(base + typeAt) & 0xFF;
                int len = 0;
                while (nameAt + len < reclen && b.get(base + nameAt + len) != 0) {
                    len++;
                }
                byte[] name = new byte[len];
                b.get(base + nameAt, name);
                entries.add(new DirEntry(inode, type, name));
                at += reclen;
            }
            return entries;
        }
    }

    /** A system call given a NUL-terminated path's address. */
    @FunctionalInterface
    private interface PathCall {
        long invoke(long pathAddress);
    }

    /**
     * Stages {@code path} as a C string (in the scratch's data region, or a private direct buffer when
     * it is longer than any kernel accepts — the kernel then says ENAMETOOLONG) and makes the call.
     */
    private long withPath(String what, String path, PathCall kernel) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException(what + ": path contains a NUL character");
            }
        }
        if (bytes.length >= Scratch.DATA_BYTES) {
            ByteBuffer big = ByteBuffer.allocateDirect(bytes.length + 1);
            big.put(0, bytes);
            long r = kernel.invoke(arch.address(big));
            Reference.reachabilityFence(big);
            return r;
        }
        try (Scratch s = scratch()) {
            return kernel.invoke(s.cString(bytes));
        }
    }

    private int kernelDirfd(int dirfd) {
        return dirfd == AT_FDCWD ? table.atFdcwd() : dirfd;
    }

    private void requireAtFlags(String what) {
        if (table.atRemovedir() == 0) {
            throw new UnsupportedOperationException(what + ": the " + table.osName() + " table has no *at flags");
        }
    }

    @Override
    public final void close(int fd) {
        call(Call.CLOSE, fd);
    }

    @Override
    public final int read(int fd, ByteBuffer dst) {
        return read(fd, requireNonNull(dst, "dst"), dst.remaining());
    }

    @Override
    public final int read(int fd, ByteBuffer dst, int length) {
        return intoBuffer("read", dst, length, (address, count) -> (int) call(Call.READ, fd, address, count));
    }

    @Override
    public final int write(int fd, ByteBuffer src) {
        return write(fd, requireNonNull(src, "src"), src.remaining());
    }

    @Override
    public final int write(int fd, ByteBuffer src, int length) {
        requireNonNull(src, "src");
        requireLength(length, src.remaining(), "write");
        int position = src.position();
        int written;
        if (src.isDirect()) {
            // The kernel only reads here: a bad address fails with EFAULT, it cannot corrupt the JVM.
            long address = arch.address(src) + position;
            refuseStale(address, length, "write");
            written = (int) call(Call.WRITE, fd, address, length);
            Reference.reachabilityFence(src);
        } else {
            try (Scratch s = scratch()) {
                int chunk = Math.min(length, Scratch.DATA_BYTES);
                s.buffer().put(Scratch.DATA_OFFSET, src, position, chunk);
                written = (int) call(Call.WRITE, fd, s.dataAddress(), chunk);
            }
        }
        src.position(position + written);
        return written;
    }

    @Override
    public final long lseek(int fd, long offset, Whence whence) {
        requireNonNull(whence, "whence");
        return call(Call.LSEEK, fd, offset, table.whence().value(whence));
    }

    @Override
    public final FileStat fstat(int fd) {
        StatLayout layout = table.stat();
        try (Scratch s = structScratch()) {
            s.clearStruct(0, layout.size());
            call(Call.FSTAT, fd, s.structAddress(0));
            return layout.parse(s.buffer(), 0);
        }
    }

    // ----------------------------------------------------------------------------------- threads

    @Override
    public final FutexResult futexWait(long address, int expected, long timeoutNanos) {
        requireFutexWord(address, "futexWait");
        if (timeoutNanos < 0 && timeoutNanos != NO_TIMEOUT) {
            throw new IllegalArgumentException("futexWait: timeout " + timeoutNanos + " ns is negative (use NO_TIMEOUT to wait forever)");
        }
        return waitOnWord(address, expected, timeoutNanos);
    }

    @Override
    public final int futexWake(long address, int count) {
        requireFutexWord(address, "futexWake");
        if (count <= 0) {
            throw new IllegalArgumentException("futexWake: count must be positive, got " + count);
        }
        return wakeWord(address, count);
    }

    @Override
    public void schedYield() {
        call(Call.SCHED_YIELD);
    }

    @Override
    public final long getpid() {
        return call(Call.GETPID);
    }

    @Override
    public final long gettid() {
        return call(Call.GETTID);
    }

    // -------------------------------------------------------------------------------------- misc

    @Override
    public final long clockGettime(Clock clock) {
        return readClock(requireNonNull(clock, "clock"));
    }

    @Override
    public final void nanosleep(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanosleep: negative duration " + nanos + " ns");
        }
        sleep(nanos);
    }

    @Override
    public final Uname uname() {
        return kernelIdentity();
    }

    @Override
    public final int getrandom(ByteBuffer dst, int length) {
        return intoBuffer("getrandom", dst, length, this::fillRandom);
    }

    @Override
    public final void exitGroup(int status) {
        // the kernel does not come back from a successful exit; a result means the table is wrong
        long result = raw(Call.EXIT_GROUP, status, 0, 0, 0, 0, 0);
        throw new IllegalStateException("the kernel returned " + result + " from " + table.syscall(Call.EXIT_GROUP).name());
    }

    // ------------------------------------------------------------------- hooks for each kernel

    /** The page size as the kernel reports it (called once, lazily). */
    protected abstract int kernelPageSize();

    /** Waits on a checked futex word (4-byte aligned, inside our mappings). */
    protected abstract FutexResult waitOnWord(long address, int expected, long timeoutNanos);

    /** Wakes waiters on a checked futex word; {@code count} is positive. */
    protected abstract int wakeWord(long address, int count);

    /** Reads {@code clock} in nanoseconds. */
    protected abstract long readClock(Clock clock);

    /** Sleeps {@code nanos} (non-negative) nanoseconds, resuming after signals. */
    protected abstract void sleep(long nanos);

    /** The kernel's identification. */
    protected abstract Uname kernelIdentity();

    /**
     * Writes kernel randomness into {@code [address, address+length)}, which is either our scratch
     * or pinned memory of ours; returns how many bytes were written ({@code length} may be 0).
     */
    protected abstract int fillRandom(long address, int length);

    // ------------------------------------------------------------------- helpers for subclasses

    /** The arch this Os runs on. */
    protected final Arch arch() { return arch; }

    /** The kernel table this Os was built with. */
    public final KernelTable table() { return table; }

    /** A scratch with a data region, for the duration of one call: use in try-with-resources. */
    protected final Scratch scratch() { return scratches.acquire(); }

    /** A struct-only scratch ({@link Scratch#STRUCT_BYTES}), for calls that pass only structures. */
    protected final Scratch structScratch() { return structScratches.acquire(); }

    /** Enters the kernel; returns the raw result ({@code -errno} on failure). */
    protected final long raw(Call call, long a1, long a2, long a3, long a4, long a5, long a6) {
        return table.convention().invoke(arch, table.syscall(call).number(), a1, a2, a3, a4, a5, a6);
    }

    /** Enters the kernel and throws {@link OsException} on failure; returns the result. */
    protected final long call(Call call, long a1, long a2, long a3, long a4, long a5, long a6) {
        long result = raw(call, a1, a2, a3, a4, a5, a6);
        if (isError(result)) {
            throw failure(call, errno(result));
        }
        return result;
    }

    protected final long call(Call call) { return call(call, 0, 0, 0, 0, 0, 0); }
    protected final long call(Call call, long a1) { return call(call, a1, 0, 0, 0, 0, 0); }
    protected final long call(Call call, long a1, long a2) { return call(call, a1, a2, 0, 0, 0, 0); }
    protected final long call(Call call, long a1, long a2, long a3) { return call(call, a1, a2, a3, 0, 0, 0); }
    protected final long call(Call call, long a1, long a2, long a3, long a4) { return call(call, a1, a2, a3, a4, 0, 0); }

    /** Whether a raw result is a negated errno. */
    protected static boolean isError(long result) {
        return result < 0 && result >= -MAX_ERRNO;
    }

    /** The errno of a raw result, 0 if it is not an error. */
    protected static int errno(long result) {
        return isError(result) ? (int) -result : 0;
    }

    /** The exception for {@code call} failing with {@code errno}. */
    protected final OsException failure(Call call, int errno) {
        Syscall syscall = table.syscall(call);
        return new OsException(syscall.name(), errno, table.errnos().name(errno));
    }

    /** The current value of a checked futex word (inside our mappings; refused unless readable). */
    protected final int wordAt(long address) {
        return (int) mappings.onReadable(address, address + 4, "futex",
                () -> arch.view(address, 4).order(ByteOrder.nativeOrder()).getInt(0));
    }

    // ------------------------------------------------------------------------------- internals

    /** A kernel transfer into memory: returns the number of bytes it wrote. */
    @FunctionalInterface
    protected interface IntoMemory {
        int transfer(long address, int length);
    }

    /**
     * Lets the kernel write up to {@code length} bytes into {@code dst} at its position, then
     * advances the position. Memory of ours is written directly (pinned against munmap); any other
     * buffer is staged through a scratch, so the kernel never writes memory the port does not own.
     */
    private int intoBuffer(String what, ByteBuffer dst, int length, IntoMemory kernel) {
        requireNonNull(dst, "dst");
        requireLength(length, dst.remaining(), what);
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException(what + ": destination buffer is read-only");
        }
        int position = dst.position();
        if (dst.isDirect() && length > 0) {
            long address = arch.address(dst) + position;
            MappingRegistry.Pin pin = mappings.tryPin(address, address + length);
            if (pin != null) {
                int n;
                try (pin) {
                    n = kernel.transfer(address, length);
                }
                Reference.reachabilityFence(dst);
                dst.position(position + n);
                return n;
            }
            refuseStale(address, length, what);
        }
        try (Scratch s = scratch()) {
            int chunk = Math.min(length, Scratch.DATA_BYTES);
            int n = kernel.transfer(s.dataAddress(), chunk);
            dst.put(position, s.buffer(), Scratch.DATA_OFFSET, n);
            dst.position(position + n);
            return n;
        }
    }

    /**
     * Refuses a stale view from {@link #memory}: a direct buffer over memory this Os unmapped while
     * the view lived (still mapped inert for it). A buffer over addresses this Os unmapped earlier,
     * with no view left, is someone else's now (malloc may reuse them) and passes.
     */
    private void refuseStale(long address, int length, String what) {
        if (length > 0 && mappings.overlapsStaleViews(address, address + length)) {
            throw new IllegalArgumentException(what + ": buffer at " + hex(address, address + length)
                    + " is a view of memory this Os has unmapped");
        }
    }

    private void requireFutexWord(long address, String what) {
        if ((address & 3) != 0) {
            throw new IllegalArgumentException(what + ": futex word at 0x" + Long.toHexString(address) + " is not 4-byte aligned");
        }
        if (address <= 0 || !mappings.covers(address, address + 4)) {
            throw new IllegalArgumentException(what + ": futex word at 0x" + Long.toHexString(address) + " is not inside memory mapped by this Os");
        }
    }

    private long pageRange(long address, long length, String what) {
        requirePageAligned(address, what);
        requirePositive(length, what + " length");
        return end(address, roundUpToPages(length, what), what);
    }

    private void requirePageAligned(long address, String what) {
        if (address <= 0 || address % pageSize() != 0) {
            throw new IllegalArgumentException(what + ": address 0x" + Long.toHexString(address) + " is not a page-aligned user address");
        }
    }

    private long roundUpToPages(long length, String what) {
        long page = pageSize();
        long rounded = (length + page - 1) & -page;
        if (rounded < length) {
            throw new IllegalArgumentException(what + ": length " + length + " is too large");
        }
        return rounded;
    }

    private static long end(long address, long length, String what) {
        long end = address + length;
        if (address < 0 || end < address) {
            throw new IllegalArgumentException(what + ": range at 0x" + Long.toHexString(address) + " of " + length + " bytes wraps the address space");
        }
        return end;
    }

    private static void requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    private static void requireLength(int length, int remaining, String what) {
        if (length < 0) {
            throw new IllegalArgumentException(what + ": negative length " + length);
        }
        if (length > remaining) {
            throw new IllegalArgumentException(what + ": length " + length + " exceeds the buffer's " + remaining + " remaining bytes");
        }
    }

    /** {@code [0x start, 0x end)}, as the registry names ranges in its messages. */
    private static String hex(long start, long end) {
        return "[0x" + Long.toHexString(start) + ", 0x" + Long.toHexString(end) + ")";
    }
}
