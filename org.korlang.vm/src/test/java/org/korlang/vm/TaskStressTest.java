package org.korlang.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.standalone.Heaps;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.lang.bytecode.Program;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/**
 * Stress of Korlang tasks and channels (#12): {@code N} producer tasks each send their id into the
 * first channel of a chain of relay tasks; main receives at the end of the chain and checks that every
 * id arrived exactly once (a per-id count, the sum, the sum of squares) and that every relay forwarded
 * all of them. Run plainly with 100,000 producers; under GC stress (a collection every few thousand
 * allocations, and with the heap verifier on a smaller run); with the GC policy switched at random
 * moments from another thread; and with the scheduler policy switched (work-stealing ⇄ fifo) at random
 * moments. Each run has a watchdog that fails the test instead of hanging.
 */
class TaskStressTest {

    static final String PROGRAM = """
            fun produce(out: Channel<Int>, i: Int) { out.send(i) }

            fun relay(input: Channel<Int>, out: Channel<Int>) -> Int {
                var n = 0
                var v = input.recv()
                while v != null {
                    out.send(v)
                    n += 1
                    v = input.recv()
                }
                out.close()
                n
            }

            fun main(args: [String]) {
                let n = args[0].toInt()!!
                let stages = args[1].toInt()!!
                let first: Channel<Int> = Channel.new(64)
                var ch = first
                let relays: [Task<Int>] = []
                for s in 0..stages {
                    let next: Channel<Int> = Channel.new(s % 2 * 16)
                    relays.push(spawn relay(ch, next))
                    ch = next
                }
                let last = ch
                let producers: [Task<Void>] = []
                for i in 0..n { producers.push(spawn produce(first, i)) }
                let closer = spawn {
                    for p in producers { p.await() }
                    first.close()
                }
                let seen = [0; n]
                var count = 0
                var sum = 0
                var squares = 0
                var v = last.recv()
                while v != null {
                    seen[v] += 1
                    count += 1
                    sum += v
                    squares += v * v
                    v = last.recv()
                }
                closer.await()
                var once = 0
                for k in seen { if k == 1 { once += 1 } }
                var forwarded = 0
                for r in relays { forwarded += r.await() }
                println(count)
                println(once)
                println(sum)
                println(squares)
                println(forwarded)
            }
            """;

    static final Duration WATCHDOG = Duration.ofSeconds(120);
    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "task-stress");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void shutdown() {
        RUNNER.shutdownNow();
    }

    private static Program program() {
        CompileResult r = new KorlangCompiler().compile(SourceFile.ofUtf8("stress.kor", PROGRAM.getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.program().isPresent(), r::formatDiagnostics);
        return r.program().get();
    }

    /** Runs the program with {@code n} producers and {@code stages} relays; checks every checksum. */
    private static void runAndCheck(int n, int stages, HeapConfig.Builder config, String policy,
            Function<Heaps.ClosableHeap, Runnable> duringRun, StandaloneScheduler scheduler) throws Exception {
        Program p = program();
        TestConsole console = new TestConsole();
        Outcome outcome;
        try (Heaps.ClosableHeap heap = Heaps4Test.create(config, policy)) {
            Future<Outcome> f = RUNNER.submit(() -> new KorlangVm(heap, scheduler)
                    .run(p, List.of(String.valueOf(n), String.valueOf(stages)), console, VmOptions.defaults()));
            Runnable stopDisturbing = duringRun == null ? () -> { } : duringRun.apply(heap);
            try {
                outcome = f.get(WATCHDOG.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                fail("no result within " + WATCHDOG + "; output so far: " + console.out() + console.err());
                return;
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            } finally {
                stopDisturbing.run(); // before the heap closes
            }
        }
        assertEquals(0, outcome.exitCode(), () -> "stderr: " + console.err());
        long sum = (long) n * (n - 1) / 2;
        long squares = 0;
        for (long i = 0; i < n; i++) {
            squares += i * i;
        }
        assertEquals(n + "\n" + n + "\n" + sum + "\n" + squares + "\n" + (long) n * stages + "\n", console.out(),
                "count, ids seen exactly once, sum, sum of squares, messages forwarded by the relays");
    }

    private static HeapConfig.Builder heap256() {
        return HeapConfig.builder().heapLimitBytes(256L << 20).nurseryBytes(4L << 20).gcThreads(1);
    }

    @Test
    void hundredThousandTasksThroughAChainOfChannels() throws Exception {
        runAndCheck(100_000, 4, heap256(), "generational", null, null);
    }

    @Test
    void underGcStress() throws Exception {
        runAndCheck(100_000, 4, heap256().stressEvery(20_000), "marksweep", null, null);
    }

    @Test
    void underGcStressWithTheHeapVerifier() throws Exception {
        runAndCheck(5_000, 3, heap256().stressEvery(500).verify(true), "semispace", null, null);
    }

    @Test
    void underRandomGcPolicySwitches() throws Exception {
        AtomicInteger switches = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        runAndCheck(100_000, 4, heap256(), "generational", heap -> {
            Thread t = new Thread(() -> {
                Random r = new Random(12);
                while (!stop.get()) {
                    LockSupport.parkNanos(2_000_000 + r.nextInt(8_000_000));
                    try {
                        switch (r.nextInt(3)) {
                            case 0 -> heap.switchPolicy("generational");
                            case 1 -> heap.switchPolicy("marksweep");
                            default -> heap.switchPolicy(Heaps4Test.SEMISPACE);
                        }
                        switches.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                        return;
                    }
                }
            }, "gc-switcher");
            t.setDaemon(true);
            t.start();
            return () -> {
                stop.set(true);
                joinQuietly(t);
            };
        }, null);
        assertTrue(failures.isEmpty(), () -> "a policy switch failed: " + failures);
        assertTrue(switches.get() > 0, "no GC policy switch happened during the run");
    }

    @Test
    void underRandomSchedulerPolicySwitches() throws Exception {
        AtomicInteger switches = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (StandaloneScheduler scheduler = StandaloneScheduler.builder().start()) {
            Thread t = new Thread(() -> {
                Random r = new Random(7);
                while (!stop.get()) {
                    LockSupport.parkNanos(1_000_000 + r.nextInt(5_000_000));
                    try {
                        scheduler.switchPolicy(r.nextBoolean() ? "fifo" : "work-stealing");
                        switches.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                        return;
                    }
                }
            }, "sched-switcher");
            t.setDaemon(true);
            t.start();
            try {
                runAndCheck(100_000, 4, heap256(), "generational", null, scheduler);
            } finally {
                stop.set(true);
                joinQuietly(t);
            }
        }
        assertTrue(failures.isEmpty(), () -> "a scheduler policy switch failed: " + failures);
        assertTrue(switches.get() > 0, "no scheduler policy switch happened during the run");
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
