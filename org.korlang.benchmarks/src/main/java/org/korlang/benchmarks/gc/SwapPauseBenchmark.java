package org.korlang.benchmarks.gc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.korlang.arch.x86_64.internal.X86_64Arch;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.Heaps;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.semispace.internal.SemispacePolicy;
import org.korlang.os.common.MappingRegistry;
import org.korlang.os.linux.internal.LinuxOs;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pause of a live policy switch against the pause of a full collection of the same live set
 * (the target: swap / full ≤ 1.0), for 16, 64 and 256 MiB live. Generational ⇄ marksweep
 * switches adopt the shared mature spaces in place; switches to or from semispace copy the live set.
 *
 * <p>Setup (per trial): a heap on the real Linux Os with limit 2×live + 64 MiB, running the
 * {@code from} policy, holding {@code liveMiB} of binary trees (24-byte nodes) in global handles —
 * all live, no garbage, so both operations touch exactly the live set. Each {@code swap}
 * invocation switches the heap once, alternating between {@code from} and {@code to}; at the end
 * the heap's own SWAP-event pauses are printed beside JMH's times. {@code fullCollection} runs one
 * full collection of the
 * same heap. Both with 2 GC threads (the switch itself is single-threaded).
 *
 * <p>Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar 'gc.SwapPause' -f 1 -wi 2 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 6, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class SwapPauseBenchmark {

    @Param({"16", "64", "256"})
    int liveMiB;

    @Param({"generational:marksweep", "marksweep:generational", "semispace:marksweep", "marksweep:semispace"})
    String fromTo;

    private Heaps.ClosableHeap heap;
    private Mutator m;
    private final List<GlobalHandle> roots = new ArrayList<>();
    private String from;
    private String to;
    private boolean atFrom;
    private final List<Long> swapPauses = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = fromTo.split(":");
        from = p[0];
        to = p[1];
        long live = (long) liveMiB << 20;
        LinuxOs os = new LinuxOs(X86_64Arch.load(), new MappingRegistry());
        heap = Heaps.create(os, HeapConfig.builder().heapLimitBytes(2 * live + (64L << 20)).nurseryBytes(32L << 20)
                .gcThreads(2).policy(from.equals(SemispacePolicy.NAME) ? HeapConfig.DEFAULT_POLICY : from).build());
        if (from.equals(SemispacePolicy.NAME) || to.equals(SemispacePolicy.NAME)) {
            heap.switchPolicy(new SemispacePolicy()); // the heap knows it by name from now on
            heap.switchPolicy(from);
        }
        heap.addListener(e -> {
            if (e.kind() == CollectionKind.SWAP) {
                swapPauses.add(e.pauseNanos());
            }
        });
        m = heap.attach();
        TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(2).references(0, 1).build());
        int depth = 16; // 2^17 - 1 nodes of 24 bytes = 3 MiB per tree
        long perTree = ((1L << (depth + 1)) - 1) * 24;
        for (long have = 0; have < live; have += perTree) {
            roots.add(m.newGlobal(tree(node, depth)));
        }
        heap.collect(CollectionKind.FULL); // everything promoted / settled
        atFrom = true;
    }

    private long tree(TypeId node, int d) {
        if (d == 0) {
            return m.allocate(node);
        }
        int mark = m.mark();
        int l = m.handle(tree(node, d - 1));
        int r = m.handle(tree(node, d - 1));
        long n = m.allocate(node, l, r);
        m.release(mark);
        return n;
    }

    @Benchmark
    public String swap() {
        String target = atFrom ? to : from;
        heap.switchPolicy(target);
        atFrom = !atFrom;
        return target;
    }

    @Benchmark
    public long fullCollection() {
        heap.collect(CollectionKind.FULL);
        return heap.stats().fullCollections();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!swapPauses.isEmpty()) {
            long sum = 0;
            for (long x : swapPauses) {
                sum += x;
            }
            System.out.printf("%nSWAP-PAUSES live=%d MiB %s: n=%d mean=%.1f ms (heap's own SWAP events)%n", liveMiB, fromTo,
                    swapPauses.size(), sum / 1e6 / swapPauses.size());
        }
        System.out.printf("%nHEAP after: %s used, policy %s%n", heap.stats().usedBytes() >> 20, heap.policyName());
        roots.forEach(GlobalHandle::close);
        m.close();
        heap.close();
    }
}
