package org.korlang.os.linux.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.korlang.arch.Arch;
import org.korlang.os.Advice;
import org.korlang.os.Clock;
import org.korlang.os.DirEntry;
import org.korlang.os.FileStat;
import org.korlang.os.FutexResult;
import org.korlang.os.MapFlag;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;
import org.korlang.os.Uname;
import org.korlang.os.Whence;
import org.korlang.os.mappings.MappingRegistry;

/**
 * The Linux port against the real kernel of the build machine: every call is a real system call,
 * and results are compared with what the JDK observes by its own means (ProcessHandle,
 * java.nio.file, System clocks, /proc). The contract runs once per Arch that can reach this
 * kernel: {@link OnLibcSyscallTest} (libc's syscall(2) through JNA, test-only) and
 * {@link OnX86_64ArchTest} (the arch bundle's own assembly shim, where this is x86_64).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LinuxKernelContract {

    static final Set<Prot> RW = EnumSet.of(Prot.READ, Prot.WRITE);

    Arch arch;
    MappingRegistry registry;
    LinuxOs os;
    ExecutorService threads;

    /** The Arch under test. */
    abstract Arch newArch();

    @TempDir
    Path dir;

    @BeforeAll
    void kernel() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "needs a Linux kernel");
        arch = newArch();
        registry = new MappingRegistry();
        os = new LinuxOs(arch, registry);
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    void stop() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------- identity

    @Test
    void identityAndPageSizeComeFromTheKernel() {
        assertEquals("linux", os.name());
        assertEquals(arch.name(), os.archName());
        int page = os.pageSize();
        assertEquals(page, os.pageSizeFromAuxv(), "AT_PAGESZ");
        assertEquals(page, os.probePageSize(), "the mprotect alignment probe agrees with the auxiliary vector");
    }

    @Test
    void getpidIsTheJvmsPid() {
        assertEquals(ProcessHandle.current().pid(), os.getpid());
    }

    @Test
    void gettidIsARealThreadOfThisProcessAndDiffersPerThread() throws Exception {
        long mine = os.gettid();
        assertEquals(mine, os.gettid(), "stable within a thread");
        assertTrue(Files.isDirectory(Path.of("/proc/self/task/" + mine)), "a thread of this process");
        long other = threads.submit(os::gettid).get(10, TimeUnit.SECONDS);
        assertNotEquals(mine, other);
        assertTrue(Files.isDirectory(Path.of("/proc/self/task/" + other)));
    }

    @Test
    void unameMatchesTheKernel() throws IOException {
        Uname u = os.uname();
        assertEquals("Linux", u.sysname());
        assertEquals(arch.name(), u.machine());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim(), u.release());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim(), u.nodename());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/version")).trim(), u.version());
        assertEquals(System.getProperty("os.version"), u.release());
    }

    // ---------------------------------------------------------------------------------- files

    @Test
    void writtenByUsReadByJavaNio() throws IOException {
        Path file = dir.resolve("ours.txt");
        int fd = os.open(file.toString(), EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.CREATE, OpenFlag.EXCLUSIVE, OpenFlag.CLOEXEC), 0640);
        try {
            ByteBuffer heap = ByteBuffer.wrap("heap, ".getBytes(StandardCharsets.UTF_8));
            assertEquals(6, os.write(fd, heap));
            assertFalse(heap.hasRemaining());
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.put("direct".getBytes(StandardCharsets.UTF_8)).flip();
            assertEquals(6, os.write(fd, direct));
        } finally {
            os.close(fd);
        }
        assertEquals("heap, direct", Files.readString(file));
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file); // mode 0640, less whatever the umask removes
        assertTrue(perms.containsAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)), perms::toString);
        assertTrue(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ).containsAll(perms), perms::toString);
    }

    @Test
    void writtenByJavaNioReadByUs() throws IOException {
        Path file = dir.resolve("theirs.bin");
        byte[] data = new byte[200_000]; // larger than one staged transfer (64 KiB)
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        Files.write(file, data);
        int fd = os.open(file.toString(), EnumSet.of(OpenFlag.READ_ONLY), 0);
        try {
            ByteBuffer heap = ByteBuffer.allocate(data.length + 10);
            int total = 0;
            int n;
            while ((n = os.read(fd, heap)) > 0) {
                total += n;
            }
            assertEquals(data.length, total);
            assertEquals(0, os.read(fd, ByteBuffer.allocate(4)), "end of file");
            heap.flip();
            byte[] got = new byte[data.length];
            heap.get(got);
            assertArrayEquals(data, got);

            assertEquals(100, os.lseek(fd, 100, Whence.SET));
            ByteBuffer direct = ByteBuffer.allocateDirect(8);
            assertEquals(8, os.read(fd, direct));
            for (int i = 0; i < 8; i++) {
                assertEquals(data[100 + i], direct.get(i));
            }
            assertEquals(108, os.lseek(fd, 0, Whence.CURRENT));
            assertEquals(data.length - 1, os.lseek(fd, -1, Whence.END));
        } finally {
            os.close(fd);
        }
    }

    @Test
    void fstatMatchesJavaNio() throws IOException {
        Path file = dir.resolve("stat.txt");
        Files.writeString(file, "twelve bytes");
        int fd = os.open(file.toString(), EnumSet.of(OpenFlag.READ_ONLY), 0);
        FileStat st;
        try {
            st = os.fstat(fd);
        } finally {
            os.close(fd);
        }
        assertEquals(Files.size(file), st.size());
        assertTrue(st.isRegularFile());
        assertEquals(((Number) Files.getAttribute(file, "unix:ino")).longValue(), st.inode());
        assertEquals(((Number) Files.getAttribute(file, "unix:dev")).longValue(), st.device());
        assertEquals(((Number) Files.getAttribute(file, "unix:mode")).intValue(), st.mode());
        assertEquals(((Number) Files.getAttribute(file, "unix:uid")).intValue(), st.uid());
        assertEquals(((Number) Files.getAttribute(file, "unix:nlink")).longValue(), st.links());
        long javaMtimeNanos = Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
        assertTrue(Math.abs(javaMtimeNanos - st.modifiedEpochNanos()) < 1_000_000, "mtime " + javaMtimeNanos + " vs " + st.modifiedEpochNanos());
        assertTrue(st.blockSize() > 0);

        int dfd = os.open(dir.toString(), EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY), 0);
        try {
            assertTrue(os.fstat(dfd).isDirectory());
        } finally {
            os.close(dfd);
        }
    }

    @Test
    void fstatatMatchesJavaNioAndFollowsLinksOnlyWhenAsked() throws IOException {
        Path file = dir.resolve("at.txt");
        Files.writeString(file, "fstatat sees me");
        Path link = dir.resolve("at-link");
        Files.createSymbolicLink(link, file);
        FileStat st = os.fstatat(Os.AT_FDCWD, file.toString(), true);
        assertEquals(Files.size(file), st.size());
        assertEquals(((Number) Files.getAttribute(file, "unix:ino")).longValue(), st.inode());
        assertTrue(st.isRegularFile());
        assertEquals(st.inode(), os.fstatat(Os.AT_FDCWD, link.toString(), true).inode());
        FileStat linkItself = os.fstatat(Os.AT_FDCWD, link.toString(), false);
        assertEquals(0120000, linkItself.mode() & FileStat.S_IFMT, "AT_SYMLINK_NOFOLLOW stats the link");
        assertTrue(os.fstatat(Os.AT_FDCWD, dir.toString(), true).isDirectory());
        OsException missing = assertThrows(OsException.class, () -> os.fstatat(Os.AT_FDCWD, dir.resolve("nope").toString(), true));
        assertEquals("ENOENT", missing.errnoName());
        assertEquals("newfstatat", missing.syscall());
        assertEquals("ENOTDIR", assertThrows(OsException.class, () -> os.fstatat(Os.AT_FDCWD, file + "/x", true)).errnoName());
        assertThrows(IllegalArgumentException.class, () -> os.fstatat(Os.AT_FDCWD, "a\0b", true));
    }

    @Test
    void mkdiratUnlinkatAndReadDirectoryAgreeWithJavaNio() throws IOException {
        Path sub = dir.resolve("listed");
        os.mkdirat(Os.AT_FDCWD, sub.toString(), 0755);
        assertTrue(Files.isDirectory(sub));
        assertEquals("EEXIST", assertThrows(OsException.class, () -> os.mkdirat(Os.AT_FDCWD, sub.toString(), 0755)).errnoName());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 700; i++) { // more than one 64 KiB getdents64 buffer of long names
            String name = "entry-" + i + "-" + "n".repeat(100) + (i % 7 == 0 ? "-\u00e4\u00f6" : "");
            Files.writeString(sub.resolve(name), "");
            expected.add(name);
        }
        Files.createDirectory(sub.resolve("child"));
        expected.add("child");
        int fd = os.open(sub.toString(), EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY, OpenFlag.CLOEXEC), 0);
        List<String> seen = new ArrayList<>();
        int batches = 0;
        try {
            for (List<DirEntry> batch = os.readDirectory(fd); !batch.isEmpty(); batch = os.readDirectory(fd)) {
                batches++;
                for (DirEntry e : batch) {
                    if (e.isDotOrDotDot()) {
                        continue;
                    }
                    seen.add(e.nameText());
                    Path p = sub.resolve(e.nameText());
                    assertEquals(((Number) Files.getAttribute(p, "unix:ino")).longValue(), e.inode(), e.nameText());
                    if (e.type() != DirEntry.DT_UNKNOWN) {
                        assertEquals(Files.isDirectory(p) ? DirEntry.DT_DIR : DirEntry.DT_REG, e.type(), e.nameText());
                    }
                }
            }
        } finally {
            os.close(fd);
        }
        assertTrue(batches > 1, "the listing took " + batches + " getdents64 calls");
        java.util.Collections.sort(expected);
        java.util.Collections.sort(seen);
        assertEquals(expected, seen);

        assertEquals("ENOTEMPTY", assertThrows(OsException.class, () -> os.unlinkat(Os.AT_FDCWD, sub.toString(), true)).errnoName());
        assertEquals("EISDIR", assertThrows(OsException.class, () -> os.unlinkat(Os.AT_FDCWD, sub.resolve("child").toString(), false)).errnoName());
        os.unlinkat(Os.AT_FDCWD, sub.resolve("child").toString(), true);
        for (String name : expected) {
            if (!name.equals("child")) {
                os.unlinkat(Os.AT_FDCWD, sub.resolve(name).toString(), false);
            }
        }
        os.unlinkat(Os.AT_FDCWD, sub.toString(), true);
        assertFalse(Files.exists(sub));
        assertEquals("ENOENT", assertThrows(OsException.class, () -> os.unlinkat(Os.AT_FDCWD, sub.toString(), false)).errnoName());
        int fileFd = os.open(dir.resolve("plain").toString(), EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.CREATE), 0600);
        try {
            assertEquals("ENOTDIR", assertThrows(OsException.class, () -> os.readDirectory(fileFd)).errnoName());
        } finally {
            os.close(fileFd);
        }
        assertThrows(IllegalArgumentException.class, () -> os.mkdirat(Os.AT_FDCWD, sub.toString(), 01777));
    }

    @Test
    void openFlagsHaveTheirKernelMeaning() throws IOException {
        Path file = dir.resolve("exists");
        Files.writeString(file, "x");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, file);

        OsException exists = assertThrows(OsException.class,
                () -> os.open(file.toString(), EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.CREATE, OpenFlag.EXCLUSIVE), 0600));
        assertEquals("EEXIST", exists.errnoName());
        assertEquals("openat", exists.syscall());
        assertEquals("ENOTDIR", assertThrows(OsException.class,
                () -> os.open(file.toString(), EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY), 0)).errnoName());
        assertEquals("ELOOP", assertThrows(OsException.class,
                () -> os.open(link.toString(), EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.NOFOLLOW), 0)).errnoName());
        OsException missing = assertThrows(OsException.class, () -> os.open(dir.resolve("missing").toString(), Set.of(OpenFlag.READ_ONLY), 0));
        assertEquals("ENOENT", missing.errnoName());
        assertEquals(2, missing.errno());

        // O_APPEND and O_TRUNC
        int fd = os.open(file.toString(), EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.APPEND), 0);
        try {
            os.write(fd, ByteBuffer.wrap("yz".getBytes(StandardCharsets.UTF_8)));
        } finally {
            os.close(fd);
        }
        assertEquals("xyz", Files.readString(file));
        os.close(os.open(file.toString(), EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.TRUNCATE), 0));
        assertEquals(0, Files.size(file));

        // openat relative to a directory descriptor
        int dfd = os.open(dir.toString(), EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY), 0);
        try {
            int rel = os.openat(dfd, "relative", EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE), 0600);
            os.close(rel);
        } finally {
            os.close(dfd);
        }
        assertTrue(Files.exists(dir.resolve("relative")));
    }

    @Test
    void descriptorThatIsNotOpenIsEbadf() throws IOException {
        // Not a descriptor we just closed: another thread of this JVM (class loading, Surefire) may
        // be given the same number again before our read. No descriptor can reach 2^31 - 1
        // (fs.nr_open is at most 2^31 - 64 and descriptors stay below it), so the kernel must answer EBADF.
        int fd = Integer.MAX_VALUE;
        OsException read = assertThrows(OsException.class, () -> os.read(fd, ByteBuffer.allocate(4)));
        assertEquals("EBADF", read.errnoName());
        assertEquals(9, read.errno());
        assertEquals("read", read.syscall());
        assertEquals("EBADF", assertThrows(OsException.class, () -> os.close(fd)).errnoName());
        assertEquals("EBADF", assertThrows(OsException.class, () -> os.fstat(fd)).errnoName());
        assertEquals("EBADF", assertThrows(OsException.class, () -> os.write(fd, ByteBuffer.allocate(1))).errnoName());
        assertEquals("EBADF", assertThrows(OsException.class, () -> os.lseek(fd, 0, Whence.SET)).errnoName());
        assertEquals("EBADF", assertThrows(OsException.class, () -> os.close(-1)).errnoName());
    }

    // --------------------------------------------------------------------------------- memory

    @Test
    void anonymousMemoryIsUsableThroughItsView() throws IOException {
        int page = os.pageSize();
        long base = os.mmapAnonymous(3L * page, RW);
        try {
            assertTrue(os.isMapped(base, 3L * page));
            ByteBuffer m = os.memory(base, 3 * page);
            for (int i = 0; i < 3 * page; i += 8) {
                m.putLong(i, i * 0x9E3779B97F4A7C15L);
            }
            ByteBuffer again = os.memory(base + page, page);
            assertEquals(page * 0x9E3779B97F4A7C15L, again.getLong(0));

            // the kernel writes straight into our mapping: read a file into it
            Path file = Files.writeString(dir.resolve("into-mapping"), "kernel wrote this");
            int fd = os.open(file.toString(), Set.of(OpenFlag.READ_ONLY), 0);
            try {
                ByteBuffer target = os.memory(base + 2L * page, 64);
                assertEquals(17, os.read(fd, target));
                byte[] got = new byte[17];
                os.memory(base + 2L * page, 17).get(got);
                assertEquals("kernel wrote this", new String(got, StandardCharsets.UTF_8));
            } finally {
                os.close(fd);
            }

            // MADV_DONTNEED on private anonymous memory: the kernel drops the pages, they read back as zero
            os.madvise(base, page, Advice.DONTNEED);
            assertEquals(0, os.memory(base, page).getLong(8));
            assertEquals(page * 0x9E3779B97F4A7C15L, os.memory(base + page, 8).getLong(0), "the next page keeps its data");
        } finally {
            os.munmap(base, 3L * page);
        }
        assertFalse(os.isMapped(base, 1));
        assertThrows(IllegalArgumentException.class, () -> os.memory(base, 8), "memory() after munmap");
        assertThrows(IllegalArgumentException.class, () -> os.munmap(base, page), "double munmap");
    }

    /** MADV_HUGEPAGE: the kernel's own view of the mapping ({@code /proc/self/smaps}) shows the flag. */
    @Test
    void hugePageAdviceReachesTheKernel() throws IOException {
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        assumeTrue(Files.exists(thp) && !Files.readString(thp).contains("[never]"), "transparent huge pages are off here");
        long length = 8L << 20;
        long base = os.mmapAnonymous(length, RW);
        try {
            assertFalse(vmFlags(base + (4L << 20)).contains(" hg"), "no huge-page advice before madvise");
            os.madvise(base, length, Advice.HUGEPAGE);
            assertTrue(vmFlags(base + (4L << 20)).contains(" hg"), "VmFlags after MADV_HUGEPAGE: " + vmFlags(base + (4L << 20)));
        } finally {
            os.munmap(base, length);
        }
    }

    /** The VmFlags line of the mapping of /proc/self/smaps that contains {@code address}. */
    private static String vmFlags(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+")) {
                long from = Long.parseUnsignedLong(line.substring(0, dash), 16);
                long to = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                inside = address >= from && address < to;
            } else if (inside && line.startsWith("VmFlags:")) {
                return line;
            }
        }
        throw new AssertionError("no mapping of 0x" + Long.toHexString(address) + " in /proc/self/smaps");
    }

    @Test
    void partialMunmapSplitsTheMapping() {
        int page = os.pageSize();
        long base = os.mmapAnonymous(4L * page, RW);
        os.memory(base, 8).putLong(0, 11);
        os.memory(base + 3L * page, 8).putLong(0, 44);
        os.munmap(base + page, 2L * page);
        assertTrue(os.isMapped(base, page));
        assertFalse(os.isMapped(base + page, 1));
        assertFalse(os.isMapped(base, 2L * page));
        assertTrue(os.isMapped(base + 3L * page, page));
        assertEquals(11, os.memory(base, 8).getLong(0));
        assertEquals(44, os.memory(base + 3L * page, 8).getLong(0));
        assertThrows(IllegalArgumentException.class, () -> os.memory(base + page, 8));
        assertThrows(IllegalArgumentException.class, () -> os.mprotect(base, 4L * page, RW), "spans the hole");
        os.munmap(base, page);
        os.munmap(base + 3L * page, page);
        assertFalse(os.isMapped(base + 3L * page, 1));
    }

    @Test
    void mprotectAndFixedRemapInsideOurMapping() {
        int page = os.pageSize();
        long base = os.mmapAnonymous(3L * page, RW);
        try {
            os.memory(base, 3 * page).putLong(page, 77).putLong(2 * page, 88);
            os.mprotect(base, page, Set.of(Prot.READ)); // only the checked path: no write through this page now
            assertEquals(0, os.memory(base, 8).getLong(0), "still readable");
            os.mprotect(base, page, RW);
            os.memory(base, 8).putLong(0, 1);
            // a FIXED mapping replaces the middle page with fresh zero pages; the neighbours keep their data
            long fixed = os.mmap(base + page, page, RW, EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS, MapFlag.FIXED), -1, 0);
            assertEquals(base + page, fixed);
            assertEquals(0, os.memory(base + page, 8).getLong(0));
            assertEquals(88, os.memory(base + 2L * page, 8).getLong(0));
            assertEquals(1, os.memory(base, 8).getLong(0));
            assertFalse(registry.withinOne(base, base + 2L * page), "the FIXED page is a mapping of its own");
            assertTrue(registry.withinOne(base + page, base + 2L * page));
        } finally {
            os.munmap(base, 3L * page);
        }
    }

    /**
     * A view never faults: it is read-only over read-only memory (a write used to SIGSEGV the JVM),
     * refused over memory without read access, and while it is reachable its range keeps the access
     * it needs — mprotect that would take it away is refused, munmap leaves inert memory behind the
     * view until it is collected. Once dropped, the protection change goes through.
     */
    @Test
    void viewsRespectTheMappingsProtectionAndNeverFault() {
        int page = os.pageSize();
        long ro = os.mmapAnonymous(page, EnumSet.of(Prot.READ));
        long none = os.mmapAnonymous(page, EnumSet.noneOf(Prot.class));
        long rw = os.mmapAnonymous(2L * page, RW);
        try {
            ByteBuffer readOnly = os.memory(ro, 64);
            assertTrue(readOnly.isReadOnly());
            assertEquals(0, readOnly.getLong(8));
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> readOnly.putLong(0, 1), "write to PROT_READ");
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> readOnly.duplicate().put((byte) 1));
            assertThrows(IllegalArgumentException.class, () -> os.memory(none, 8), "PROT_NONE has no view");

            ByteBuffer view = os.memory(rw, 2 * page);
            view.putLong(page, 42);
            assertThrows(IllegalStateException.class, () -> os.mprotect(rw, page, EnumSet.noneOf(Prot.class)),
                    "a reachable writable view keeps its access");
            assertThrows(IllegalStateException.class, () -> os.mprotect(rw + page, page, EnumSet.of(Prot.READ)));
            assertEquals(42, view.getLong(page), "the view still works");
            view.putLong(0, 7);
            java.lang.ref.Reference.reachabilityFence(view);
            view = null;
            // dropped: mprotect waits for the collector to release it, then goes through
            os.mprotect(rw, page, EnumSet.noneOf(Prot.class));
            assertThrows(IllegalArgumentException.class, () -> os.memory(rw, 8), "reading after PROT_NONE is refused");
            assertTrue(os.memory(rw + page, 8).isReadOnly() == false);
            os.mprotect(rw, page, EnumSet.of(Prot.READ));
            assertEquals(7, os.memory(rw, 8).getLong(0));
            assertTrue(os.memory(rw, 8).isReadOnly(), "a view follows the current protection");
        } finally {
            os.munmap(ro, page);
            os.munmap(none, page);
            os.munmap(rw, 2L * page);
        }
    }

    @Test
    void munmapUnderALiveViewLeavesInertMemoryUntilTheViewIsCollected() {
        int page = os.pageSize();
        long base = os.mmapAnonymous(2L * page, RW);
        ByteBuffer view = os.memory(base, 2 * page);
        view.putLong(0, 99);
        int inertBefore = registry.inertRanges();
        os.munmap(base, 2L * page);
        assertFalse(os.isMapped(base, page));
        assertThrows(IllegalArgumentException.class, () -> os.memory(base, 8), "gone for the API");
        assertEquals(inertBefore + 1, registry.inertRanges(), "kept mapped (inert) for the live view");
        assertEquals(0, view.getLong(0), "the stale view reads zeros, no fault");
        view.putLong(page, 5); // and writes into nothing that matters
        java.lang.ref.Reference.reachabilityFence(view);
        view = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (registry.inertRanges() > inertBefore) { // the Cleaner unmaps it once the view is collected
            assertTrue(System.nanoTime() < deadline, "the collected view's range was never unmapped");
            System.gc();
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** A hold (the managed heap's) keeps its range from being unmapped, reprotected, replaced or discarded. */
    @Test
    void aHeldRangeCannotBeTakenAway() {
        int page = os.pageSize();
        long base = os.mmapAnonymous(4L * page, RW);
        os.memory(base, 8).putLong(0, 3); // a view dropped at once: the hold waits until it is collected
        org.korlang.os.MemoryHold hold = os.hold(base, 4L * page, RW);
        try {
            assertThrows(IllegalStateException.class, () -> os.munmap(base + page, page));
            assertThrows(IllegalStateException.class, () -> os.mprotect(base, page, EnumSet.of(Prot.READ)));
            assertThrows(IllegalStateException.class, () -> os.mprotect(base, page, EnumSet.noneOf(Prot.class)));
            assertThrows(IllegalStateException.class, () -> os.madvise(base, page, Advice.DONTNEED));
            assertThrows(IllegalStateException.class, () -> os.madvise(base, page, Advice.FREE));
            assertThrows(IllegalStateException.class,
                    () -> os.mmap(base, page, RW, EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS, MapFlag.FIXED), -1, 0));
            os.madvise(base, page, Advice.WILLNEED); // harmless advice is fine
            os.mprotect(base, page, RW); // so is a protection that keeps the held access
            assertThrows(IllegalStateException.class, () -> os.memory(base, 8), "the holder alone touches it");
            assertThrows(IllegalStateException.class, () -> os.hold(base + page, page, RW), "one holder at a time");
            hold.madvise(base, page, Advice.DONTNEED); // the holder itself may discard
            assertThrows(IllegalArgumentException.class, () -> hold.madvise(base + 4L * page, page, Advice.DONTNEED));
            long ro = os.mmapAnonymous(page, EnumSet.of(Prot.READ));
            assertThrows(IllegalArgumentException.class, () -> os.hold(ro, page, RW).close(),
                    "cannot hold an access the range does not have");
            os.munmap(ro, page);
        } finally {
            hold.close();
            assertFalse(hold.isOpen());
        }
        assertEquals(0, os.memory(base, 8).getLong(0), "discarded through the hold");
        os.munmap(base, 4L * page);
    }

    @Test
    void sharedFileMappingIsCoherentWithTheFile() throws IOException {
        int page = os.pageSize();
        Path file = dir.resolve("mapped");
        Files.write(file, new byte[page]);
        int fd = os.open(file.toString(), Set.of(OpenFlag.READ_WRITE), 0);
        long base;
        try {
            base = os.mmap(0, page, RW, Set.of(MapFlag.SHARED), fd, 0);
        } finally {
            os.close(fd);
        }
        try {
            os.memory(base, 5).put("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello", new String(Files.readAllBytes(file), 0, 5, StandardCharsets.US_ASCII));
        } finally {
            os.munmap(base, page);
        }
    }

    @Test
    void foreignMemoryIsNeverTouched() {
        int page = os.pageSize();
        ByteBuffer jvmOwned = ByteBuffer.allocateDirect(4 * page);
        long inside = (arch.address(jvmOwned) + page - 1) & -(long) page;
        jvmOwned.putLong(0, 1234);
        assertThrows(IllegalArgumentException.class, () -> os.munmap(inside, page));
        assertThrows(IllegalArgumentException.class, () -> os.mprotect(inside, page, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> os.madvise(inside, page, Advice.DONTNEED));
        assertThrows(IllegalArgumentException.class, () -> os.memory(inside, 8));
        assertThrows(IllegalArgumentException.class, () -> os.futexWait(inside, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> os.futexWake(inside, 1));
        assertThrows(IllegalArgumentException.class,
                () -> os.mmap(inside, page, RW, EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS, MapFlag.FIXED), -1, 0));
        assertEquals(1234, jvmOwned.getLong(0), "the JVM's buffer is intact and still mapped");
        assertFalse(os.isMapped(inside, page));
    }

    @Test
    void staleViewIsRefusedNotCrashed() throws IOException {
        int page = os.pageSize();
        long base = os.mmapAnonymous(page, RW);
        ByteBuffer view = os.memory(base, page);
        os.munmap(base, page);
        Path file = Files.writeString(dir.resolve("stale"), "data");
        int fd = os.open(file.toString(), Set.of(OpenFlag.READ_ONLY), 0);
        try {
            assertThrows(IllegalArgumentException.class, () -> os.read(fd, view, 4));
            assertThrows(IllegalArgumentException.class, () -> os.getrandom(view, 4));
        } finally {
            os.close(fd);
        }
    }

    // --------------------------------------------------------------------------------- futex

    @Test
    void futexWaitTimesOutAndSeesMismatch() {
        long word = os.mmapAnonymous(os.pageSize(), RW);
        try {
            os.memory(word, 4).putInt(0, 5);
            long start = System.nanoTime();
            assertEquals(FutexResult.TIMED_OUT, os.futexWait(word, 5, 20_000_000));
            assertTrue(System.nanoTime() - start >= 19_000_000, "waited about the timeout");
            assertEquals(FutexResult.VALUE_MISMATCH, os.futexWait(word, 6, Os.NO_TIMEOUT));
            assertEquals(FutexResult.TIMED_OUT, os.futexWait(word, 5, 0), "zero timeout returns at once");
            os.memory(word, 4).putInt(0, -1);
            assertEquals(FutexResult.TIMED_OUT, os.futexWait(word, -1, 1_000), "negative values compare as the same 32 bits");
            assertEquals(0, os.futexWake(word, 1), "no waiter");
        } finally {
            os.munmap(word, os.pageSize());
        }
    }

    @Test
    void wakeFromAnotherThreadWakesTheWaiters() throws Exception {
        long word = os.mmapAnonymous(os.pageSize(), RW);
        try {
            int waiters = 3;
            List<Future<FutexResult>> results = new ArrayList<>();
            for (int i = 0; i < waiters; i++) {
                long slot = word;
                results.add(threads.submit(() -> os.futexWait(slot, 0, Os.NO_TIMEOUT)));
            }
            // one wake at a time until every waiter has been woken (each wake returns how many it woke)
            int woken = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (woken < 2 && System.nanoTime() < deadline) {
                woken += os.futexWake(word, 1);
                Thread.sleep(1);
            }
            assertEquals(2, woken);
            // the rest with one wake-all
            while (woken < waiters && System.nanoTime() < deadline) {
                int n = os.futexWake(word, Integer.MAX_VALUE);
                assertTrue(n <= waiters - woken);
                woken += n;
                Thread.sleep(1);
            }
            assertEquals(waiters, woken);
            for (Future<FutexResult> r : results) {
                assertEquals(FutexResult.WOKEN, r.get(10, TimeUnit.SECONDS));
            }
        } finally {
            os.munmap(word, os.pageSize());
        }
    }

    // ----------------------------------------------------------------------------- time, misc

    @Test
    void clocksAgreeWithTheJdk() throws Exception {
        long mono1 = os.clockGettime(Clock.MONOTONIC);
        long jdk = System.nanoTime();
        assertTrue(Math.abs(jdk - mono1) < 1_000_000_000L, "CLOCK_MONOTONIC is System.nanoTime's clock on Linux");
        long real = os.clockGettime(Clock.REALTIME);
        assertTrue(Math.abs(real / 1_000_000 - System.currentTimeMillis()) < 1_000, "realtime within a second of currentTimeMillis");
        Thread.sleep(2);
        assertTrue(os.clockGettime(Clock.MONOTONIC) - mono1 >= 2_000_000, "monotonic advances");
    }

    @Test
    void nanosleepSleepsAtLeastTheRequest() {
        long start = System.nanoTime();
        os.nanosleep(5_000_000);
        assertTrue(System.nanoTime() - start >= 5_000_000);
        os.nanosleep(0);
        assertThrows(IllegalArgumentException.class, () -> os.nanosleep(-1));
        os.schedYield();
    }

    @Test
    void getrandomFillsHeapAndMappedMemory() {
        ByteBuffer a = ByteBuffer.allocate(64);
        ByteBuffer b = ByteBuffer.allocate(64);
        assertEquals(64, os.getrandom(a, 64));
        assertEquals(64, os.getrandom(b, b.remaining()));
        assertFalse(a.hasRemaining());
        assertFalse(java.util.Arrays.equals(a.array(), b.array()), "two draws of 512 bits differ");
        assertFalse(java.util.Arrays.equals(a.array(), new byte[64]), "not all zero");

        long base = os.mmapAnonymous(os.pageSize(), RW);
        try {
            ByteBuffer mapped = os.memory(base, 128);
            assertEquals(128, os.getrandom(mapped, 128));
            long nonZero = 0;
            for (int i = 0; i < 128; i += 8) {
                nonZero |= os.memory(base, 128).getLong(i);
            }
            assertNotEquals(0, nonZero);
        } finally {
            os.munmap(base, os.pageSize());
        }
    }

    @Test
    void badInputsGiveTypedErrors() {
        ByteBuffer small = ByteBuffer.allocate(4);
        assertThrows(IllegalArgumentException.class, () -> os.read(0, small, -1));
        assertThrows(IllegalArgumentException.class, () -> os.read(0, small, 5));
        assertThrows(IllegalArgumentException.class, () -> os.read(0, small.asReadOnlyBuffer(), 1));
        assertThrows(IllegalArgumentException.class, () -> os.write(1, small, 5));
        assertThrows(IllegalArgumentException.class, () -> os.mmapAnonymous(0, RW));
        assertThrows(IllegalArgumentException.class, () -> os.mmapAnonymous(-4096, RW));
        assertThrows(IllegalArgumentException.class, () -> os.isMapped(4096, -1));
        assertTrue(assertThrows(NullPointerException.class, () -> os.open(null, Set.of(OpenFlag.READ_ONLY), 0)).getMessage().contains("path"));
        assertTrue(assertThrows(NullPointerException.class, () -> os.mmapAnonymous(4096, null)).getMessage().contains("prot"));
        assertTrue(assertThrows(NullPointerException.class, () -> os.lseek(0, 0, null)).getMessage().contains("whence"));
        assertTrue(assertThrows(NullPointerException.class, () -> os.clockGettime(null)).getMessage().contains("clock"));
        assertTrue(assertThrows(NullPointerException.class, () -> os.getrandom(null, 1)).getMessage().contains("dst"));
        long base = os.mmapAnonymous(os.pageSize(), RW);
        try {
            assertThrows(IllegalArgumentException.class, () -> os.futexWait(base + 1, 0, 1), "unaligned futex word");
            assertThrows(IllegalArgumentException.class, () -> os.futexWake(base + 2, 1), "unaligned futex word");
            assertThrows(IllegalArgumentException.class, () -> os.futexWake(base, -1));
            assertThrows(IllegalArgumentException.class, () -> os.memory(base + os.pageSize() - 4, 8), "runs past the mapping");
            OsException einval = assertThrows(OsException.class, () -> os.mmap(0, 4096, RW, Set.of(MapFlag.SHARED), 0, 3),
                    "an unaligned file offset is refused by the kernel before it looks at the descriptor");
            assertEquals("mmap", einval.syscall());
            assertEquals("EINVAL", einval.errnoName());
        } finally {
            os.munmap(base, os.pageSize());
        }
    }
}
