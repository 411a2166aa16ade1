package org.korlang.os;

import java.nio.ByteBuffer;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Typed system calls of one operating system, made through the raw system-call instruction of the
 * matching {@link org.korlang.arch.Arch} (never through libc).
 *
 * <p>An OS bundle registers this service only when the running kernel is its own and an
 * {@code Arch} service for this processor is present; the service carries {@link #OS_NAME} and
 * {@link #OS_ARCH} properties.
 *
 * <h2>Errors</h2>
 * A call that the kernel fails throws {@link OsException} (errno number and name, syscall name).
 * Arguments that are wrong before the kernel sees them — negative lengths, a buffer smaller than
 * the length, an address range that this service never mapped, an unaligned futex word — throw
 * {@link IllegalArgumentException}. Memory safety of the JVM is the point: every address that
 * this API dereferences or hands to the kernel for writing lies in a mapping this service made.
 *
 * <p>The file-system calls added in 1.2 ({@link #fstatat}, {@link #unlinkat}, {@link #mkdirat},
 * {@link #readDirectory}) and the process exit added in 1.3 ({@link #exitGroup}) have default bodies
 * that throw {@link UnsupportedOperationException}, so that test doubles written against earlier
 * versions still compile; both OS ports implement them.
 *
 * <h2>Memory</h2>
 * {@link #mmap} records each mapping it makes, with its protection; {@link #munmap},
 * {@link #mprotect}, {@link #madvise}, {@link #memory}, {@link #hold} and the futex calls accept only
 * ranges inside those mappings. A buffer from {@link #memory} never faults: it is read-only unless
 * the range is writable, it is refused unless the range is readable, and while it is reachable the
 * range keeps that access ({@link #mprotect} or a {@link MapFlag#FIXED} mapping that would take it
 * away is refused with {@link IllegalStateException}) and stays mapped ({@link #munmap} is honoured,
 * but the addresses stay reserved, reading as zero, until the buffer is collected). A client that
 * reads a range by raw address itself holds it ({@link #hold}).
 */
@ProviderType
public interface Os {

    /** Service property: the OS name, {@code "linux"} or {@code "macos"}. */
    String OS_NAME = "os.name";
    /** Service property: the processor of the bound {@code Arch}, e.g. {@code "x86_64"}. */
    String OS_ARCH = "os.arch";

    /** {@code dirfd} meaning "the current working directory" for the {@code *at} calls. */
    int AT_FDCWD = -100;

    /** Waits forever in {@link #futexWait}. */
    long NO_TIMEOUT = -1;

    /** {@code "linux"} or {@code "macos"}. */
    String name();

    /** The processor of the {@code Arch} this service runs on. */
    String archName();

    /** The kernel's page size in bytes. */
    int pageSize();

    // ---------------------------------------------------------------------------------- memory

    /**
     * Maps memory. {@code address} is a hint (or exact with {@link MapFlag#FIXED}, which is only
     * accepted inside a mapping this service made); {@code length} must be positive. Returns the
     * address of the new mapping.
     */
    long mmap(long address, long length, Set<Prot> prot, Set<MapFlag> flags, int fd, long offset);

    /** A private anonymous mapping of {@code length} bytes (rounded up to pages). */
    default long mmapAnonymous(long length, Set<Prot> prot) {
        return mmap(0, length, prot, Set.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS), -1, 0);
    }

    /**
     * Unmaps a page-aligned range that lies inside mappings made by this service.
     * {@link IllegalStateException} if a {@link MemoryHold} covers part of it. Views of it from
     * {@link #memory} that are still reachable keep reading (zeros) until collected; the range is
     * gone for every other call at once.
     */
    void munmap(long address, long length);

    /**
     * Changes the protection of a page-aligned range inside mappings made by this service.
     * {@link IllegalStateException} if a {@link MemoryHold} or a reachable {@link #memory} view of
     * part of it needs an access that {@code prot} lacks.
     */
    void mprotect(long address, long length, Set<Prot> prot);

    /**
     * Advises the kernel about a page-aligned range inside mappings made by this service.
     * {@link IllegalStateException} for {@link Advice#DONTNEED} or {@link Advice#FREE} over a range a
     * {@link MemoryHold} covers (its holder advises through {@link MemoryHold#madvise}).
     */
    void madvise(long address, long length, Advice advice);

    /** Whether {@code [address, address+length)} lies wholly inside mappings made by this service. */
    boolean isMapped(long address, long length);

    /**
     * A direct, native-order buffer over {@code [address, address+length)}, which must lie inside
     * one mapping made by this service and be readable ({@link IllegalArgumentException} otherwise)
     * and must not be held by a {@link MemoryHold} ({@link IllegalStateException}).
     * The buffer is read-only ({@link java.nio.ReadOnlyBufferException} on a write) unless the range
     * is writable now. While the buffer (or any buffer derived from it) is reachable, the range keeps
     * that access: see {@link #mprotect} and {@link #munmap}.
     */
    ByteBuffer memory(long address, int length);

    /**
     * Holds {@code [address, address+length)}, which must be covered by mappings made by this
     * service and have the access {@code access} (READ and/or WRITE) — for a client that reads or
     * writes it by raw address: see {@link MemoryHold}. {@link UnsupportedOperationException} from
     * an {@code Os} that cannot hold memory.
     *
     * @since 1.2
     */
    default MemoryHold hold(long address, long length, Set<Prot> access) {
        throw new UnsupportedOperationException("this Os cannot hold memory");
    }

    // ------------------------------------------------------------------------------------ files

    /** Opens {@code path} relative to {@code dirfd} (or {@link #AT_FDCWD}); returns the new fd. */
    int openat(int dirfd, String path, Set<OpenFlag> flags, int mode);

    /** {@link #openat} relative to the current directory. */
    default int open(String path, Set<OpenFlag> flags, int mode) {
        return openat(AT_FDCWD, path, flags, mode);
    }

    /** Closes {@code fd}. */
    void close(int fd);

    /**
     * Reads up to {@code length} bytes into {@code dst} at its position and advances the position;
     * returns the number of bytes read, 0 at end of file. {@code length} must not exceed
     * {@code dst.remaining()}.
     */
    int read(int fd, ByteBuffer dst, int length);

    /** Reads up to {@code dst.remaining()} bytes. */
    default int read(int fd, ByteBuffer dst) { return read(fd, dst, dst.remaining()); }

    /**
     * Writes up to {@code length} bytes from {@code src} at its position and advances the position;
     * returns the number of bytes written. {@code length} must not exceed {@code src.remaining()}.
     */
    int write(int fd, ByteBuffer src, int length);

    /** Writes up to {@code src.remaining()} bytes. */
    default int write(int fd, ByteBuffer src) { return write(fd, src, src.remaining()); }

    /** Repositions the file offset; returns the new offset. */
    long lseek(int fd, long offset, Whence whence);

    /** The status of an open file. */
    FileStat fstat(int fd);

    /**
     * The status of {@code path} relative to {@code dirfd} (or {@link #AT_FDCWD}), following a final
     * symbolic link when {@code followLinks} (Linux {@code newfstatat}, Darwin {@code fstatat64}).
     *
     * @since 1.2
     */
    default FileStat fstatat(int dirfd, String path, boolean followLinks) {
        throw new UnsupportedOperationException("fstatat is not implemented by " + getClass().getName());
    }

    /**
     * Removes the file {@code path} (or, with {@code directory}, the empty directory) relative to
     * {@code dirfd} ({@code unlinkat}, with {@code AT_REMOVEDIR} for a directory).
     *
     * @since 1.2
     */
    default void unlinkat(int dirfd, String path, boolean directory) {
        throw new UnsupportedOperationException("unlinkat is not implemented by " + getClass().getName());
    }

    /**
     * Creates the directory {@code path} relative to {@code dirfd} with permission bits {@code mode}
     * (within 0777, before the umask).
     *
     * @since 1.2
     */
    default void mkdirat(int dirfd, String path, int mode) {
        throw new UnsupportedOperationException("mkdirat is not implemented by " + getClass().getName());
    }

    /**
     * Reads the next entries of the directory open on {@code fd} (Linux {@code getdents64}, Darwin
     * {@code getdirentries64}), at most one kernel buffer's worth; an empty list at the end. The
     * entries {@code .} and {@code ..} are included as the kernel reports them.
     *
     * @since 1.2
     */
    default java.util.List<DirEntry> readDirectory(int fd) {
        throw new UnsupportedOperationException("readDirectory is not implemented by " + getClass().getName());
    }

    // -------------------------------------------------------------------------------- threads

    /**
     * Waits while the 32-bit word at {@code address} holds {@code expected}, for at most
     * {@code timeoutNanos} ({@link #NO_TIMEOUT} waits forever). The word must be 4-byte aligned
     * and inside a mapping made by this service (Linux: {@code FUTEX_WAIT_PRIVATE}; Darwin:
     * {@code __ulock_wait}).
     */
    FutexResult futexWait(long address, int expected, long timeoutNanos);

    /** Wakes up to {@code count} waiters on the word at {@code address}; returns how many were woken (Darwin: 0 or 1 known, see the port). */
    int futexWake(long address, int count);

    /** Yields the processor ({@code sched_yield}). */
    void schedYield();

    /** The process id, read by raw system call. */
    long getpid();

    /** The calling thread's kernel thread id, read by raw system call. */
    long gettid();

    // ---------------------------------------------------------------------------------- misc

    /** Reads a clock, in nanoseconds. */
    long clockGettime(Clock clock);

    /** Sleeps for {@code nanos} nanoseconds (non-negative), resuming after signals. */
    void nanosleep(long nanos);

    /** The kernel's identification. */
    Uname uname();

    /** Fills up to {@code length} bytes of {@code dst} with kernel randomness; returns the count. */
    int getrandom(ByteBuffer dst, int length);

    // ---------------------------------------------------------------------------------- process

    /**
     * Ends the whole process at once with {@code status} (its low 8 bits are what a parent sees):
     * Linux {@code exit_group}, Darwin {@code exit}. Never returns. Nothing of the JVM runs
     * afterwards — no shutdown hooks, no finalisation, no flushing of Java streams — so the caller
     * flushes what it buffered first. Only a launcher that owns the process may call this; inside
     * the platform a program's {@code system.exit} ends that program, never the framework.
     * {@link UnsupportedOperationException} from an {@code Os} that cannot end the process.
     *
     * @since 1.3
     */
    default void exitGroup(int status) {
        throw new UnsupportedOperationException("exitGroup is not implemented by " + getClass().getName());
    }
}
