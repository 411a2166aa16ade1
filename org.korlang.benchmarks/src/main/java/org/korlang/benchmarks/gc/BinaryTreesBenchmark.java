package org.korlang.benchmarks.gc;

import java.util.concurrent.TimeUnit;

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
 * binary-trees (the Benchmarks Game program, single-threaded) at depths 16 to 18: the same
 * algorithm on the managed generational heap ({@code managedHeap}) and on plain Java objects under
 * the JVM's default collector ({@code javaObjects}), side by side in the same run.
 *
 * <p>Per operation: a stretch tree of depth+1, a long-lived tree of depth, then for d = 4, 6, …,
 * depth: 2^(depth-d+4) trees of depth d built bottom-up and checked (node count), then the
 * long-lived tree checked. The managed version keeps children in handles while the parent is
 * allocated (allocation may collect and move them) and builds the parent with the constructor-like
 * {@code allocate(type, left, right)}; the recursion uses handle-stack marks, the lightweight form
 * of a handle scope. Returns the sum of the checks, which is the
 * same for both versions.
 *
 * <p>Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar 'gc.BinaryTrees' -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BinaryTreesBenchmark {

    @Param({"16", "17", "18"})
    int depth;

    /** The managed heap of one trial. */
    @State(Scope.Thread)
    public static class Managed {
        /** The collection policy of the managed heap (plain Java objects have no such parameter). */
        @Param({"generational", "marksweep", "semispace"})
        public String policy;
        ManagedHeapState state;
        Mutator m;
        TypeId node;

        @Setup(Level.Trial)
        public void setUp() {
            state = new ManagedHeapState(512L << 20, policy);
            m = state.mutator;
            node = state.heap.registerType(TypeLayout.fixed("TreeNode").slots(2).references(0, 1).build());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            System.out.println();
            System.out.println(state.pauses("binary-trees"));
            state.close();
        }

        long bottomUp(int d) {
            if (d == 0) {
                return m.allocate(node);
            }
            int mark = m.mark(); // the hot-code form of a handle scope
            int left = m.handle(bottomUp(d - 1));
            int right = m.handle(bottomUp(d - 1));
            long n = m.allocate(node, left, right); // new Node(left, right)
            m.release(mark);
            return n;
        }

        long check(long n) {
            long left = m.getRef(n, 0);
            if (left == 0) {
                return 1;
            }
            return 1 + check(left) + check(m.getRef(n, 1));
        }
    }

    // ------------------------------------------------------------------ managed heap

    @Benchmark
    public long managedHeap(Managed h) {
        int max = Math.max(6, depth);
        long result;
        try (HandleScope s = h.m.openScope()) {
            result = h.check(h.bottomUp(max + 1));
            int longLived = s.handle(h.bottomUp(max));
            for (int d = 4; d <= max; d += 2) {
                int iterations = 1 << (max - d + 4);
                long sum = 0;
                for (int i = 0; i < iterations; i++) {
                    sum += h.check(h.bottomUp(d));
                }
                result += sum;
            }
            result += h.check(h.m.get(longLived));
        }
        return result;
    }

    // ------------------------------------------------------------------ plain Java

    static final class Node {
        Node left;
        Node right;

        Node(Node left, Node right) {
            this.left = left;
            this.right = right;
        }
    }

    @Benchmark
    public long javaObjects(JvmPausesState jvm) {
        int max = Math.max(6, depth);
        long result = check(bottomUpJava(max + 1));
        Node longLived = bottomUpJava(max);
        for (int d = 4; d <= max; d += 2) {
            int iterations = 1 << (max - d + 4);
            long sum = 0;
            for (int i = 0; i < iterations; i++) {
                sum += check(bottomUpJava(d));
            }
            result += sum;
        }
        return result + check(longLived);
    }

    private static Node bottomUpJava(int d) {
        return d == 0 ? new Node(null, null) : new Node(bottomUpJava(d - 1), bottomUpJava(d - 1));
    }

    private static long check(Node n) {
        return n.left == null ? 1 : 1 + check(n.left) + check(n.right);
    }
}
