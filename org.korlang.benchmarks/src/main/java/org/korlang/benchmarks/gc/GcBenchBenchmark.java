package org.korlang.benchmarks.gc;

import java.util.concurrent.TimeUnit;

import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HandleScope;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
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
 * Boehm's GCBench with its original parameters: stretch tree of depth 18, a long-lived tree of
 * depth 16 and a long-lived array of 500,000 doubles (a large object here), then for depths 4, 6,
 * …, 16 as many trees as fit twice the stretch tree's size, built top-down (Populate: the parent
 * exists before its children — old-to-young stores through the write barrier) and bottom-up
 * (MakeTree). Node = two references + two ints. Same code on the managed heap and on Java objects.
 *
 * <p>Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar 'gc.GcBench' -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GcBenchBenchmark {

    static final int STRETCH_DEPTH = 18;
    static final int LONG_LIVED_DEPTH = 16;
    static final int ARRAY_SIZE = 500_000;
    static final int MIN_DEPTH = 4;
    static final int MAX_DEPTH = 16;

    static int treeSize(int i) {
        return (1 << (i + 1)) - 1;
    }

    static int iterations(int i) {
        return 2 * treeSize(STRETCH_DEPTH) / treeSize(i);
    }

    /** The managed heap of one trial. */
    @State(Scope.Thread)
    public static class Managed {
        /** The collection policy of the managed heap (plain Java objects have no such parameter). */
        @Param({"generational", "marksweep", "semispace"})
        public String policy;
        ManagedHeapState state;
        Mutator m;
        TypeId node;
        TypeId doubles;

        @Setup(Level.Trial)
        public void setUp() {
            state = new ManagedHeapState(512L << 20, policy);
            m = state.mutator;
            // slots: 0 left, 1 right, 2 i, 3 j
            node = state.heap.registerType(TypeLayout.fixed("GCBenchNode").slots(4).references(0, 1).build());
            doubles = state.heap.registerType(TypeLayout.primitiveArray("double[]", 8));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.println();
            System.out.println(state.pauses("GCBench"));
            state.close();
        }

        /** Top-down: the node in handle {@code h} gets two fresh children, recursively. */
        void populate(int depth, int h) {
            if (depth <= 0) {
                return;
            }
            depth--;
            int mark = m.mark();
            long left = m.allocate(node);
            m.putRef(m.get(h), 0, left);
            long right = m.allocate(node);
            m.putRef(m.get(h), 1, right);
            int l = m.handle(m.getRef(m.get(h), 0));
            int r = m.handle(m.getRef(m.get(h), 1));
            populate(depth, l);
            populate(depth, r);
            m.release(mark);
        }

        /** Bottom-up. */
        long makeTree(int depth) {
            if (depth <= 0) {
                return m.allocate(node);
            }
            int mark = m.mark();
            int l = m.handle(makeTree(depth - 1));
            int r = m.handle(makeTree(depth - 1));
            long n = m.allocate(node, l, r); // new Node(l, r)
            m.release(mark);
            return n;
        }

        long count(long n) {
            if (n == 0) {
                return 0;
            }
            return 1 + count(m.getRef(n, 0)) + count(m.getRef(n, 1));
        }
    }

    // ------------------------------------------------------------------ managed heap

    @Benchmark
    public long managedHeap(Managed h) {
        Mutator m = h.m;
        long result;
        try (HandleScope s = m.openScope()) {
            result = h.count(h.makeTree(STRETCH_DEPTH));
            int longLived = s.handle(m.allocate(h.node));
            h.populate(LONG_LIVED_DEPTH, longLived);
            try (GlobalHandle array = m.newGlobal(m.allocateArray(h.doubles, ARRAY_SIZE))) {
                for (int i = 0; i < ARRAY_SIZE / 2; i++) {
                    m.putDoubleElement(m.get(array), i, 1.0 / i);
                }
                for (int d = MIN_DEPTH; d <= MAX_DEPTH; d += 2) {
                    int n = iterations(d);
                    for (int i = 0; i < n; i++) {
                        try (HandleScope t = m.openScope()) {
                            int temp = t.handle(m.allocate(h.node));
                            h.populate(d, temp);
                            result += m.get(temp) != 0 ? 1 : 0;
                        }
                    }
                    for (int i = 0; i < n; i++) {
                        result += h.makeTree(d) != 0 ? 1 : 0;
                    }
                }
                if (m.getDoubleElement(m.get(array), 1000) != 1.0 / 1000) {
                    throw new AssertionError("long-lived array changed");
                }
            }
            result += h.count(m.get(longLived));
        }
        return result;
    }

    // ------------------------------------------------------------------ plain Java

    static final class Node {
        Node left;
        Node right;
        int i;
        int j;

        Node(Node l, Node r) {
            left = l;
            right = r;
        }

        Node() {
        }
    }

    @Benchmark
    public long javaObjects(JvmPausesState jvm) {
        long result = count(makeTreeJava(STRETCH_DEPTH));
        Node longLived = new Node();
        populateJava(LONG_LIVED_DEPTH, longLived);
        double[] array = new double[ARRAY_SIZE];
        for (int i = 0; i < ARRAY_SIZE / 2; i++) {
            array[i] = 1.0 / i;
        }
        for (int d = MIN_DEPTH; d <= MAX_DEPTH; d += 2) {
            int n = iterations(d);
            for (int i = 0; i < n; i++) {
                Node temp = new Node();
                populateJava(d, temp);
                result += temp != null ? 1 : 0;
            }
            for (int i = 0; i < n; i++) {
                result += makeTreeJava(d) != null ? 1 : 0;
            }
        }
        if (array[1000] != 1.0 / 1000) {
            throw new AssertionError("long-lived array changed");
        }
        return result + count(longLived);
    }

    private static void populateJava(int depth, Node n) {
        if (depth <= 0) {
            return;
        }
        depth--;
        n.left = new Node();
        n.right = new Node();
        populateJava(depth, n.left);
        populateJava(depth, n.right);
    }

    private static Node makeTreeJava(int depth) {
        return depth <= 0 ? new Node() : new Node(makeTreeJava(depth - 1), makeTreeJava(depth - 1));
    }

    private static long count(Node n) {
        return n == null ? 0 : 1 + count(n.left) + count(n.right);
    }
}
