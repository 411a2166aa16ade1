package org.korlang.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.korlang.gc.standalone.Heaps;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.lang.bytecode.Program;
import org.korlang.scheduler.TaskCounts;
import org.korlang.scheduler.standalone.StandaloneScheduler;
import org.korlang.testkit.Eventually;

/**
 * {@link KorlangVm#taskCounts()}: live, parked, spawned and completed Korlang tasks, exact while
 * programs run (here: parked on a channel while main waits in {@code readLine}, held by the test) and
 * summed over concurrent runs of one VM; after the runs only the totals remain.
 */
@Timeout(60)
class TaskCountsTest {

    /** {@code args[0]} workers park on one channel; main reads a line (not parked: a blocking section), then releases them. */
    static final String PARKED = """
            fun worker(c: Channel<Int>) -> Int {
                let v = c.recv()
                v!! * 2
            }

            fun main(args: [String]) {
                let n = args[0].toInt()!!
                let c: Channel<Int> = Channel.new(0)
                let workers: [Task<Int>] = []
                for i in 0..n { workers.push(spawn worker(c)) }
                readLine()
                for i in 0..n { c.send(i) }
                var sum = 0
                for w in workers { sum += w.await() }
                println(sum)
            }
            """;

    /** A console whose readLine waits for the test to release it. */
    static final class HeldConsole extends TestConsoleBase {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public byte[] readLine() {
            try {
                if (!release.await(50, TimeUnit.SECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            return "go".getBytes(StandardCharsets.UTF_8);
        }
    }

    /** TestConsole's output collection, with readLine left to the subclass. */
    abstract static class TestConsoleBase implements Console {
        private final TestConsole delegate = new TestConsole();

        @Override
        public void write(byte[] bytes, int offset, int length) {
            delegate.write(bytes, offset, length);
        }

        @Override
        public void writeError(byte[] bytes, int offset, int length) {
            delegate.writeError(bytes, offset, length);
        }

        @Override
        public void flush() {
        }

        String out() {
            return delegate.out();
        }

        String err() {
            return delegate.err();
        }
    }

    private static Program program() {
        CompileResult r = new KorlangCompiler().compile(SourceFile.ofUtf8("parked.kor", PARKED.getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.program().isPresent(), r::formatDiagnostics);
        return r.program().get();
    }

    /** Polls {@code vm.taskCounts()} until {@code condition} holds; fails with the last counts after 30 s. */
    static TaskCounts awaitCounts(KorlangVm vm, Predicate<TaskCounts> condition, String what) {
        AtomicReference<TaskCounts> last = new AtomicReference<>();
        Eventually.await(() -> what + "; counts: " + last.get(), () -> {
            last.set(vm.taskCounts());
            return condition.test(last.get());
        }, Duration.ofSeconds(30));
        return last.get();
    }

    @Test
    void countsAreExactWhileTasksAreParkedAndSummedOverConcurrentRuns() throws Exception {
        Program p = program();
        ExecutorService runner = Executors.newFixedThreadPool(2);
        try (Heaps.ClosableHeap heap = Heaps4Test.create(Heaps4Test.small(), "generational");
                StandaloneScheduler scheduler = StandaloneScheduler.builder().parallelism(2).start()) {
            KorlangVm vm = new KorlangVm(heap, scheduler);
            assertEquals(TaskCounts.NONE, vm.taskCounts());
            HeldConsole first = new HeldConsole();
            HeldConsole second = new HeldConsole();
            Future<Outcome> a = runner.submit(() -> vm.run(p, List.of("10"), first, VmOptions.defaults()));
            // 10 parked workers + main (live, in readLine: not parked)
            awaitCounts(vm, c -> c.parked() == 10, "first run's 10 workers parked");
            assertEquals(new TaskCounts(11, 10, 11, 0), vm.taskCounts());
            Future<Outcome> b = runner.submit(() -> vm.run(p, List.of("5"), second, VmOptions.defaults()));
            awaitCounts(vm, c -> c.parked() == 15, "both runs' workers parked");
            assertEquals(new TaskCounts(17, 15, 17, 0), vm.taskCounts());

            first.release.countDown();
            assertEquals(0, a.get(30, TimeUnit.SECONDS).exitCode(), first::err);
            assertEquals("90\n", first.out());
            // the first run's 11 tasks completed; the second's 6 still live
            assertEquals(new TaskCounts(6, 5, 17, 11), vm.taskCounts());

            second.release.countDown();
            assertEquals(0, b.get(30, TimeUnit.SECONDS).exitCode(), second::err);
            assertEquals("20\n", second.out());
            assertEquals(new TaskCounts(0, 0, 17, 17), vm.taskCounts());
        } finally {
            runner.shutdownNow();
        }
    }
}
