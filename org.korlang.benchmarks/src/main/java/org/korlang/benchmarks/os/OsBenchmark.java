package org.korlang.benchmarks.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.korlang.arch.Arch;
import org.korlang.arch.x86_64.internal.X86_64Arch;
import org.korlang.os.Clock;
import org.korlang.os.OpenFlag;
import org.korlang.os.Prot;
import org.korlang.os.Whence;
import org.korlang.os.mappings.MappingRegistry;
import org.korlang.os.linux.internal.LinuxOs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the Linux Os port adds on top of the raw system call, next to the JDK's own peer:
 * <ul>
 * <li>{@code rawGetpid} (Arch.syscall6 alone) vs {@code osGetpid} (the typed call: table lookup,
 *     errno check);
 * <li>{@code osMonotonic} (a real clock_gettime system call) vs {@code jdkNanoTime} (the vDSO,
 *     no kernel entry) — the port never uses the vDSO, by design (no libc);
 * <li>{@code osRead4kHeap} (lseek + read staged through the port's scratch and copied into a
 *     heap buffer) vs {@code osRead4kMapped} (lseek + read straight into memory the port mapped,
 *     pinned) vs {@code jdkRead4kHeap} (FileChannel positional read into a heap buffer);
 * <li>{@code osMmapMunmap64k} (two system calls plus the mapping registry).
 * </ul>
 * Runs on Linux x86_64 (the Arch is loaded outside OSGi with {@code X86_64Arch.load()}; the port
 * class is in the os.linux jar, which carries os.common inlined).
 *
 * <p>Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar org.korlang.benchmarks.os}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class OsBenchmark {

    private static final long SYS_GETPID_X86_64 = 39;
    private static final Set<Prot> RW = EnumSet.of(Prot.READ, Prot.WRITE);

    private Arch arch;
    private LinuxOs os;
    private Path file;
    private int fd;
    private FileChannel channel;
    private ByteBuffer heap;
    private long mapped;
    private ByteBuffer mappedView;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        arch = X86_64Arch.load();
        os = new LinuxOs(arch, new MappingRegistry());
        file = Files.createTempFile("korlang-os-bench", ".bin");
        Files.write(file, new byte[64 * 1024]);
        fd = os.open(file.toString(), EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.CLOEXEC), 0);
        channel = FileChannel.open(file, StandardOpenOption.READ);
        heap = ByteBuffer.allocate(4096);
        mapped = os.mmapAnonymous(4096, RW);
        mappedView = os.memory(mapped, 4096);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        os.munmap(mapped, 4096);
        os.close(fd);
        channel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long rawGetpid() {
        return arch.syscall6(SYS_GETPID_X86_64, 0, 0, 0, 0, 0, 0);
    }

    @Benchmark
    public long osGetpid() {
        return os.getpid();
    }

    @Benchmark
    public long osMonotonic() {
        return os.clockGettime(Clock.MONOTONIC);
    }

    @Benchmark
    public long jdkNanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public int osRead4kHeap() {
        os.lseek(fd, 0, Whence.SET);
        heap.clear();
        return os.read(fd, heap);
    }

    @Benchmark
    public int osRead4kMapped() {
        os.lseek(fd, 0, Whence.SET);
        mappedView.clear();
        return os.read(fd, mappedView);
    }

    @Benchmark
    public int jdkRead4kHeap() throws IOException {
        heap.clear();
        return channel.read(heap, 0);
    }

    @Benchmark
    public long osMmapMunmap64k() {
        long address = os.mmapAnonymous(64 * 1024, RW);
        os.munmap(address, 64 * 1024);
        return address;
    }
}
