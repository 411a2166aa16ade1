package org.korlang.os.linux.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;

import org.korlang.arch.Arch;
import org.korlang.os.Clock;
import org.korlang.os.FutexResult;
import org.korlang.os.MapFlag;
import org.korlang.os.OpenFlag;
import org.korlang.os.OsException;
import org.korlang.os.Uname;
import org.korlang.os.common.Call;
import org.korlang.os.common.KernelTable;
import org.korlang.os.mappings.MappingRegistry;
import org.korlang.os.common.Scratch;
import org.korlang.os.common.SyscallOs;

/*
 * The Linux port: the calls whose shape is Linux's own, on top of SyscallOs.
 *
 *   futex       FUTEX_WAIT_PRIVATE / FUTEX_WAKE_PRIVATE on the word (the common code has checked
 *               alignment and that the word is ours). The timeout is a *relative* timespec staged
 *               in a struct scratch (NULL for NO_TIMEOUT). EAGAIN → VALUE_MISMATCH, ETIMEDOUT →
 *               TIMED_OUT, EINTR → INTERRUPTED; FUTEX_WAKE returns how many it woke. The expected
 *               value is passed zero-extended (the kernel compares a u32).
 *   clocks      clock_gettime(CLOCK_MONOTONIC=1 | CLOCK_REALTIME=0) into a timespec.
 *   nanosleep   relative request; on EINTR the kernel has written the remaining time, which becomes
 *               the next request, so a signal never shortens the sleep.
 *   uname       struct utsname: six 65-byte NUL-terminated fields (sysname, nodename, release,
 *               version, machine, domainname).
 *   getrandom   flags 0 (the urandom source, blocking only before the pool is first seeded); EINTR
 *               is retried.
 *   page size   AT_PAGESZ (6) from the auxiliary vector the kernel gave this process, read from
 *               /proc/self/auxv through our own openat/read. Where /proc is not mounted it is probed:
 *               in a fresh 1 MiB PROT_NONE mapping, mprotect(base + 2^k) fails with EINVAL for
 *               every 2^k that is not a multiple of the page size, so the first 2^k >= 4 KiB that
 *               succeeds is the page size. Both ways ask the kernel, neither assumes 4096.
 */

/** {@link org.korlang.os.Os} for Linux on any processor with a system-call table. */
public class LinuxOs extends SyscallOs {

    static final int FUTEX_WAIT_PRIVATE = 128; // FUTEX_WAIT (0) | FUTEX_PRIVATE_FLAG (128)
    static final int FUTEX_WAKE_PRIVATE = 129; // FUTEX_WAKE (1) | FUTEX_PRIVATE_FLAG (128)
    static final int CLOCK_REALTIME = 0;
    static final int CLOCK_MONOTONIC = 1;
    static final int EINTR = 4;
    static final int EINVAL = 22;
    static final int EAGAIN = 11;
    static final int ETIMEDOUT = 110;
    static final long AT_NULL = 0;
    static final long AT_PAGESZ = 6;
    static final int UTS_FIELD_BYTES = 65;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * @param arch     the Arch of this processor (x86_64 or aarch64: the tables built into this bundle)
     * @param mappings the registry of mappings made through this port
     */
    public LinuxOs(Arch arch, MappingRegistry mappings) {
        this(arch, LinuxTables.forProcessor(arch.name()), mappings);
    }

    /**
     * @param arch     the Arch of this processor
     * @param table    Linux's numbers on that processor (from a contributed SyscallTable, {@code LinuxTables.of})
     * @param mappings the registry of mappings made through this port
     */
    public LinuxOs(Arch arch, KernelTable table, MappingRegistry mappings) {
        super(arch, table, mappings);
    }

    // --------------------------------------------------------------------------------- futex

    @Override
    protected FutexResult waitOnWord(long address, int expected, long timeoutNanos) {
        try (Scratch s = structScratch()) {
            long timeout = 0; // NULL: wait forever
            if (timeoutNanos != NO_TIMEOUT) {
                s.buffer().putLong(0, timeoutNanos / NANOS_PER_SECOND);
                s.buffer().putLong(8, timeoutNanos % NANOS_PER_SECOND);
                timeout = s.structAddress(0);
            }
            long result = raw(Call.FUTEX, address, FUTEX_WAIT_PRIVATE, expected & 0xFFFF_FFFFL, timeout, 0, 0);
            switch (errno(result)) {
                case 0:
                    return FutexResult.WOKEN;
                case EAGAIN:
                    return FutexResult.VALUE_MISMATCH;
                case ETIMEDOUT:
                    return FutexResult.TIMED_OUT;
                case EINTR:
                    return FutexResult.INTERRUPTED;
                default:
                    throw failure(Call.FUTEX, errno(result));
            }
        }
    }

    @Override
    protected int wakeWord(long address, int count) {
        return (int) call(Call.FUTEX, address, FUTEX_WAKE_PRIVATE, count);
    }

    // ------------------------------------------------------------------------------ time

    @Override
    protected long readClock(Clock clock) {
        int id = clock == Clock.MONOTONIC ? CLOCK_MONOTONIC : CLOCK_REALTIME;
        try (Scratch s = structScratch()) {
            call(Call.CLOCK_GETTIME, id, s.structAddress(0));
            return s.buffer().getLong(0) * NANOS_PER_SECOND + s.buffer().getLong(8);
        }
    }

    @Override
    protected void sleep(long nanos) {
        try (Scratch s = structScratch()) {
            ByteBuffer b = s.buffer();
            b.putLong(0, nanos / NANOS_PER_SECOND);
            b.putLong(8, nanos % NANOS_PER_SECOND);
            long request = s.structAddress(0);
            long remaining = s.structAddress(16);
            while (true) {
                long result = raw(Call.NANOSLEEP, request, remaining, 0, 0, 0, 0);
                if (!isError(result)) {
                    return;
                }
                if (errno(result) != EINTR) {
                    throw failure(Call.NANOSLEEP, errno(result));
                }
                b.putLong(0, b.getLong(16));
                b.putLong(8, b.getLong(24));
            }
        }
    }

    // ------------------------------------------------------------------------- identity

    @Override
    protected Uname kernelIdentity() {
        try (Scratch s = structScratch()) {
            s.clearStruct(0, 6 * UTS_FIELD_BYTES);
            call(Call.UNAME, s.structAddress(0));
            return new Uname(
                    s.string(0, UTS_FIELD_BYTES),
                    s.string(UTS_FIELD_BYTES, UTS_FIELD_BYTES),
                    s.string(2 * UTS_FIELD_BYTES, UTS_FIELD_BYTES),
                    s.string(3 * UTS_FIELD_BYTES, UTS_FIELD_BYTES),
                    s.string(4 * UTS_FIELD_BYTES, UTS_FIELD_BYTES));
        }
    }

    @Override
    protected int fillRandom(long address, int length) {
        while (true) {
            long result = raw(Call.GETRANDOM, address, length, 0, 0, 0, 0);
            if (!isError(result)) {
                return (int) result;
            }
            if (errno(result) != EINTR) {
                throw failure(Call.GETRANDOM, errno(result));
            }
        }
    }

    // --------------------------------------------------------------------------- page size

    @Override
    protected int kernelPageSize() {
        try {
            int size = pageSizeFromAuxv();
            if (size > 0) {
                return size;
            }
        } catch (OsException unreadable) {
            // /proc not mounted or not readable here: ask the kernel another way
        }
        return probePageSize();
    }

    /** AT_PAGESZ from /proc/self/auxv, or 0 if the vector has none. */
    int pageSizeFromAuxv() {
        int fd = openat(AT_FDCWD, "/proc/self/auxv", EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.CLOEXEC), 0);
        try {
            ByteBuffer auxv = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());
            while (read(fd, auxv) > 0) {
                if (!auxv.hasRemaining()) {
                    ByteBuffer bigger = ByteBuffer.allocate(auxv.capacity() * 2).order(ByteOrder.nativeOrder());
                    auxv.flip();
                    bigger.put(auxv);
                    auxv = bigger;
                }
            }
            auxv.flip();
            while (auxv.remaining() >= 16) {
                long type = auxv.getLong();
                long value = auxv.getLong();
                if (type == AT_PAGESZ) {
                    return Math.toIntExact(value);
                }
                if (type == AT_NULL) {
                    break;
                }
            }
            return 0;
        } finally {
            close(fd);
        }
    }

    /** The page size found by the mprotect alignment probe described above. */
    int probePageSize() {
        long span = 1L << 20;
        int none = table().prot().bits(Set.of());
        int anonymous = table().mapFlags().bits(EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS));
        long base = call(Call.MMAP, 0, span, none, anonymous, -1, 0);
        try {
            for (long candidate = 4096; candidate <= span / 2; candidate <<= 1) {
                long result = raw(Call.MPROTECT, base + candidate, candidate, none, 0, 0, 0);
                if (!isError(result)) {
                    return (int) candidate;
                }
                if (errno(result) != EINVAL) {
                    throw failure(Call.MPROTECT, errno(result));
                }
            }
            throw new IllegalStateException("no page size between 4 KiB and 512 KiB was accepted by the kernel");
        } finally {
            call(Call.MUNMAP, base, span); // a mapping of our own probe, never handed out
        }
    }
}
