package org.korlang.benchmarks.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.korlang.sync.FutexSync;
import org.korlang.sync.Mutex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Korlang's futex {@link Mutex} side by side with {@link ReentrantLock} (non-fair, the default):
 * <ul>
 * <li>{@code uncontended*}: one thread, lock + increment + unlock on a lock only it uses
 *     (average time per pair; target: Mutex within 1.2x ReentrantLock);</li>
 * <li>{@code contended*}: two threads hammering one lock around a shared counter (throughput
 *     of the pair; target: Mutex at least ReentrantLock).</li>
 * </ul>
 * Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar 'sync.MutexBenchmark' -f 1 -wi 3 -i 5}
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MutexBenchmark {

    /** A lock per thread: never contended. */
    @State(Scope.Thread)
    public static class Private {
        FutexSync sync;
        Mutex mutex;
        ReentrantLock reentrant;
        long counter;

        @Setup(Level.Trial)
        public void setUp() {
            sync = LinuxSync.create();
            mutex = sync.newMutex();
            reentrant = new ReentrantLock();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            sync.close();
        }
    }

    /** One lock for all threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"20"})
        int spins;
        FutexSync sync;
        Mutex mutex;
        ReentrantLock reentrant;
        long counter;

        @Setup(Level.Trial)
        public void setUp() {
            sync = LinuxSync.create(spins);
            mutex = sync.newMutex();
            reentrant = new ReentrantLock();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            sync.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long uncontendedKorlangMutex(Private s) {
        s.mutex.lock();
        try {
            return ++s.counter;
        } finally {
            s.mutex.unlock();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long uncontendedReentrantLock(Private s) {
        s.reentrant.lock();
        try {
            return ++s.counter;
        } finally {
            s.reentrant.unlock();
        }
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long contendedKorlangMutex(Shared s) {
        s.mutex.lock();
        try {
            return ++s.counter;
        } finally {
            s.mutex.unlock();
        }
    }

    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long contendedReentrantLock(Shared s) {
        s.reentrant.lock();
        try {
            return ++s.counter;
        } finally {
            s.reentrant.unlock();
        }
    }
}
