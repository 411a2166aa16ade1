package org.korlang.vm;

import java.util.List;

import org.korlang.gc.standalone.Heaps;
import org.korlang.lang.bytecode.Builtin;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.ProgramBuilder;
import org.korlang.lang.bytecode.ProgramBuilder.FunctionBuilder;

/** Helpers for tests that write bytecode by hand. */
final class Asm {

    private Asm() {
    }

    static int callb(Builtin b, int type) {
        return b.ordinal() | type << 16;
    }

    /** fib(n) = n < 2 ? n : fib(n-1) + fib(n-2), recursively. */
    static int fib(ProgramBuilder pb) {
        int intT = pb.intType();
        int fib = pb.declareFunction();
        FunctionBuilder f = pb.function(fib, "fib", new int[] {intT}, intT, -1);
        int n = f.primReg(intT);
        int t1 = f.primReg(intT);
        int t2 = f.primReg(intT);
        f.at(2, 5).asbx(Op.LOADI, t1, 2);
        ProgramBuilder.Label small = f.label();
        f.compareBranch(Op.JLTI, n, t1, small);
        f.at(3, 5).abc(Op.ADDIK, t1, n, -1);
        f.withExt(Op.CALL, 0, t1, t1, fib);
        f.abc(Op.ADDIK, t2, n, -2);
        f.withExt(Op.CALL, 0, t2, t2, fib);
        f.abc(Op.ADDI, t1, t1, t2);
        f.abc(Op.RETP, t1, 0, 0);
        f.place(small);
        f.at(2, 20).abc(Op.RETP, n, 0, 0);
        f.build();
        return fib;
    }

    /** main() -> Int { println(fib(n)); 0 } */
    static Program fibProgram(int arg) {
        ProgramBuilder pb = new ProgramBuilder("fib.kor");
        int intT = pb.intType();
        int fib = fib(pb);
        int main = pb.declareFunction();
        FunctionBuilder m = pb.function(main, "main", new int[0], intT, -1);
        int r = m.primReg(intT);
        int a = m.primReg(intT);
        m.at(7, 5);
        if (arg < 32768) {
            m.asbx(Op.LOADI, a, arg);
        } else {
            m.asbx(Op.LOADKP, a, pb.primConstant(arg));
        }
        m.withExt(Op.CALL, 0, a, r, fib);
        m.withExt(Op.CALLB, 0, r, 0, callb(Builtin.PRINTLN, intT));
        m.asbx(Op.LOADI, r, 0);
        m.abc(Op.RETP, r, 0, 0);
        m.build();
        pb.entry(main);
        return pb.build();
    }

    static Outcome run(Program p, String policy, TestConsole console) {
        try (Heaps.ClosableHeap heap = Heaps4Test.create(Heaps4Test.small(), policy)) {
            return new KorlangVm(heap).run(p, List.of(), console, VmOptions.defaults());
        }
    }
}
