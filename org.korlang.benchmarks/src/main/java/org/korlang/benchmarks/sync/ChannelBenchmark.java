package org.korlang.benchmarks.sync;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.korlang.sync.Channel;
import org.korlang.sync.FutexSync;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Channel throughput, one producer and one consumer thread, side by side with the JDK peers:
 * <ul>
 * <li>{@code bounded*}: a Korlang bounded channel vs {@link ArrayBlockingQueue}, both of capacity
 *     1024, blocking sends and receives (target: the channel at least ArrayBlockingQueue);</li>
 * <li>{@code unbounded*}: a Korlang unbounded channel vs {@link LinkedTransferQueue}.</li>
 * </ul>
 * Each group reports the producer's and the consumer's rate; a transfer is one receive. The
 * blocking calls carry a 10 ms timeout so that neither side hangs when JMH stops the other at the
 * end of an iteration. The unbounded producers pause while more than 64 Ki elements are queued
 * (measured with a counter the consumer publishes every 1024 receives), so the queue measures
 * transfer, not memory growth.
 *
 * Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar 'sync.ChannelBenchmark' -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ChannelBenchmark {

    static final Integer ITEM = 42;
    static final int CAPACITY = 1024;
    static final long BACKLOG = 64 * 1024;
    static final long TIMEOUT_MS = 10;

    @State(Scope.Group)
    public static class Queues {
        /** The FutexSync spin limit (the default is 20). */
        @Param({"20"})
        int spins;
        FutexSync sync;
        Channel<Integer> bounded;
        Channel<Integer> unbounded;
        ArrayBlockingQueue<Integer> arrayQueue;
        LinkedTransferQueue<Integer> transferQueue;
        /** Receives so far, published by the consumer every 1024 (unbounded groups only). */
        final AtomicLong received = new AtomicLong();

        @Setup(Level.Trial)
        public void setUp() {
            sync = LinuxSync.create(spins);
            bounded = sync.newChannel(CAPACITY);
            unbounded = sync.newUnboundedChannel();
            arrayQueue = new ArrayBlockingQueue<>(CAPACITY);
            transferQueue = new LinkedTransferQueue<>();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            sync.close();
        }
    }

    /** Per-thread counts for the unbounded backlog limit. */
    @State(Scope.Thread)
    public static class Counts {
        long sent;
        long received;
    }

    // ------------------------------------------------------------------------------- bounded

    @Benchmark
    @Group("boundedKorlangChannel")
    @GroupThreads(1)
    public boolean boundedChannelSend(Queues q) throws InterruptedException {
        return q.bounded.send(ITEM, TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Benchmark
    @Group("boundedKorlangChannel")
    @GroupThreads(1)
    public Integer boundedChannelReceive(Queues q) throws InterruptedException {
        return q.bounded.receive(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Benchmark
    @Group("boundedArrayBlockingQueue")
    @GroupThreads(1)
    public boolean arrayQueueOffer(Queues q) throws InterruptedException {
        return q.arrayQueue.offer(ITEM, TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Benchmark
    @Group("boundedArrayBlockingQueue")
    @GroupThreads(1)
    public Integer arrayQueuePoll(Queues q) throws InterruptedException {
        return q.arrayQueue.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    // ----------------------------------------------------------------------------- unbounded

    @Benchmark
    @Group("unboundedKorlangChannel")
    @GroupThreads(1)
    public boolean unboundedChannelSend(Queues q, Counts c, Control control) throws InterruptedException {
        throttle(q, c, control);
        return q.unbounded.send(ITEM, TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Benchmark
    @Group("unboundedKorlangChannel")
    @GroupThreads(1)
    public Integer unboundedChannelReceive(Queues q, Counts c) throws InterruptedException {
        Integer v = q.unbounded.receive(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        publish(q, c, v);
        return v;
    }

    @Benchmark
    @Group("unboundedLinkedTransferQueue")
    @GroupThreads(1)
    public boolean transferQueueOffer(Queues q, Counts c, Control control) {
        throttle(q, c, control);
        return q.transferQueue.offer(ITEM, TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Benchmark
    @Group("unboundedLinkedTransferQueue")
    @GroupThreads(1)
    public Integer transferQueuePoll(Queues q, Counts c) throws InterruptedException {
        Integer v = q.transferQueue.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        publish(q, c, v);
        return v;
    }

    /** Pauses the producer while the backlog is too long (never past the end of an iteration). */
    private static void throttle(Queues q, Counts c, Control control) {
        if ((++c.sent & 1023) == 0) {
            while (c.sent - q.received.get() > BACKLOG && !control.stopMeasurement) {
                Thread.yield();
            }
        }
    }

    private static void publish(Queues q, Counts c, Integer v) {
        if (v != null && (++c.received & 1023) == 0) {
            q.received.lazySet(c.received);
        }
    }
}
