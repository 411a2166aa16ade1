package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korlang.arch.Arch;
import org.korlang.os.FutexResult;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;
import org.osgi.framework.BundleContext;

/**
 * The services a Linux x86_64 machine gets from the platform, called through Felix's registry and
 * compared with what the JDK says about the same process, files and memory.
 */
class OsServiceTest {

    private final BundleContext context = Services.context();
    private Os os;

    @BeforeEach
    void findOs() throws Exception {
        os = Services.await(context, Os.class, "(" + Os.OS_NAME + "=linux)");
    }

    @Test
    void theArchForThisProcessorServesAndTheForeignOneStaysInactive() throws Exception {
        Arch arch = Services.await(context, Arch.class, "(" + Arch.PROCESSOR + "=x86_64)");
        assertEquals("x86_64", arch.name());
        assertEquals(8, arch.wordSize());
        assertFalse(Services.present(context, Arch.class, "(" + Arch.PROCESSOR + "=aarch64)"),
                "the aarch64 arch bundle must not register on x86_64");
        assertFalse(Services.present(context, Os.class, "(" + Os.OS_NAME + "=macos)"),
                "the macOS port must stay inactive on Linux");
        assertEquals("x86_64", os.archName());
        long before = arch.cycleCounter();
        arch.cpuRelax();
        assertTrue(arch.cycleCounter() > before, "the cycle counter advances");
    }

    @Test
    void pidAndTidComeFromTheKernel() throws Exception {
        assertEquals(ProcessHandle.current().pid(), os.getpid());
        AtomicLong otherTid = new AtomicLong();
        Thread t = new Thread(() -> otherTid.set(os.gettid()));
        t.start();
        t.join();
        long myTid = os.gettid();
        assertTrue(myTid > 0 && otherTid.get() > 0);
        assertNotEquals(myTid, otherTid.get(), "two threads have two kernel thread ids");
        assertTrue(Files.exists(Path.of("/proc/self/task/" + myTid)), "our tid is a task of this process");
    }

    @Test
    void aFileWrittenWithOurWriteReadsBackWithNio(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("written-by-korlang.txt");
        byte[] text = "written through the raw write syscall\n".getBytes(StandardCharsets.UTF_8);
        int fd = os.open(file.toString(), EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.CREATE, OpenFlag.TRUNCATE), 0644);
        try {
            ByteBuffer src = ByteBuffer.wrap(text);
            assertEquals(text.length, os.write(fd, src));
            assertEquals(text.length, os.fstat(fd).size());
        } finally {
            os.close(fd);
        }
        assertArrayEquals(text, Files.readAllBytes(file));

        Files.writeString(file, "and back again", StandardCharsets.UTF_8);
        int rfd = os.open(file.toString(), EnumSet.of(OpenFlag.READ_ONLY), 0);
        try {
            ByteBuffer dst = ByteBuffer.allocateDirect(64);
            int n = os.read(rfd, dst);
            dst.flip();
            byte[] got = new byte[n];
            dst.get(got);
            assertEquals("and back again", new String(got, StandardCharsets.UTF_8));
        } finally {
            os.close(rfd);
        }
    }

    @Test
    void mmapMemoryIsWrittenAndReadThroughByteBuffers() {
        int page = os.pageSize();
        assertEquals(4096, page % 4096 == 0 ? 4096 : page, "page size is a multiple of 4 KiB");
        long address = os.mmapAnonymous(4L * page, Set.of(Prot.READ, Prot.WRITE));
        try {
            ByteBuffer writer = os.memory(address, 4 * page);
            for (int i = 0; i < 4 * page / 8; i++) {
                writer.putLong(i * 8, i * 0x9E3779B97F4A7C15L);
            }
            ByteBuffer reader = os.memory(address + page, page);
            for (int i = 0; i < page / 8; i++) {
                assertEquals((i + page / 8) * 0x9E3779B97F4A7C15L, reader.getLong(i * 8));
            }
            assertTrue(Files.exists(Path.of("/proc/self/maps")));
            assertTrue(os.isMapped(address, 4L * page));
        } finally {
            os.munmap(address, 4L * page);
        }
        assertFalse(os.isMapped(address, page));
        assertThrows(IllegalArgumentException.class, () -> os.memory(address, 8), "unmapped memory is refused");
    }

    @Test
    void badInputsGiveTypedErrorsAndNeverCrash(@TempDir Path dir) {
        OsException ebadf = assertThrows(OsException.class, () -> os.close(1 << 20));
        assertEquals("EBADF", ebadf.errnoName());
        assertEquals("close", ebadf.syscall());
        OsException enoent = assertThrows(OsException.class,
                () -> os.open(dir.resolve("missing").toString(), EnumSet.of(OpenFlag.READ_ONLY), 0));
        assertEquals("ENOENT", enoent.errnoName());
        assertEquals(2, enoent.errno());
        assertThrows(IllegalArgumentException.class, () -> os.munmap(0x7000_0000_0000L, 4096));
        assertThrows(IllegalArgumentException.class, () -> os.futexWait(0x1000, 0, 1_000_000));
        assertThrows(IllegalArgumentException.class, () -> os.write(1, ByteBuffer.allocate(4), 8));
    }

    @Test
    void futexWaitsInTheKernelAndWakes() throws Exception {
        long address = os.mmapAnonymous(os.pageSize(), Set.of(Prot.READ, Prot.WRITE));
        try {
            assertEquals(FutexResult.TIMED_OUT, os.futexWait(address, 0, 20_000_000));
            assertEquals(FutexResult.VALUE_MISMATCH, os.futexWait(address, 1, 20_000_000));
            ByteBuffer word = os.memory(address, 4);
            Thread waiter = new Thread(() -> {
                while (word.getInt(0) == 0) {
                    os.futexWait(address, 0, Os.NO_TIMEOUT);
                }
            });
            waiter.start();
            Thread.sleep(50);
            word.putInt(0, 1);
            os.futexWake(address, Integer.MAX_VALUE);
            waiter.join(Services.TIMEOUT_MS);
            assertFalse(waiter.isAlive(), "the waiter was woken");
        } finally {
            os.munmap(address, os.pageSize());
        }
    }
}
