package org.korlang.os.common;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import org.korlang.os.Advice;
import org.korlang.os.MapFlag;
import org.korlang.os.OpenFlag;
import org.korlang.os.Prot;
import org.korlang.os.Whence;

/*
 * Everything numeric that one kernel on one processor needs from an OS port, as plain data.
 *
 * A KernelTable is immutable and built once per (OS, processor) by the OS bundle, from what only
 * the OS port knows (its kernel's generic flags, errno names, conventions) and the
 * org.korlang.os.SyscallTable contributed for that processor (system-call numbers by the kernel's
 * names, Builder.calls, and the processor's own constants) — contributed by the OS bundle itself
 * for the processors it was written for, by a CPU port's bundle for a processor added later. It holds:
 *   - the entry convention (Linux syscall6 or Darwin syscall6Darwin),
 *   - for each Call the kernel's number and its own name for that call (used in OsException,
 *     e.g. Darwin's FSTAT is "fstat64" number 0x2000153 on x86_64),
 *   - flag codecs for Prot, MapFlag, OpenFlag, Whence and Advice,
 *   - the value of AT_FDCWD (Linux -100, Darwin -2; Os.AT_FDCWD is translated to it),
 *   - the errno names and the struct stat layout,
 *   - the *at flags (AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR) and where a directory entry of
 *     getdents64 / getdirentries64 keeps its type byte and name (ino @0 and reclen @16 are shared).
 * The OS-specific code (futex vs ulock, clocks, uname) keeps its own constants next to the code
 * that uses them; the table holds what SyscallOs needs to implement the shared calls.
 */

/** One kernel's numbers on one processor. Build with {@link #builder}. */
public final class KernelTable {

    /** A call's number and the kernel's own name for it. */
    public record Syscall(String name, long number) { }

    private final String osName;
    private final String processor;
    private final Convention convention;
    private final EnumMap<Call, Syscall> calls;
    private final FlagCodec<Prot> prot;
    private final FlagCodec<MapFlag> mapFlags;
    private final FlagCodec<OpenFlag> openFlags;
    private final FlagCodec<Whence> whence;
    private final FlagCodec<Advice> advice;
    private final int atFdcwd;
    private final ErrnoNames errnos;
    private final StatLayout stat;
    private final int atSymlinkNofollow;
    private final int atRemovedir;
    private final int direntTypeOffset;
    private final int direntNameOffset;

    private KernelTable(Builder b) {
        this.osName = Objects.requireNonNull(b.osName, "osName");
        this.processor = Objects.requireNonNull(b.processor, "processor");
        this.convention = Objects.requireNonNull(b.convention, "convention");
        this.calls = new EnumMap<>(b.calls);
        this.prot = Objects.requireNonNull(b.prot, "prot");
        this.mapFlags = Objects.requireNonNull(b.mapFlags, "mapFlags");
        this.openFlags = Objects.requireNonNull(b.openFlags, "openFlags");
        this.whence = Objects.requireNonNull(b.whence, "whence");
        this.advice = Objects.requireNonNull(b.advice, "advice");
        this.atFdcwd = b.atFdcwd;
        this.errnos = Objects.requireNonNull(b.errnos, "errnos");
        this.stat = Objects.requireNonNull(b.stat, "stat");
        this.atSymlinkNofollow = b.atSymlinkNofollow;
        this.atRemovedir = b.atRemovedir;
        this.direntTypeOffset = b.direntTypeOffset;
        this.direntNameOffset = b.direntNameOffset;
    }

    /** {@code "linux"} or {@code "macos"}. */
    public String osName() { return osName; }

    /** The processor this table is for, as {@link org.korlang.arch.Arch#name()} spells it. */
    public String processor() { return processor; }

    public Convention convention() { return convention; }

    /** The number and name of {@code call}; a call this kernel does not have is a programming error. */
    public Syscall syscall(Call call) {
        Syscall syscall = calls.get(call);
        if (syscall == null) {
            throw new IllegalStateException(osName + "/" + processor + " table has no system call for " + call);
        }
        return syscall;
    }

    /** Whether this table has a number for {@code call}. */
    public boolean has(Call call) { return calls.containsKey(call); }

    public FlagCodec<Prot> prot() { return prot; }
    public FlagCodec<MapFlag> mapFlags() { return mapFlags; }
    public FlagCodec<OpenFlag> openFlags() { return openFlags; }
    public FlagCodec<Whence> whence() { return whence; }
    public FlagCodec<Advice> advice() { return advice; }

    /** This kernel's value of {@code AT_FDCWD}. */
    public int atFdcwd() { return atFdcwd; }

    public ErrnoNames errnos() { return errnos; }
    public StatLayout stat() { return stat; }

    /** {@code AT_SYMLINK_NOFOLLOW} of this kernel (0 if the table does not say). */
    public int atSymlinkNofollow() { return atSymlinkNofollow; }

    /** {@code AT_REMOVEDIR} of this kernel (0 if the table does not say). */
    public int atRemovedir() { return atRemovedir; }

    /** Offset of the type byte in a directory entry (0 if the table does not say). */
    public int direntTypeOffset() { return direntTypeOffset; }

    /** Offset of the NUL-terminated name in a directory entry (0 if the table does not say). */
    public int direntNameOffset() { return direntNameOffset; }

    public static Builder builder(String osName, String processor, Convention convention) {
        return new Builder(osName, processor, convention);
    }

    /** Collects a table; every part is required. */
    public static final class Builder {
        private final String osName;
        private final String processor;
        private final Convention convention;
        private final EnumMap<Call, Syscall> calls = new EnumMap<>(Call.class);
        private FlagCodec<Prot> prot;
        private FlagCodec<MapFlag> mapFlags;
        private FlagCodec<OpenFlag> openFlags;
        private FlagCodec<Whence> whence;
        private FlagCodec<Advice> advice;
        private int atFdcwd;
        private ErrnoNames errnos;
        private StatLayout stat;
        private int atSymlinkNofollow;
        private int atRemovedir;
        private int direntTypeOffset;
        private int direntNameOffset;

        private Builder(String osName, String processor, Convention convention) {
            this.osName = osName;
            this.processor = processor;
            this.convention = convention;
        }

        /** Declares the number of {@code call}, which the kernel calls {@code name}. */
        public Builder call(Call call, String name, long number) {
            if (calls.put(call, new Syscall(name, number)) != null) {
                throw new IllegalArgumentException("duplicate entry for " + call);
            }
            return this;
        }

        /**
         * Declares every call of {@code vocabulary} (each Call and the kernel's name for it) with
         * the number that {@code numbers} (a contributed {@link org.korlang.os.SyscallTable}'s)
         * gives that name; a name it lacks is refused, naming the table and the call.
         */
        public Builder calls(Map<Call, String> vocabulary, Map<String, Long> numbers) {
            for (Map.Entry<Call, String> entry : new EnumMap<>(vocabulary).entrySet()) {
                Long number = numbers.get(entry.getValue());
                if (number == null) {
                    throw new IllegalArgumentException("the " + osName + " system-call table for " + processor
                            + " has no number for " + entry.getValue());
                }
                call(entry.getKey(), entry.getValue(), number);
            }
            return this;
        }

        public Builder prot(Map<Prot, Integer> values) { prot = FlagCodec.of(Prot.class, values); return this; }
        public Builder mapFlags(Map<MapFlag, Integer> values) { mapFlags = FlagCodec.of(MapFlag.class, values); return this; }
        public Builder openFlags(Map<OpenFlag, Integer> values) { openFlags = FlagCodec.of(OpenFlag.class, values); return this; }
        public Builder whence(Map<Whence, Integer> values) { whence = FlagCodec.of(Whence.class, values); return this; }
        public Builder advice(Map<Advice, Integer> values) { advice = FlagCodec.of(Advice.class, values); return this; }
        public Builder atFdcwd(int value) { atFdcwd = value; return this; }
        public Builder errnos(ErrnoNames value) { errnos = value; return this; }
        public Builder stat(StatLayout value) { stat = value; return this; }
        public Builder atFlags(int symlinkNofollow, int removedir) { atSymlinkNofollow = symlinkNofollow; atRemovedir = removedir; return this; }
        public Builder dirent(int typeOffset, int nameOffset) { direntTypeOffset = typeOffset; direntNameOffset = nameOffset; return this; }

        public KernelTable build() { return new KernelTable(this); }
    }
}
