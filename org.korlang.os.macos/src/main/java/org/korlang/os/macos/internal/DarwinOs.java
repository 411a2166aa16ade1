package org.korlang.os.macos.internal;

import java.nio.ByteBuffer;

import org.korlang.arch.Arch;
import org.korlang.os.Clock;
import org.korlang.os.FutexResult;
import org.korlang.os.Uname;
import org.korlang.os.common.Call;
import org.korlang.os.common.KernelTable;
import org.korlang.os.mappings.MappingRegistry;
import org.korlang.os.common.Scratch;
import org.korlang.os.common.SyscallOs;

/*
 * The Darwin port: the calls whose shape is XNU's own, on top of SyscallOs. Nothing here goes
 * through libSystem; every call is a BSD system call (or, for sched_yield, one Mach trap) made with
 * Arch.syscall6Darwin. Sources for every number: DarwinTables.
 *
 *   futex       __ulock_wait(UL_COMPARE_AND_WAIT, addr, value, timeout_us) and
 *               __ulock_wake(UL_COMPARE_AND_WAIT [| ULF_WAKE_ALL], addr, 0)  (bsd/kern/sys_ulock.c).
 *               - value is the 32-bit expected value zero-extended: the kernel compares the word it
 *                 reads (a u32 widened to u64) with this u64.
 *               - The kernel reports a mismatch as a plain successful return (it "bails out" with
 *                 0), indistinguishable from a wake. So the port reads the word itself first and
 *                 answers VALUE_MISMATCH when it already differs; a change that races in after that
 *                 read shows up as WOKEN, which futex callers treat as a possible spurious wake.
 *               - timeout is in microseconds, 32 bits, and 0 means "forever": nanoseconds are
 *                 rounded up (so 0 < t < 1 µs still times out, never waits forever); waits longer
 *                 than 2^32-1 µs (~71.6 min) are made in chunks against the monotonic clock.
 *               - ETIMEDOUT → TIMED_OUT, EINTR → INTERRUPTED.
 *               - wake: count 1 wakes one; any larger count uses ULF_WAKE_ALL (the kernel cannot
 *                 wake "n"), which may wake more than asked — allowed, since waiters must re-check.
 *                 The kernel says only whether anybody was waiting (0, or ENOENT), so the result is
 *                 1 or 0: a lower bound on how many woke, as the Os API documents for Darwin.
 *   REALTIME    gettimeofday(tv, NULL, NULL): microsecond resolution (Darwin has no clock_gettime
 *               system call; libc's reads the commpage).
 *   MONOTONIC   gettimeofday(NULL, NULL, &abs): XNU's gettimeofday has a third out-parameter that
 *               receives mach_absolute_time() (syscalls.master; kern_time.c copies it out). Ticks are
 *               converted to nanoseconds with the timebase frequency, sysctl {CTL_HW, HW_TB_FREQ}
 *               ("hw.tbfrequency": 1 GHz on Intel, 24 MHz on Apple silicon). Like Linux's
 *               CLOCK_MONOTONIC it does not advance while the machine sleeps. A kernel too old to
 *               know the third argument leaves it untouched (we pre-zero it) and the port throws
 *               OsException(gettimeofday, ENOSYS) rather than inventing a clock.
 *   nanosleep   no such system call (libc uses a Mach semaphore): select(0, NULL, NULL, NULL, &tv)
 *               sleeps with microsecond resolution; the port loops against the monotonic clock until
 *               the whole duration has passed, so EINTR or rounding never shortens the sleep.
 *               select rejects tv_sec > 1e8, so longer sleeps are chunked.
 *   uname       libc builds it from sysctl, and so do we: {CTL_KERN, KERN_OSTYPE} "Darwin",
 *               {CTL_KERN, KERN_HOSTNAME}, {CTL_KERN, KERN_OSRELEASE}, {CTL_KERN, KERN_VERSION},
 *               {CTL_HW, HW_MACHINE} ("x86_64" / "arm64") — bsd/sys/sysctl.h.
 *   getrandom   getentropy(buf, n) fills at most 256 bytes per call; the port returns that count.
 *   gettid      thread_selfid(): the kernel's 64-bit thread id.
 *   sched_yield Mach trap swtch_pri(0), like libc. Its result is a hint (whether others ran) and
 *               a Mach trap does not use the BSD carry-flag convention, so it is ignored.
 *   page size   sysctl {CTL_HW, HW_PAGESIZE} (16 KiB on Apple silicon, 4 KiB on Intel).
 */

/** {@link org.korlang.os.Os} for Darwin (macOS) on x86_64 and arm64. */
public class DarwinOs extends SyscallOs {

    static final int UL_COMPARE_AND_WAIT = 1;
    static final int ULF_WAKE_ALL = 0x100;
    static final long MAX_ULOCK_MICROS = 0xFFFF_FFFFL;
    static final long MAX_SELECT_SECONDS = 100_000_000L;

    static final int EINTR = 4;
    static final int ENOENT = 2;
    static final int ETIMEDOUT = 60;
    static final int ENOSYS = 78;

    static final int CTL_KERN = 1, KERN_OSTYPE = 1, KERN_OSRELEASE = 2, KERN_VERSION = 4, KERN_HOSTNAME = 10;
    static final int CTL_HW = 6, HW_MACHINE = 1, HW_PAGESIZE = 7, HW_TB_FREQ = 23;

    /** Where the structures of one call sit in a scratch's struct region. */
    private static final int TIMEVAL = 0, MACH_TIME = 16, SYSCTL_NAME = 32, SYSCTL_OLDLEN = 48;
    private static final int SYSCTL_CAPACITY = 1024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private volatile long timebaseHz;

    /**
     * @param arch     the Arch of this processor (x86_64 or aarch64)
     * @param mappings the registry of mappings made through this port
     */
    public DarwinOs(Arch arch, MappingRegistry mappings) {
        this(arch, DarwinTables.forProcessor(arch.name()), mappings);
    }

    /**
     * @param arch     the Arch of this processor
     * @param table    XNU's numbers on that processor (from a contributed SyscallTable, {@code DarwinTables.of})
     * @param mappings the registry of mappings made through this port
     */
    public DarwinOs(Arch arch, KernelTable table, MappingRegistry mappings) {
        super(arch, table, mappings);
    }

    // ---------------------------------------------------------------------------------- ulock

    @Override
    protected FutexResult waitOnWord(long address, int expected, long timeoutNanos) {
        if (wordAt(address) != expected) {
            return FutexResult.VALUE_MISMATCH;
        }
        long value = expected & 0xFFFF_FFFFL;
        if (timeoutNanos == NO_TIMEOUT) {
            return ulockWait(address, value, 0);
        }
        long micros = Math.max(1, ceilMicros(timeoutNanos));
        if (micros <= MAX_ULOCK_MICROS) {
            return ulockWait(address, value, micros);
        }
        long deadline = readClock(Clock.MONOTONIC) + timeoutNanos;
        while (true) {
            long left = deadline - readClock(Clock.MONOTONIC);
            if (left <= 0) {
                return FutexResult.TIMED_OUT;
            }
            FutexResult result = ulockWait(address, value, Math.min(MAX_ULOCK_MICROS, Math.max(1, ceilMicros(left))));
            if (result != FutexResult.TIMED_OUT) {
                return result;
            }
        }
    }

    private FutexResult ulockWait(long address, long value, long micros) {
        long result = raw(Call.ULOCK_WAIT, UL_COMPARE_AND_WAIT, address, value, micros, 0, 0);
        switch (errno(result)) {
            case 0:
                return FutexResult.WOKEN; // result: how many others still wait
            case ETIMEDOUT:
                return FutexResult.TIMED_OUT;
            case EINTR:
                return FutexResult.INTERRUPTED;
            default:
                throw failure(Call.ULOCK_WAIT, errno(result));
        }
    }

    @Override
    protected int wakeWord(long address, int count) {
        int operation = count == 1 ? UL_COMPARE_AND_WAIT : UL_COMPARE_AND_WAIT | ULF_WAKE_ALL;
        while (true) {
            long result = raw(Call.ULOCK_WAKE, operation, address, 0, 0, 0, 0);
            switch (errno(result)) {
                case 0:
                    return 1;
                case ENOENT:
                    return 0; // nobody was waiting
                case EINTR:
                    continue;
                default:
                    throw failure(Call.ULOCK_WAKE, errno(result));
            }
        }
    }

    // ----------------------------------------------------------------------------------- time

    @Override
    protected long readClock(Clock clock) {
        try (Scratch s = structScratch()) {
            ByteBuffer b = s.buffer();
            if (clock == Clock.REALTIME) {
                s.clearStruct(TIMEVAL, 16);
                call(Call.GETTIMEOFDAY, s.structAddress(TIMEVAL), 0, 0);
                return b.getLong(TIMEVAL) * NANOS_PER_SECOND + b.getInt(TIMEVAL + 8) * 1000L;
            }
            s.clearStruct(MACH_TIME, 8);
            call(Call.GETTIMEOFDAY, 0, 0, s.structAddress(MACH_TIME));
            long ticks = b.getLong(MACH_TIME);
            if (ticks == 0) {
                throw failure(Call.GETTIMEOFDAY, ENOSYS); // this kernel does not report mach_absolute_time
            }
            return ticksToNanos(ticks, timebaseHz());
        }
    }

    /** mach_absolute_time ticks to nanoseconds at {@code hz} ticks per second, without overflow. */
    static long ticksToNanos(long ticks, long hz) {
        if (hz == NANOS_PER_SECOND) {
            return ticks;
        }
        return ticks / hz * NANOS_PER_SECOND + (ticks % hz) * NANOS_PER_SECOND / hz;
    }

    private long timebaseHz() {
        long hz = timebaseHz;
        if (hz == 0) {
            hz = Integer.toUnsignedLong(sysctlInt(CTL_HW, HW_TB_FREQ));
            if (hz == 0) {
                throw new IllegalStateException("kernel reported a timebase frequency of 0");
            }
            timebaseHz = hz;
        }
        return hz;
    }

    @Override
    protected void sleep(long nanos) {
        long deadline = readClock(Clock.MONOTONIC) + nanos;
        long left = nanos;
        try (Scratch s = structScratch()) {
            ByteBuffer b = s.buffer();
            do {
                long micros = ceilMicros(left);
                long seconds = Math.min(micros / 1_000_000, MAX_SELECT_SECONDS);
                int usec = seconds == MAX_SELECT_SECONDS ? 0 : (int) (micros % 1_000_000);
                b.putLong(TIMEVAL, seconds).putInt(TIMEVAL + 8, usec).putInt(TIMEVAL + 12, 0);
                long result = raw(Call.SELECT, 0, 0, 0, 0, s.structAddress(TIMEVAL), 0);
                if (isError(result) && errno(result) != EINTR) {
                    throw failure(Call.SELECT, errno(result));
                }
                left = deadline - readClock(Clock.MONOTONIC);
            } while (left > 0);
        }
    }

    private static long ceilMicros(long nanos) {
        return nanos / 1000 + (nanos % 1000 == 0 ? 0 : 1);
    }

    // ------------------------------------------------------------------------------- identity

    @Override
    protected Uname kernelIdentity() {
        return new Uname(
                sysctlString(CTL_KERN, KERN_OSTYPE),
                sysctlString(CTL_KERN, KERN_HOSTNAME),
                sysctlString(CTL_KERN, KERN_OSRELEASE),
                sysctlString(CTL_KERN, KERN_VERSION),
                sysctlString(CTL_HW, HW_MACHINE));
    }

    @Override
    protected int kernelPageSize() {
        return sysctlInt(CTL_HW, HW_PAGESIZE);
    }

    @Override
    protected int fillRandom(long address, int length) {
        int count = Math.min(length, 256); // getentropy's limit
        call(Call.GETENTROPY, address, count);
        return count;
    }

    @Override
    public void schedYield() {
        raw(Call.SCHED_YIELD, 0, 0, 0, 0, 0, 0); // swtch_pri: a Mach trap; its result is only a hint
    }

    // --------------------------------------------------------------------------------- sysctl

    /** sysctl(name, namelen, old = data region, &oldlen, NULL, 0); returns the bytes written. */
    private int sysctl(Scratch s, int capacity, int... name) {
        ByteBuffer b = s.buffer();
        for (int i = 0; i < name.length; i++) {
            b.putInt(SYSCTL_NAME + 4 * i, name[i]);
        }
        b.putLong(SYSCTL_OLDLEN, capacity);
        for (int i = 0; i < capacity; i++) {
            b.put(Scratch.DATA_OFFSET + i, (byte) 0);
        }
        call(Call.SYSCTL, s.structAddress(SYSCTL_NAME), name.length, s.dataAddress(), s.structAddress(SYSCTL_OLDLEN), 0, 0);
        long written = b.getLong(SYSCTL_OLDLEN);
        if (written < 0 || written > capacity) {
            throw new IllegalStateException("sysctl reported " + written + " bytes for a " + capacity + "-byte buffer");
        }
        return (int) written;
    }

    private String sysctlString(int... name) {
        try (Scratch s = scratch()) {
            int written = sysctl(s, SYSCTL_CAPACITY, name);
            return s.string(Scratch.DATA_OFFSET, written);
        }
    }

    private int sysctlInt(int... name) {
        try (Scratch s = scratch()) {
            int written = sysctl(s, 4, name);
            if (written != 4) {
                throw new IllegalStateException("sysctl returned " + written + " bytes for an int");
            }
            return s.buffer().getInt(Scratch.DATA_OFFSET);
        }
    }
}
