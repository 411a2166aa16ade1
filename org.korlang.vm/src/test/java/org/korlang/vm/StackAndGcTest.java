package org.korlang.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.korlang.gc.standalone.Heaps;
import org.korlang.lang.bytecode.Builtin;
import org.korlang.lang.bytecode.Layout;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.ProgramBuilder;
import org.korlang.lang.bytecode.ProgramBuilder.FunctionBuilder;

/**
 * Frames and objects in the managed heap: 100,000-deep recursion, "stack overflow" as a Korlang
 * error, and object graphs plus frames surviving collections on every policy, under GC stress with
 * the heap verifier, and while the policy is switched at random moments from another thread.
 */
class StackAndGcTest {

    /** depth(n) = n == 0 ? 0 : 1 + depth(n - 1), with a ref register per frame holding a string. */
    static Program depthProgram(long n) {
        ProgramBuilder pb = new ProgramBuilder("deep.kor");
        int intT = pb.intType();
        int strT = pb.stringType();
        int depth = pb.declareFunction();
        FunctionBuilder f = pb.function(depth, "depth", new int[] {intT}, intT, -1);
        int p = f.primReg(intT);
        int t = f.primReg(intT);
        int s = f.refReg(strT);
        f.at(2, 3).asbx(Op.LOADKR, s, pb.stringConstant("frame"));
        ProgramBuilder.Label rec = f.label();
        f.asbx(Op.LOADI, t, 0);
        f.compareBranch(Op.JNEI, p, t, rec);
        f.abc(Op.RETP, t, 0, 0);
        f.place(rec);
        f.at(3, 9).abc(Op.ADDIK, t, p, -1);
        f.withExt(Op.CALL, 0, t, t, depth);
        f.abc(Op.ADDIK, t, t, 1);
        f.abc(Op.RETP, t, 0, 0);
        f.build();
        int main = pb.declareFunction();
        FunctionBuilder m = pb.function(main, "main", new int[0], pb.voidType(), -1);
        int a = m.primReg(intT);
        m.at(6, 5).asbx(Op.LOADKP, a, pb.primConstant(n));
        m.withExt(Op.CALL, 0, a, a, depth);
        m.withExt(Op.CALLB, 0, a, 0, Asm.callb(Builtin.PRINTLN, intT));
        m.abc(Op.RET, 0, 0, 0);
        m.build();
        pb.entry(main);
        return pb.build();
    }

    @Test
    void hundredThousandDeepRecursion() {
        TestConsole c = new TestConsole();
        Outcome o = Asm.run(depthProgram(100_000), "generational", c);
        assertNull(o.errorMessage(), c.err());
        assertEquals("100000\n", c.out());
    }

    @Test
    void unboundedRecursionIsAKorlangStackOverflow() {
        TestConsole c = new TestConsole();
        try (Heaps.ClosableHeap heap = Heaps4Test.create(Heaps4Test.small(), "generational")) {
            Outcome o = new KorlangVm(heap).run(depthProgram(100_000_000), List.of(), c,
                    VmOptions.defaults().withMaxStackBytes(4L << 20));
            assertEquals("stack overflow", o.errorMessage());
            assertEquals(70, o.exitCode());
            assertTrue(c.err().startsWith("error: stack overflow\n  at depth (deep.kor:3:9)\n"), c.err());
            assertTrue(c.err().contains("more frames") && c.err().endsWith("  at main (deep.kor:6:5)\n"), c.err());
        }
    }

    /**
     * A program that builds binary trees with a long-lived tree and many short-lived ones, checks node
     * counts, and prints one checksum; {@code trees} short-lived trees of depth {@code depth}.
     */
    static Program treesProgram(int depth, int trees) {
        ProgramBuilder pb = new ProgramBuilder("trees.kor");
        int intT = pb.intType();
        int node = pb.layout(new Layout("Node", Layout.Kind.STRUCT, new int[0], null, -1, 0));
        int nodeT = pb.objectType(node);
        pb.setLayout(node, new Layout("Node", Layout.Kind.STRUCT, new int[] {nodeT, nodeT, intT},
                new String[] {"left", "right", "value"}, -1, 0));
        // make(d): d == 0 ? Node{null,null,1} : Node{make(d-1), make(d-1), d}
        int make = pb.declareFunction();
        FunctionBuilder f = pb.function(make, "make", new int[] {intT}, nodeT, -1);
        int d = f.primReg(intT);
        int t = f.primReg(intT);
        int n = f.refReg(nodeT);
        int l = f.refReg(nodeT);
        f.at(1, 1).asbx(Op.NEW, n, node);
        f.abc(Op.SETP, n, 2, d);
        ProgramBuilder.Label leaf = f.label();
        f.asbx(Op.LOADI, t, 0);
        f.compareBranch(Op.JEQI, d, t, leaf);
        f.abc(Op.ADDIK, t, d, -1);
        f.withExt(Op.CALL, 0, t, l, make);
        f.abc(Op.SETR, n, 0, l);
        f.withExt(Op.CALL, 0, t, l, make);
        f.abc(Op.SETR, n, 1, l);
        f.place(leaf);
        f.abc(Op.RETR, n, 0, 0);
        f.build();
        // check(n): n == null ? 0 : n.value + check(n.left) + check(n.right)
        int check = pb.declareFunction();
        FunctionBuilder c = pb.function(check, "check", new int[] {nodeT}, intT, -1);
        int cn = c.refReg(nodeT);
        int cx = c.refReg(nodeT);
        int acc = c.primReg(intT);
        int tmp = c.primReg(intT);
        ProgramBuilder.Label nul = c.label();
        c.at(2, 1).branch(Op.JNULL, cn, nul);
        c.abc(Op.GETP, acc, cn, 2);
        c.abc(Op.GETR, cx, cn, 0);
        c.withExt(Op.CALL, cx, 0, tmp, check);
        c.abc(Op.ADDI, acc, acc, tmp);
        c.abc(Op.GETR, cx, cn, 1);
        c.withExt(Op.CALL, cx, 0, tmp, check);
        c.abc(Op.ADDI, acc, acc, tmp);
        c.abc(Op.RETP, acc, 0, 0);
        c.place(nul);
        c.asbx(Op.LOADI, acc, 0);
        c.abc(Op.RETP, acc, 0, 0);
        c.build();
        // main: long = make(depth); sum = 0; for i in 0..trees { sum += check(make(depth)) }; sum += check(long); println(sum)
        int main = pb.declareFunction();
        FunctionBuilder m = pb.function(main, "main", new int[0], pb.voidType(), -1);
        int longLived = m.refReg(nodeT);
        int tree = m.refReg(nodeT);
        int sum = m.primReg(intT);
        int i = m.primReg(intT);
        int end = m.primReg(intT);
        int dp = m.primReg(intT);
        int v = m.primReg(intT);
        m.at(3, 1).asbx(Op.LOADI, dp, depth);
        m.withExt(Op.CALL, 0, dp, longLived, make);
        m.asbx(Op.LOADI, sum, 0);
        m.asbx(Op.LOADI, i, 0);
        m.asbx(Op.LOADKP, end, pb.primConstant(trees));
        ProgramBuilder.Label body = m.label();
        ProgramBuilder.Label exit = m.label();
        m.compareBranch(Op.JLEI, end, i, exit);
        m.place(body);
        m.withExt(Op.CALL, 0, dp, tree, make);
        m.withExt(Op.CALL, tree, 0, v, check);
        m.abc(Op.ADDI, sum, sum, v);
        m.branch(Op.FORLOOP, i, body);
        m.place(exit);
        m.withExt(Op.CALL, longLived, 0, v, check);
        m.abc(Op.ADDI, sum, sum, v);
        m.withExt(Op.CALLB, 0, sum, 0, Asm.callb(Builtin.PRINTLN, intT));
        m.abc(Op.RET, 0, 0, 0);
        m.build();
        pb.entry(main);
        return pb.build();
    }

    /** The checksum treesProgram prints: each tree of depth d sums sum_{k=0..d} k * 2^(d-k) ... computed directly. */
    static long expectedTrees(int depth, int trees) {
        long one = treeSum(depth);
        return one * (trees + 1);
    }

    private static long treeSum(int d) {
        return d == 0 ? 0 : d + 2 * treeSum(d - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep", "semispace"})
    void treesSurviveCollectionsOnEveryPolicy(String policy) {
        TestConsole c = new TestConsole();
        Outcome o = Asm.run(treesProgram(12, 200), policy, c);
        assertNull(o.errorMessage(), c.err());
        assertEquals(expectedTrees(12, 200) + "\n", c.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"generational", "marksweep", "semispace"})
    void underGcStressWithTheVerifier(String policy) {
        TestConsole c = new TestConsole();
        try (Heaps.ClosableHeap heap = Heaps4Test.create(Heaps4Test.small().verify(true).stressEvery(97), policy)) {
            Outcome o = new KorlangVm(heap).run(treesProgram(6, 20), List.of(), c, VmOptions.defaults());
            assertNull(o.errorMessage(), c.err());
            assertEquals(expectedTrees(6, 20) + "\n", c.out());
            assertTrue(heap.stats().minorCollections() + heap.stats().fullCollections() > 5, "stress collected");
        }
    }

    @Test
    void survivesRandomPolicySwitchesWhileRunning() throws Exception {
        TestConsole c = new TestConsole();
        try (Heaps.ClosableHeap heap = Heaps4Test.create(Heaps4Test.small(), "generational")) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger switches = new AtomicInteger();
            Thread switcher = new Thread(() -> {
                Random r = new Random(42);
                String[] names = {"generational", "marksweep", "semispace"};
                while (!done.get()) {
                    String name = names[r.nextInt(3)];
                    if (name.equals("semispace")) {
                        heap.switchPolicy(Heaps4Test.SEMISPACE);
                    } else {
                        heap.switchPolicy(name);
                    }
                    switches.incrementAndGet();
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000 + r.nextInt(3_000_000));
                }
            });
            switcher.start();
            Outcome o;
            try {
                o = new KorlangVm(heap).run(treesProgram(12, 400), List.of(), c, VmOptions.defaults());
            } finally {
                done.set(true);
                switcher.join(60_000);
            }
            assertNull(o.errorMessage(), c.err());
            assertEquals(expectedTrees(12, 400) + "\n", c.out());
            assertTrue(switches.get() >= 3, "switched " + switches.get() + " times");
        }
    }
}
