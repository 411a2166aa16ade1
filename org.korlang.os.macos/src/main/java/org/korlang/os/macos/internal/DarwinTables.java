package org.korlang.os.macos.internal;

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
 * The Darwin (XNU) kernel's numbers for x86_64 and arm64.
 *
 * Sources — Apple's XNU sources (github.com/apple-oss-distributions/xnu), read for this port:
 *   bsd/kern/syscalls.master      BSD numbers: exit 1, read 3, write 4, close 6, getpid 20, munmap 73,
 *                                 mprotect 74, madvise 75, select 93, gettimeofday 116 (whose
 *                                 third argument is a uint64_t *mach_absolute_time), mmap 197,
 *                                 lseek 199, sysctl 202, fstat64 339, thread_selfid 372,
 *                                 openat 463, getentropy 500, ulock_wait 515, ulock_wake 516,
 *                                 getdirentries64 344, fstatat64 470, unlinkat 472, mkdirat 475.
 *   bsd/sys/fcntl.h (*at)         AT_SYMLINK_NOFOLLOW 0x20, AT_REMOVEDIR 0x80.
 *   bsd/sys/dirent.h              struct direntry (64-bit inodes): d_ino @0, d_seekoff @8,
 *                                 d_reclen @16, d_namlen @18, d_type @20, d_name @21.
 *                                 There is no sched_yield, nanosleep or clock_gettime system call.
 *   osfmk/kern/syscall_sw.c       Mach trap 59 is swtch_pri (what libc's sched_yield uses).
 *   osfmk/mach/i386/syscall_sw.h  x86_64 puts the class in bits 24..31 of the number:
 *                                 SYSCALL_CLASS_MACH 1, SYSCALL_CLASS_UNIX 2, so getpid is
 *                                 0x2000014 and swtch_pri 0x100003B. arm64 passes the plain BSD
 *                                 number in x16 (svc #0x80) and Mach traps as negative numbers.
 *   bsd/sys/mman.h                PROT_* 1/2/4; MAP_SHARED 1, MAP_PRIVATE 2, MAP_FIXED 0x10,
 *                                 MAP_NORESERVE 0x40, MAP_ANON 0x1000; MADV_NORMAL 0 .. DONTNEED 4,
 *                                 MADV_FREE 5.
 *   bsd/sys/fcntl.h               O_RDONLY 0, O_WRONLY 1, O_RDWR 2, O_APPEND 8, O_NOFOLLOW 0x100,
 *                                 O_CREAT 0x200, O_TRUNC 0x400, O_EXCL 0x800, O_DIRECTORY 0x100000,
 *                                 O_CLOEXEC 0x1000000, AT_FDCWD -2.
 *   bsd/sys/errno.h               Darwin numbering (EAGAIN 35, ETIMEDOUT 60, ENOSYS 78,
 *                                 EOPNOTSUPP 102, ..., ELAST 106).
 *   bsd/sys/stat.h                struct user64_stat64 (what fstat64 writes for a 64-bit process,
 *                                 identical on x86_64 and arm64): dev_t st_dev (int32) @0,
 *                                 mode_t (uint16) @4, nlink_t (uint16) @6, ino64_t @8, uid @16,
 *                                 gid @20, rdev @24, atime @32, mtime {sec @48, nsec @56}, ctime
 *                                 @64, birthtime @80, st_size @96, st_blocks @104, st_blksize
 *                                 (int32) @112, flags @116, gen @120, lspare @124, qspare @128;
 *                                 144 bytes.
 * SEEK_SET/CUR/END are 0/1/2 as everywhere. The two processors differ only in how numbers are
 * spelled (class bits vs plain), so one function makes both processors' numbers, which this
 * bundle contributes as SyscallTable services (MacosX86_64SyscallTable, MacosArm64SyscallTable)
 * exactly as a new CPU port contributes its own; of() turns any contribution into a KernelTable.
 */

/** Kernel tables of Darwin for each supported processor. */
final class DarwinTables {

    private DarwinTables() { }

    static final int SYSCALL_CLASS_SHIFT = 24;
    static final int SYSCALL_CLASS_MACH = 1;
    static final int SYSCALL_CLASS_UNIX = 2;

    /** BSD system calls and the one Mach trap the port uses. */
    static final int SYS_EXIT = 1, SYS_READ = 3, SYS_WRITE = 4, SYS_CLOSE = 6, SYS_GETPID = 20, SYS_MUNMAP = 73, SYS_MPROTECT = 74,
            SYS_MADVISE = 75, SYS_SELECT = 93, SYS_GETTIMEOFDAY = 116, SYS_MMAP = 197, SYS_LSEEK = 199, SYS_SYSCTL = 202,
            SYS_FSTAT64 = 339, SYS_THREAD_SELFID = 372, SYS_OPENAT = 463, SYS_GETENTROPY = 500, SYS_ULOCK_WAIT = 515,
            SYS_ULOCK_WAKE = 516, SYS_GETDIRENTRIES64 = 344, SYS_FSTATAT64 = 470, SYS_UNLINKAT = 472, SYS_MKDIRAT = 475;
    static final int MACH_SWTCH_PRI = 59;

    /** Darwin errno names (bsd/sys/errno.h). */
    static final ErrnoNames ERRNOS;

    static {
        String[] names = {
            null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
            "EDEADLK", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
            "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
            "EMLINK", "EPIPE", "EDOM", "ERANGE", "EAGAIN", "EINPROGRESS", "EALREADY", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE",
            "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "ENOTSUP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL", "ENETDOWN",
            "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT",
            "ECONNREFUSED", "ELOOP", "ENAMETOOLONG", "EHOSTDOWN", "EHOSTUNREACH", "ENOTEMPTY", "EPROCLIM", "EUSERS", "EDQUOT", "ESTALE",
            "EREMOTE", "EBADRPC", "ERPCMISMATCH", "EPROGUNAVAIL", "EPROGMISMATCH", "EPROCUNAVAIL", "ENOLCK", "ENOSYS", "EFTYPE", "EAUTH",
            "ENEEDAUTH", "EPWROFF", "EDEVERR", "EOVERFLOW", "EBADEXEC", "EBADARCH", "ESHLIBVERS", "EBADMACHO", "ECANCELED", "EIDRM",
            "ENOMSG", "EILSEQ", "ENOATTR", "EBADMSG", "EMULTIHOP", "ENODATA", "ENOLINK", "ENOSR", "ENOSTR", "EPROTO",
            "ETIME", "EOPNOTSUPP", "ENOPOLICY", "ENOTRECOVERABLE", "EOWNERDEAD", "EQFULL",
        };
        Map<Integer, String> byNumber = new HashMap<>();
        for (int i = 1; i < names.length; i++) {
            byNumber.put(i, names[i]);
        }
        ERRNOS = ErrnoNames.of(byNumber);
    }

    /**
     * The macOS port's vocabulary: XNU's name of each call it makes (syscalls.master; swtch_pri is
     * the Mach trap). A contributed {@link SyscallTable} must number every one of these names.
     */
    static final Map<Call, String> CALL_NAMES = new EnumMap<>(Map.ofEntries(
            Map.entry(Call.EXIT_GROUP, "exit"), Map.entry(Call.READ, "read"), Map.entry(Call.WRITE, "write"),
            Map.entry(Call.CLOSE, "close"), Map.entry(Call.GETPID, "getpid"), Map.entry(Call.MUNMAP, "munmap"),
            Map.entry(Call.MPROTECT, "mprotect"), Map.entry(Call.MADVISE, "madvise"), Map.entry(Call.SELECT, "select"),
            Map.entry(Call.GETTIMEOFDAY, "gettimeofday"), Map.entry(Call.MMAP, "mmap"), Map.entry(Call.LSEEK, "lseek"),
            Map.entry(Call.SYSCTL, "sysctl"), Map.entry(Call.FSTAT, "fstat64"), Map.entry(Call.GETTID, "thread_selfid"),
            Map.entry(Call.OPENAT, "openat"), Map.entry(Call.GETDENTS, "getdirentries64"), Map.entry(Call.FSTATAT, "fstatat64"),
            Map.entry(Call.UNLINKAT, "unlinkat"), Map.entry(Call.MKDIRAT, "mkdirat"), Map.entry(Call.GETENTROPY, "getentropy"),
            Map.entry(Call.ULOCK_WAIT, "__ulock_wait"), Map.entry(Call.ULOCK_WAKE, "__ulock_wake"),
            Map.entry(Call.SCHED_YIELD, "swtch_pri")));

    /** The x86_64 numbers: BSD numbers carry class 2 (0x2000000), Mach traps class 1. */
    static final SyscallTable X86_64_NUMBERS = numbers(
            n -> ((long) SYSCALL_CLASS_UNIX << SYSCALL_CLASS_SHIFT) | n,
            n -> ((long) SYSCALL_CLASS_MACH << SYSCALL_CLASS_SHIFT) | n);

    /** The arm64 numbers (Arch name "aarch64"): plain BSD numbers, negative Mach traps. */
    static final SyscallTable ARM64_NUMBERS = numbers(n -> n, n -> -n);

    /** The table for x86_64. */
    static final KernelTable X86_64 = of(X86_64_NUMBERS, "x86_64");

    /** The table for arm64. */
    static final KernelTable ARM64 = of(ARM64_NUMBERS, "aarch64");

    /** The built-in table for {@code processor} (as {@code Arch.name()} spells it), for use outside OSGi. */
    static KernelTable forProcessor(String processor) {
        switch (processor) {
            case "x86_64":
                return X86_64;
            case "aarch64":
                return ARM64;
            default:
                throw new IllegalArgumentException("the macOS port has no built-in system-call table for processor " + processor
                        + " (a port for it registers a SyscallTable service with syscall.kernel=macos)");
        }
    }

    private interface Spelling {
        long number(int n);
    }

    private static SyscallTable numbers(Spelling bsd, Spelling mach) {
        Map<String, Long> numbers = Map.ofEntries(
                Map.entry("exit", bsd.number(SYS_EXIT)), Map.entry("read", bsd.number(SYS_READ)),
                Map.entry("write", bsd.number(SYS_WRITE)), Map.entry("close", bsd.number(SYS_CLOSE)),
                Map.entry("getpid", bsd.number(SYS_GETPID)), Map.entry("munmap", bsd.number(SYS_MUNMAP)),
                Map.entry("mprotect", bsd.number(SYS_MPROTECT)), Map.entry("madvise", bsd.number(SYS_MADVISE)),
                Map.entry("select", bsd.number(SYS_SELECT)), Map.entry("gettimeofday", bsd.number(SYS_GETTIMEOFDAY)),
                Map.entry("mmap", bsd.number(SYS_MMAP)), Map.entry("lseek", bsd.number(SYS_LSEEK)),
                Map.entry("sysctl", bsd.number(SYS_SYSCTL)), Map.entry("fstat64", bsd.number(SYS_FSTAT64)),
                Map.entry("thread_selfid", bsd.number(SYS_THREAD_SELFID)), Map.entry("openat", bsd.number(SYS_OPENAT)),
                Map.entry("getdirentries64", bsd.number(SYS_GETDIRENTRIES64)), Map.entry("fstatat64", bsd.number(SYS_FSTATAT64)),
                Map.entry("unlinkat", bsd.number(SYS_UNLINKAT)), Map.entry("mkdirat", bsd.number(SYS_MKDIRAT)),
                Map.entry("getentropy", bsd.number(SYS_GETENTROPY)), Map.entry("__ulock_wait", bsd.number(SYS_ULOCK_WAIT)),
                Map.entry("__ulock_wake", bsd.number(SYS_ULOCK_WAKE)), Map.entry("swtch_pri", mach.number(MACH_SWTCH_PRI)));
        return () -> numbers;
    }

    /**
     * The kernel table for {@code processor} from a contributed {@link SyscallTable}: its numbers for
     * every name of {@link #CALL_NAMES}; everything else is XNU's and the same on every processor
     * (a contribution's constants are not read).
     *
     * @throws IllegalArgumentException naming a call the table lacks
     */
    static KernelTable of(SyscallTable contributed, String processor) {
        return KernelTable.builder("macos", processor, Convention.DARWIN)
                .calls(CALL_NAMES, contributed.numbers())
                .prot(Map.of(Prot.READ, 0x1, Prot.WRITE, 0x2, Prot.EXEC, 0x4))
                .mapFlags(Map.of(
                        MapFlag.SHARED, 0x0001,
                        MapFlag.PRIVATE, 0x0002,
                        MapFlag.FIXED, 0x0010,
                        MapFlag.NORESERVE, 0x0040,
                        MapFlag.ANONYMOUS, 0x1000))
                .openFlags(Map.of(
                        OpenFlag.READ_ONLY, 0x0000,
                        OpenFlag.WRITE_ONLY, 0x0001,
                        OpenFlag.READ_WRITE, 0x0002,
                        OpenFlag.APPEND, 0x0008,
                        OpenFlag.NOFOLLOW, 0x0100,
                        OpenFlag.CREATE, 0x0200,
                        OpenFlag.TRUNCATE, 0x0400,
                        OpenFlag.EXCLUSIVE, 0x0800,
                        OpenFlag.DIRECTORY, 0x0010_0000,
                        OpenFlag.CLOEXEC, 0x0100_0000))
                .whence(Map.of(Whence.SET, 0, Whence.CURRENT, 1, Whence.END, 2))
                .advice(Map.of(
                        Advice.NORMAL, 0,
                        Advice.RANDOM, 1,
                        Advice.SEQUENTIAL, 2,
                        Advice.WILLNEED, 3,
                        Advice.DONTNEED, 4,
                        Advice.HUGEPAGE, 0, // no huge-page advice on Darwin: MADV_NORMAL
                        Advice.FREE, 5))
                .atFdcwd(-2)
                .atFlags(0x20, 0x80)
                .dirent(20, 21)
                .errnos(ERRNOS)
                .stat(StatLayout.builder(144)
                        .device(0, 4).mode(4, 2).links(6, 2).inode(8, 8).uid(16, 4).gid(20, 4)
                        .mtime(48, 56).size(96, 8).blocks(104, 8).blockSize(112, 4)
                        .build())
                .build();
    }
}
