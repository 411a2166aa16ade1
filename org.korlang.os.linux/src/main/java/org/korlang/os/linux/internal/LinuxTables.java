package org.korlang.os.linux.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.korlang.os.Advice;
import org.korlang.os.MapFlag;
import org.korlang.os.OpenFlag;
import org.korlang.os.Prot;
import org.korlang.os.SyscallTable;
import org.korlang.os.Whence;
import org.korlang.os.common.Call;
import org.korlang.os.common.Convention;
import org.korlang.os.common.ErrnoNames;
import org.korlang.os.common.KernelTable;
import org.korlang.os.common.StatLayout;

/*
 * The Linux kernel's numbers: what Linux shares on every processor (here), and the system-call
 * tables of x86_64 and aarch64, which this bundle contributes as SyscallTable services
 * (LinuxSyscallTables) exactly as a new CPU port contributes its own for Linux.
 *
 * How a KernelTable is made from a contributed SyscallTable (of): the Linux port's vocabulary
 * CALL_NAMES (every name must be numbered), then what a processor may define differently from
 * the generic headers, each by its C name: O_DIRECTORY and O_NOFOLLOW (arm64, alpha, mips, parisc,
 * powerpc, sparc redefine them) and struct stat ("sizeof(struct stat)" plus, per field,
 * "offsetof(struct stat, st_nlink)" and "sizeof(st_nlink)"; x86_64 has its own, most newer ports
 * use asm-generic's). Everything else below is asm-generic and taken as is: a processor whose mman,
 * errno or *at values differ from it (alpha, mips, parisc, sparc) needs this vocabulary widened.
 *
 * Sources (Linux UAPI headers; every value below was also checked by compiling a C program against
 * this machine's kernel headers for both processors — /usr/include/x86_64-linux-gnu/asm and the
 * aarch64-linux-gnu cross headers, the latter run under qemu-aarch64):
 *   system-call numbers  arch/x86/entry/syscalls/syscall_64.tbl (x86_64);
 *                        include/uapi/asm-generic/unistd.h (aarch64 uses the generic table, which
 *                        has no open/stat/... — only the *at and f* forms: openat 56, fstat 80);
 *                        exit_group 231 (x86_64) / 94 (aarch64)
 *   open flags           include/uapi/asm-generic/fcntl.h, except O_DIRECTORY/O_NOFOLLOW, which
 *                        arch/arm64/include/uapi/asm/fcntl.h redefines (040000/0100000 instead of
 *                        0200000/0400000)
 *   mmap, madvise        include/uapi/asm-generic/mman-common.h, mman.h (same on both)
 *   errno                include/uapi/asm-generic/errno-base.h, errno.h (same on both)
 *   struct stat          arch/x86/include/uapi/asm/stat.h (x86_64: st_nlink is 64-bit and comes
 *                        before a 32-bit st_mode; 144 bytes) and include/uapi/asm-generic/stat.h
 *                        (aarch64: mode then 32-bit nlink, 32-bit st_blksize; 128 bytes)
 *   AT_FDCWD -100        include/uapi/linux/fcntl.h
 */

/** Kernel tables of Linux: the generic part, the built-in processors, and the conversion of a contributed table. */
final class LinuxTables {

    private LinuxTables() { }

    /** Linux errno names (asm-generic, shared by x86_64 and aarch64). */
    static final ErrnoNames ERRNOS;

    static {
        String[] names = {
            null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
            "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
            "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
            "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP",
            null, "ENOMSG", "EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI",
            "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", null, "EBFONT", "ENOSTR",
            "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM",
            "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD",
            "ELIBSCN", "ELIBMAX", "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE",
            "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN",
            "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT",
            "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM",
            "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD",
            "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
        };
        Map<Integer, String> byNumber = new HashMap<>();
        for (int i = 1; i < names.length; i++) {
            if (names[i] != null) {
                byNumber.put(i, names[i]);
            }
        }
        ERRNOS = ErrnoNames.of(byNumber);
    }

    /**
     * The Linux port's vocabulary: the kernel's name of each call it makes. A contributed
     * {@link SyscallTable} must number every one of these names.
     */
    static final Map<Call, String> CALL_NAMES = new EnumMap<>(Map.ofEntries(
            Map.entry(Call.READ, "read"), Map.entry(Call.WRITE, "write"), Map.entry(Call.OPENAT, "openat"),
            Map.entry(Call.CLOSE, "close"), Map.entry(Call.LSEEK, "lseek"), Map.entry(Call.FSTAT, "fstat"),
            Map.entry(Call.FSTATAT, "newfstatat"), Map.entry(Call.UNLINKAT, "unlinkat"), Map.entry(Call.MKDIRAT, "mkdirat"),
            Map.entry(Call.GETDENTS, "getdents64"), Map.entry(Call.MMAP, "mmap"), Map.entry(Call.MUNMAP, "munmap"),
            Map.entry(Call.MPROTECT, "mprotect"), Map.entry(Call.MADVISE, "madvise"), Map.entry(Call.GETPID, "getpid"),
            Map.entry(Call.GETTID, "gettid"), Map.entry(Call.SCHED_YIELD, "sched_yield"), Map.entry(Call.EXIT_GROUP, "exit_group"),
            Map.entry(Call.FUTEX, "futex"), Map.entry(Call.CLOCK_GETTIME, "clock_gettime"), Map.entry(Call.NANOSLEEP, "nanosleep"),
            Map.entry(Call.UNAME, "uname"), Map.entry(Call.GETRANDOM, "getrandom")));

    /** The constant that says a table gives its own struct stat layout (then every field's offset and size). */
    static final String STAT_SIZE = "sizeof(struct stat)";

    /** include/uapi/asm-generic/stat.h (aarch64, riscv64, loongarch64, ...): mode then 32-bit nlink, 32-bit st_blksize; 128 bytes. */
    static final StatLayout GENERIC_STAT = StatLayout.builder(128)
            .device(0, 8).inode(8, 8).mode(16, 4).links(20, 4).uid(24, 4).gid(28, 4)
            .size(48, 8).blockSize(56, 4).blocks(64, 8).mtime(88, 96)
            .build();

    /** include/uapi/asm-generic/fcntl.h. */
    static final long GENERIC_O_DIRECTORY = 0200000, GENERIC_O_NOFOLLOW = 0400000;

    /** The x86_64 numbers (arch/x86/entry/syscalls/syscall_64.tbl), with x86_64's own struct stat. */
    static final SyscallTable X86_64_NUMBERS = table(Map.ofEntries(
            Map.entry("read", 0L), Map.entry("write", 1L), Map.entry("close", 3L), Map.entry("fstat", 5L),
            Map.entry("lseek", 8L), Map.entry("mmap", 9L), Map.entry("mprotect", 10L), Map.entry("munmap", 11L),
            Map.entry("sched_yield", 24L), Map.entry("madvise", 28L), Map.entry("nanosleep", 35L), Map.entry("getpid", 39L),
            Map.entry("uname", 63L), Map.entry("gettid", 186L), Map.entry("futex", 202L), Map.entry("getdents64", 217L),
            Map.entry("clock_gettime", 228L), Map.entry("exit_group", 231L), Map.entry("openat", 257L), Map.entry("mkdirat", 258L),
            Map.entry("newfstatat", 262L), Map.entry("unlinkat", 263L), Map.entry("getrandom", 318L)),
            // arch/x86/include/uapi/asm/stat.h: st_nlink is 64-bit and comes before a 32-bit st_mode; 144 bytes
            Map.ofEntries(
                    Map.entry(STAT_SIZE, 144L),
                    Map.entry("offsetof(struct stat, st_dev)", 0L), Map.entry("sizeof(st_dev)", 8L),
                    Map.entry("offsetof(struct stat, st_ino)", 8L), Map.entry("sizeof(st_ino)", 8L),
                    Map.entry("offsetof(struct stat, st_nlink)", 16L), Map.entry("sizeof(st_nlink)", 8L),
                    Map.entry("offsetof(struct stat, st_mode)", 24L), Map.entry("sizeof(st_mode)", 4L),
                    Map.entry("offsetof(struct stat, st_uid)", 28L), Map.entry("sizeof(st_uid)", 4L),
                    Map.entry("offsetof(struct stat, st_gid)", 32L), Map.entry("sizeof(st_gid)", 4L),
                    Map.entry("offsetof(struct stat, st_size)", 48L), Map.entry("sizeof(st_size)", 8L),
                    Map.entry("offsetof(struct stat, st_blksize)", 56L), Map.entry("sizeof(st_blksize)", 8L),
                    Map.entry("offsetof(struct stat, st_blocks)", 64L), Map.entry("sizeof(st_blocks)", 8L),
                    Map.entry("offsetof(struct stat, st_mtime)", 88L),
                    Map.entry("offsetof(struct stat, st_mtime_nsec)", 96L)));

    /** The aarch64 numbers (the generic table, include/uapi/asm-generic/unistd.h), with arm64's own open flags. */
    static final SyscallTable AARCH64_NUMBERS = table(Map.ofEntries(
            Map.entry("mkdirat", 34L), Map.entry("unlinkat", 35L), Map.entry("openat", 56L), Map.entry("close", 57L),
            Map.entry("getdents64", 61L), Map.entry("lseek", 62L), Map.entry("read", 63L), Map.entry("write", 64L),
            Map.entry("newfstatat", 79L), Map.entry("fstat", 80L), Map.entry("exit_group", 94L), Map.entry("futex", 98L),
            Map.entry("nanosleep", 101L), Map.entry("clock_gettime", 113L), Map.entry("sched_yield", 124L), Map.entry("uname", 160L),
            Map.entry("getpid", 172L), Map.entry("gettid", 178L), Map.entry("munmap", 215L), Map.entry("mmap", 222L),
            Map.entry("mprotect", 226L), Map.entry("madvise", 233L), Map.entry("getrandom", 278L)),
            // arch/arm64/include/uapi/asm/fcntl.h
            Map.of("O_DIRECTORY", 040000L, "O_NOFOLLOW", 0100000L));

    /** The table for x86_64. */
    static final KernelTable X86_64 = of(X86_64_NUMBERS, "x86_64");

    /** The table for aarch64 (the generic system-call table). */
    static final KernelTable AARCH64 = of(AARCH64_NUMBERS, "aarch64");

    /** The built-in table for {@code processor} (as {@code Arch.name()} spells it), for use outside OSGi. */
    static KernelTable forProcessor(String processor) {
        switch (processor) {
            case "x86_64":
                return X86_64;
            case "aarch64":
                return AARCH64;
            default:
                throw new IllegalArgumentException("the Linux port has no built-in system-call table for processor " + processor
                        + " (a port for it registers a SyscallTable service with syscall.kernel=linux)");
        }
    }

    /**
     * The kernel table for {@code processor} from a contributed {@link SyscallTable}: its numbers
     * for every name of {@link #CALL_NAMES}; O_DIRECTORY and O_NOFOLLOW when the processor defines
     * its own; its struct stat layout when it gives {@value #STAT_SIZE} (then every field's
     * {@code offsetof(struct stat, <field>)} and {@code sizeof(<field>)}), else the generic one.
     *
     * @throws IllegalArgumentException naming what the table lacks
     */
    static KernelTable of(SyscallTable contributed, String processor) {
        Map<String, Long> constants = contributed.constants();
        return base(processor,
                        Math.toIntExact(constants.getOrDefault("O_DIRECTORY", GENERIC_O_DIRECTORY)),
                        Math.toIntExact(constants.getOrDefault("O_NOFOLLOW", GENERIC_O_NOFOLLOW)))
                .calls(CALL_NAMES, contributed.numbers())
                .stat(statLayout(constants, processor))
                .build();
    }

    private static StatLayout statLayout(Map<String, Long> constants, String processor) {
        if (!constants.containsKey(STAT_SIZE)) {
            return GENERIC_STAT;
        }
        StatLayout.Builder b = StatLayout.builder(required(constants, STAT_SIZE, processor));
        b.device(offset(constants, "st_dev", processor), size(constants, "st_dev", processor));
        b.inode(offset(constants, "st_ino", processor), size(constants, "st_ino", processor));
        b.mode(offset(constants, "st_mode", processor), size(constants, "st_mode", processor));
        b.links(offset(constants, "st_nlink", processor), size(constants, "st_nlink", processor));
        b.uid(offset(constants, "st_uid", processor), size(constants, "st_uid", processor));
        b.gid(offset(constants, "st_gid", processor), size(constants, "st_gid", processor));
        b.size(offset(constants, "st_size", processor), size(constants, "st_size", processor));
        b.blockSize(offset(constants, "st_blksize", processor), size(constants, "st_blksize", processor));
        b.blocks(offset(constants, "st_blocks", processor), size(constants, "st_blocks", processor));
        b.mtime(offset(constants, "st_mtime", processor), offset(constants, "st_mtime_nsec", processor));
        return b.build();
    }

    private static int offset(Map<String, Long> constants, String field, String processor) {
        return required(constants, "offsetof(struct stat, " + field + ")", processor);
    }

    private static int size(Map<String, Long> constants, String field, String processor) {
        return required(constants, "sizeof(" + field + ")", processor);
    }

    private static int required(Map<String, Long> constants, String name, String processor) {
        Long value = constants.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the linux system-call table for " + processor + " gives "
                    + STAT_SIZE + " but not " + name);
        }
        return Math.toIntExact(value);
    }

    private static SyscallTable table(Map<String, Long> numbers, Map<String, Long> constants) {
        return new SyscallTable() {
            @Override
            public Map<String, Long> numbers() { return numbers; }

            @Override
            public Map<String, Long> constants() { return constants; }
        };
    }

    /** What both processors share; only O_DIRECTORY and O_NOFOLLOW differ among the flags. */
    private static KernelTable.Builder base(String processor, int oDirectory, int oNofollow) {
        return KernelTable.builder("linux", processor, Convention.LINUX)
                .prot(Map.of(Prot.READ, 0x1, Prot.WRITE, 0x2, Prot.EXEC, 0x4))
                .mapFlags(Map.of(
                        MapFlag.SHARED, 0x01,
                        MapFlag.PRIVATE, 0x02,
                        MapFlag.FIXED, 0x10,
                        MapFlag.ANONYMOUS, 0x20,
                        MapFlag.NORESERVE, 0x4000))
                .openFlags(Map.of(
                        OpenFlag.READ_ONLY, 0,
                        OpenFlag.WRITE_ONLY, 01,
                        OpenFlag.READ_WRITE, 02,
                        OpenFlag.CREATE, 0100,
                        OpenFlag.EXCLUSIVE, 0200,
                        OpenFlag.TRUNCATE, 01000,
                        OpenFlag.APPEND, 02000,
                        OpenFlag.CLOEXEC, 02000000,
                        OpenFlag.DIRECTORY, oDirectory,
                        OpenFlag.NOFOLLOW, oNofollow))
                .whence(Map.of(Whence.SET, 0, Whence.CURRENT, 1, Whence.END, 2))
                .advice(Map.of(
                        Advice.NORMAL, 0,
                        Advice.RANDOM, 1,
                        Advice.SEQUENTIAL, 2,
                        Advice.WILLNEED, 3,
                        Advice.DONTNEED, 4,
                        Advice.FREE, 8,
                        Advice.HUGEPAGE, 14))
                .atFdcwd(-100)
                .atFlags(0x100, 0x200) // AT_SYMLINK_NOFOLLOW, AT_REMOVEDIR (include/uapi/linux/fcntl.h)
                .dirent(18, 19) // struct linux_dirent64: d_ino @0, d_off @8, d_reclen @16, d_type @18, d_name @19
                .errnos(ERRNOS);
    }

}
