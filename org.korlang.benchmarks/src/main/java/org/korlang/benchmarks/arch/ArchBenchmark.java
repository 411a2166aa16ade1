package org.korlang.benchmarks.arch;

import java.util.concurrent.TimeUnit;

import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.korlang.arch.Arch;
import org.korlang.arch.aarch64.internal.Aarch64Arch;
import org.korlang.arch.x86_64.internal.X86_64Arch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one call into the arch shim costs from Java (JNA direct mapping), next to the JDK's own
 * peer where there is one:
 * <ul>
 * <li>{@code cycleCounter} vs {@code System.nanoTime()};
 * <li>{@code cpuRelax} vs {@code Thread.onSpinWait()} (an intrinsic: no call at all);
 * <li>{@code syscallGetpid}: a full raw kernel round trip through the shim;
 * <li>{@code contextRoundTrip}: Java switches into a finished context, which bounces straight
 *     back to its return context — two context switches plus one JNA call;
 * <li>{@code contextLifeCycle}: init a context whose entry is libc {@code time(NULL)}, switch in,
 *     entry runs and returns, the trampoline switches back.
 * </ul>
 * The Arch is loaded outside OSGi: {@code X86_64Arch.load()} / {@code Aarch64Arch.load()} find
 * the shim inside the arch bundle jars on the classpath.
 *
 * <p>Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar org.korlang.benchmarks.arch}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ArchBenchmark {

    private static final long SYS_GETPID_X86_64 = 39, SYS_GETPID_AARCH64 = 172;

    private Arch arch;
    private long getpid;
    private Memory areas;
    private Memory stack;
    private long main;
    private long finished;
    private long fresh;
    private long stackTop;
    private long time;

    @Setup
    public void setUp() {
        boolean aarch64 = System.getProperty("os.arch").equals("aarch64");
        arch = aarch64 ? Aarch64Arch.load() : X86_64Arch.load();
        getpid = aarch64 ? SYS_GETPID_AARCH64 : SYS_GETPID_X86_64;

        int size = arch.contextSize();
        areas = new Memory(3L * size + 16);
        main = (Pointer.nativeValue(areas) + 15) & ~15L;
        finished = main + size;
        fresh = finished + size;
        stack = new Memory(64 * 1024);
        stackTop = (Pointer.nativeValue(stack) + stack.size()) & ~15L;
        time = Pointer.nativeValue(NativeLibrary.getInstance("c").getFunction("time"));

        // run one context to completion: from then on, switching into it bounces straight back
        arch.contextInit(finished, stackTop, time, 0, main);
        arch.contextSwitch(main, finished);
    }

    @Benchmark
    public long cycleCounter() {
        return arch.cycleCounter();
    }

    @Benchmark
    public long jdkNanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public void cpuRelax() {
        arch.cpuRelax();
    }

    @Benchmark
    public void jdkOnSpinWait() {
        Thread.onSpinWait();
    }

    @Benchmark
    public long syscallGetpid() {
        return arch.syscall(getpid);
    }

    @Benchmark
    public void contextRoundTrip() {
        arch.contextSwitch(main, finished);
    }

    @Benchmark
    public void contextLifeCycle() {
        arch.contextInit(fresh, stackTop, time, 0, main);
        arch.contextSwitch(main, fresh);
    }
}
