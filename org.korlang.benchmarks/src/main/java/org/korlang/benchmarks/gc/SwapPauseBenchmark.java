package org.korlang.benchmarks.gc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.semispace.internal.SemispacePolicy;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.standalone.Heaps;
import org.korlang.os.Os;
import org.korlang.testkit.HostPorts;
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
 * (the target: swap / full ≤ 1.0), for 16, 64 and 256 MiB live, and the first full
 * collection after a switch (where a switch that retires the old plan leaves the work it did not do:
 * marking the retired objects in place, or — for semispace — moving them out, which a semispace
 * collection does for its whole live set anyway).
 *
 * <p>Per trial: a heap on the real Linux Os with limit 2×live + 64 MiB, holding {@code liveMiB} of
 * binary trees (24-byte nodes) in global handles — all live, no garbage, so every operation touches
 * exactly the live set. Before each timed operation (untimed) the heap is brought back to the
 * {@code from} policy with nothing retired (a copying switch if needed, then a full collection).
 * {@code swap} then switches to {@code to} once; {@code fullCollection} collects once under
 * {@code from}; {@code firstCollectionAfterSwap} switches (untimed) and times the full collection
 * that follows. Generational ⇄ marksweep switches adopt the spaces in place; switches to or from
 * semispace retire the old plan. 2 GC threads.
 *
 * <p>Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar 'SwapPauseBenchmark' -f 1 -wi 2 -i 5}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, batchSize = 1)
@Measurement(iterations = 6, batchSize = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class SwapPauseBenchmark {

    /** The heap and its live trees, built once per trial (one heap per benchmark). */
    @State(Scope.Thread)
    public abstract static class LiveHeap {
        @Param({"16", "64", "256"})
        int liveMiB;

        @Param({"generational:marksweep", "marksweep:generational", "marksweep:semispace", "semispace:marksweep",
            "generational:semispace"})
        String fromTo;

        ManagedHeap heap;
        Mutator m;
        final List<GlobalHandle> roots = new ArrayList<>();
        GcPolicy from;
        GcPolicy to;

        @Setup(Level.Trial)
        public void setUp() {
            String[] p = fromTo.split(":");
            from = policy(p[0]);
            to = policy(p[1]);
            long live = (long) liveMiB << 20;
            Os os = HostPorts.os();
            heap = (ManagedHeap) Heaps.create(os, HeapConfig.builder().heapLimitBytes(2 * live + (64L << 20))
                    .nurseryBytes(32L << 20).gcThreads(2).build());
            heap.switchPolicyCopying(from);
            m = heap.attach();
            TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(2).references(0, 1).build());
            int depth = 16; // 2^17 - 1 nodes of 24 bytes = 3 MiB per tree
            long perTree = ((1L << (depth + 1)) - 1) * 24;
            for (long have = 0; have < live; have += perTree) {
                roots.add(m.newGlobal(tree(node, depth)));
            }
        }

        private static GcPolicy policy(String name) {
            if (name.equals(SemispacePolicy.NAME)) {
                return new SemispacePolicy();
            }
            return Heaps.builtInPolicies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
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

        /** Back on {@code from}, nothing retired, everything settled by a full collection. */
        void settle() {
            if (!heap.policyName().equals(from.name()) || heap.retiredBytes() > 0) {
                heap.switchPolicyCopying(from);
            }
            heap.collect(CollectionKind.FULL);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.printf("%nHEAP after: %d MiB used, policy %s, %d MiB retired%n", heap.stats().usedBytes() >> 20,
                    heap.policyName(), heap.retiredBytes() >> 20);
            roots.forEach(GlobalHandle::close);
            m.close();
            heap.close();
        }
    }

    /** The heap settled on {@code from} before each invocation. */
    @State(Scope.Thread)
    public static class Settled extends LiveHeap {
        @Setup(Level.Invocation)
        public void settleBefore() {
            settle();
        }
    }

    /** The heap just switched from {@code from} to {@code to} before each invocation. */
    @State(Scope.Thread)
    public static class JustSwitched extends LiveHeap {
        @Setup(Level.Invocation)
        public void switchBefore() {
            settle();
            heap.switchPolicy(to);
        }
    }

    @Benchmark
    public String swap(Settled h) {
        h.heap.switchPolicy(h.to);
        return h.heap.policyName();
    }

    @Benchmark
    public long fullCollection(Settled h) {
        h.heap.collect(CollectionKind.FULL);
        return h.heap.stats().fullCollections();
    }

    @Benchmark
    public long firstCollectionAfterSwap(JustSwitched h) {
        h.heap.collect(CollectionKind.FULL);
        return h.heap.stats().fullCollections();
    }
}
