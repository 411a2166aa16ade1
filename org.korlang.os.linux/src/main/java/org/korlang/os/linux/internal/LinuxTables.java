package org.korlang.os.linux.internal;

import java.util.HashMap;
import java.util.Map;

import org.korlang.os.Advice;
import org.korlang.os.MapFlag;
import org.korlang.os.OpenFlag;
import org.korlang.os.Prot;
import org.korlang.os.Whence;
import org.korlang.os.common.Call;
import org.korlang.os.common.Convention;
import org.korlang.os.common.ErrnoNames;
import org.korlang.os.common.KernelTable;
import org.korlang.os.common.StatLayout;

/*
 * The Linux kernel's numbers for x86_64 and aarch64.
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

/** Kernel tables of Linux for each supported processor. */
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

    /** The table for x86_64. */
    static final KernelTable X86_64 = base("x86_64", 0200000, 0400000)
            .call(Call.READ, "read", 0)
            .call(Call.WRITE, "write", 1)
            .call(Call.CLOSE, "close", 3)
            .call(Call.FSTAT, "fstat", 5)
            .call(Call.LSEEK, "lseek", 8)
            .call(Call.MMAP, "mmap", 9)
            .call(Call.MPROTECT, "mprotect", 10)
            .call(Call.MUNMAP, "munmap", 11)
            .call(Call.SCHED_YIELD, "sched_yield", 24)
            .call(Call.MADVISE, "madvise", 28)
            .call(Call.NANOSLEEP, "nanosleep", 35)
            .call(Call.GETPID, "getpid", 39)
            .call(Call.UNAME, "uname", 63)
            .call(Call.GETTID, "gettid", 186)
            .call(Call.FUTEX, "futex", 202)
            .call(Call.EXIT_GROUP, "exit_group", 231)
            .call(Call.CLOCK_GETTIME, "clock_gettime", 228)
            .call(Call.OPENAT, "openat", 257)
            .call(Call.GETDENTS, "getdents64", 217)
            .call(Call.MKDIRAT, "mkdirat", 258)
            .call(Call.FSTATAT, "newfstatat", 262)
            .call(Call.UNLINKAT, "unlinkat", 263)
            .call(Call.GETRANDOM, "getrandom", 318)
            .stat(StatLayout.builder(144)
                    .device(0, 8).inode(8, 8).links(16, 8).mode(24, 4).uid(28, 4).gid(32, 4)
                    .size(48, 8).blockSize(56, 8).blocks(64, 8).mtime(88, 96)
                    .build())
            .build();

    /** The table for aarch64 (the generic system-call table). */
    static final KernelTable AARCH64 = base("aarch64", 040000, 0100000)
            .call(Call.OPENAT, "openat", 56)
            .call(Call.MKDIRAT, "mkdirat", 34)
            .call(Call.UNLINKAT, "unlinkat", 35)
            .call(Call.GETDENTS, "getdents64", 61)
            .call(Call.FSTATAT, "newfstatat", 79)
            .call(Call.CLOSE, "close", 57)
            .call(Call.LSEEK, "lseek", 62)
            .call(Call.READ, "read", 63)
            .call(Call.WRITE, "write", 64)
            .call(Call.FSTAT, "fstat", 80)
            .call(Call.EXIT_GROUP, "exit_group", 94)
            .call(Call.FUTEX, "futex", 98)
            .call(Call.NANOSLEEP, "nanosleep", 101)
            .call(Call.CLOCK_GETTIME, "clock_gettime", 113)
            .call(Call.SCHED_YIELD, "sched_yield", 124)
            .call(Call.UNAME, "uname", 160)
            .call(Call.GETPID, "getpid", 172)
            .call(Call.GETTID, "gettid", 178)
            .call(Call.MUNMAP, "munmap", 215)
            .call(Call.MMAP, "mmap", 222)
            .call(Call.MPROTECT, "mprotect", 226)
            .call(Call.MADVISE, "madvise", 233)
            .call(Call.GETRANDOM, "getrandom", 278)
            .stat(StatLayout.builder(128)
                    .device(0, 8).inode(8, 8).mode(16, 4).links(20, 4).uid(24, 4).gid(28, 4)
                    .size(48, 8).blockSize(56, 4).blocks(64, 8).mtime(88, 96)
                    .build())
            .build();

    /** The table for {@code processor} (as {@code Arch.name()} spells it). */
    static KernelTable forProcessor(String processor) {
        switch (processor) {
            case "x86_64":
                return X86_64;
            case "aarch64":
                return AARCH64;
            default:
                throw new IllegalArgumentException("the Linux port has no system-call table for processor " + processor);
        }
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
