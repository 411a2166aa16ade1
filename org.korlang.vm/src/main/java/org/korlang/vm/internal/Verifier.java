package org.korlang.vm.internal;

import java.util.List;

import org.korlang.lang.bytecode.Builtin;
import org.korlang.lang.bytecode.EnumDesc;
import org.korlang.lang.bytecode.FunctionCode;
import org.korlang.lang.bytecode.Layout;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.RefConstant;
import org.korlang.lang.bytecode.TypeDesc;
import org.korlang.lang.bytecode.TypeDesc.Kind;
import org.korlang.vm.BytecodeException;

/**
 * Load-time verification: after it, the interpreter may touch the heap without per-access layout
 * checks. One pass over each function; no dataflow is needed because every register has one
 * declared type for the whole function (code generation allocates registers per type).
 *
 * <h2>What is proven</h2>
 * <ul>
 * <li>Tables: every type, layout, enum, function and constant index is in range; types of the right
 * kind where a kind is required; each enum's variants are VARIANT layouts owned by it with their
 * tags in order; each CLOSURE layout's function is the code of that layout.</li>
 * <li>Code: every opcode exists; instructions do not run off the end (the last one is a return or
 * an unconditional jump); every jump lands on an instruction start; forward jumps are forward and
 * back-edges are only LOOP and FORLOOP (which poll for safepoints) — so a loop always reaches a
 * safepoint.</li>
 * <li>Operands: every register index is below its file's size and has the kind and type the
 * instruction needs: a field access names a field slot of the register's layout with the access's
 * kind (so {@code obj + 8 + 8*slot} is inside the object and holds what is read); an element access
 * is on an array register with that element class; calls pass the callee's parameter types and
 * receive its result type; a closure call's function type matches the register's; returns match the
 * function's result.</li>
 * </ul>
 * What is not proven stays checked at run time: null (every dereference), array bounds, division by
 * zero, variant casts, casts from Any.
 */
public final class Verifier {

    private final Program p;
    private final List<TypeDesc> types;
    private String where = "";

    private Verifier(Program p) {
        this.p = p;
        this.types = p.types();
    }

    public static void verify(Program p) {
        new Verifier(p).run();
    }

    private BytecodeException fail(String msg) {
        return new BytecodeException(p.sourceName() + ": invalid bytecode" + where + ": " + msg);
    }

    private void check(boolean ok, String msg) {
        if (!ok) {
            throw fail(msg);
        }
    }

    private void run() {
        for (int i = 0; i < types.size(); i++) {
            TypeDesc t = types.get(i);
            where = " in type " + i;
            check(t != null, "missing type");
            switch (t.kind()) {
                case ARRAY -> {
                    check(validType(t.arg()) && types.get(t.arg()).kind() != Kind.VOID, "bad element type");
                }
                case OBJECT -> check(t.arg() >= 0 && t.arg() < p.layouts().size(), "bad layout index " + t.arg());
                case ENUM -> check(t.arg() >= 0 && t.arg() < p.enums().size(), "bad enum index " + t.arg());
                case BOX -> check(t.arg() >= 0 && t.arg() <= Op.KIND_CHAR, "bad box kind " + t.arg());
                // tasks and channels (#12)
                case TASK -> check(validType(t.arg()), "bad task result type");
                case CHANNEL -> check(validType(t.arg()) && types.get(t.arg()).isRef(), "bad channel element type");
                case FUNC -> {
                    for (int q : t.params()) {
                        check(validType(q) && types.get(q).kind() != Kind.VOID, "bad parameter type");
                    }
                    check(validType(t.ret()), "bad result type");
                }
                default -> {
                }
            }
        }
        for (int i = 0; i < p.layouts().size(); i++) {
            Layout l = p.layouts().get(i);
            where = " in layout " + i + " (" + l.name() + ")";
            check(l.slots() <= 65535, "too many slots");
            for (int ft : l.fieldTypes()) {
                check(validType(ft) && types.get(ft).kind() != Kind.VOID, "bad field type " + ft);
            }
            if (l.kind() == Layout.Kind.VARIANT) {
                check(l.owner() >= 0 && l.owner() < p.enums().size(), "variant of no enum");
                int[] vs = p.enums().get(l.owner()).variants();
                check(l.tag() >= 0 && l.tag() < vs.length && vs[l.tag()] == i, "variant tag does not match its enum");
            }
            if (l.kind() == Layout.Kind.CLOSURE) {
                check(l.owner() >= 0 && l.owner() < p.functions().size(), "closure of no function");
                check(p.functions().get(l.owner()).closure() == i, "the closure's function is not the code of this layout");
            }
        }
        for (int i = 0; i < p.enums().size(); i++) {
            EnumDesc e = p.enums().get(i);
            where = " in enum " + e.name();
            for (int v = 0; v < e.variants().length; v++) {
                int l = e.variants()[v];
                check(l >= 0 && l < p.layouts().size(), "bad variant layout");
                Layout vl = p.layouts().get(l);
                check(vl.kind() == Layout.Kind.VARIANT && vl.owner() == i && vl.tag() == v, "variant " + v + " is not this enum's");
            }
        }
        for (int i = 0; i < p.refConstants().size(); i++) {
            RefConstant k = p.refConstants().get(i);
            where = " in constant " + i;
            if (k.kind() == RefConstant.Kind.STRING) {
                check(k.text() != null, "string constant without text");
            } else {
                check(k.layout() >= 0 && k.layout() < p.layouts().size(), "bad layout");
                Layout l = p.layouts().get(k.layout());
                check(l.fieldTypes().length == 0 && l.kind() == (k.kind() == RefConstant.Kind.VARIANT ? Layout.Kind.VARIANT
                        : Layout.Kind.CLOSURE), "a constant object must be a field-less " + k.kind());
            }
        }
        where = "";
        check(p.entry() >= 0 && p.entry() < p.functions().size(), "no entry function");
        FunctionCode main = p.functions().get(p.entry());
        check(main.closure() < 0, "main is a closure");
        check(main.params().length == 0 || (main.params().length == 1 && isStringArray(main.params()[0])),
                "main takes no parameters or one [String]");
        Kind mk = types.get(main.ret()).kind();
        check(mk == Kind.VOID || mk == Kind.INT, "main returns Void or Int");
        for (int i = 0; i < p.functions().size(); i++) {
            verifyFunction(i, p.functions().get(i));
        }
    }

    private boolean isStringArray(int t) {
        TypeDesc d = types.get(t);
        return d.kind() == Kind.ARRAY && types.get(d.arg()).kind() == Kind.STRING;
    }

    private boolean validType(int t) {
        return t >= 0 && t < types.size();
    }

    private TypeDesc type(int t) {
        return types.get(t);
    }

    /**
     * Whether a value of type {@code src} may be stored where {@code dst} is declared: the same type;
     * anything reference-typed into Any; a variant object into its enum; a closure object into a
     * matching function type.
     */
    boolean assignable(int dst, int src) {
        if (dst == src) {
            return true;
        }
        TypeDesc d = type(dst);
        TypeDesc s = type(src);
        if (d.kind() == Kind.ANY) {
            return s.isRef();
        }
        if (d.kind() == Kind.ENUM && s.kind() == Kind.OBJECT) {
            Layout l = p.layouts().get(s.arg());
            return l.kind() == Layout.Kind.VARIANT && l.owner() == d.arg();
        }
        if (d.kind() == Kind.FUNC && s.kind() == Kind.OBJECT) {
            Layout l = p.layouts().get(s.arg());
            if (l.kind() != Layout.Kind.CLOSURE) {
                return false;
            }
            FunctionCode f = p.functions().get(l.owner());
            return java.util.Arrays.equals(f.params(), d.params()) && f.ret() == d.ret();
        }
        return false;
    }

    // ---------------------------------------------------------------------------- functions

    private int[] refRegs;
    private int[] primRegs;
    private FunctionCode fn;

    private void verifyFunction(int index, FunctionCode f) {
        fn = f;
        where = " in function " + index + " (" + f.name() + ")";
        refRegs = f.refRegs();
        primRegs = f.primRegs();
        check(refRegs.length <= 256 && primRegs.length <= 256, "more than 256 registers of a kind");
        for (int t : refRegs) {
            check(validType(t) && type(t).isRef(), "a ref register of a non-reference type");
        }
        for (int t : primRegs) {
            check(validType(t) && type(t).isPrim(), "a prim register of a non-primitive type");
        }
        check(validType(f.ret()), "bad result type");
        int nr = 0;
        int np = 0;
        if (f.closure() >= 0) {
            check(f.closure() < p.layouts().size() && p.layouts().get(f.closure()).kind() == Layout.Kind.CLOSURE
                    && p.layouts().get(f.closure()).owner() == index, "closure layout does not name this function");
            check(refRegs.length > 0 && type(refRegs[0]).kind() == Kind.OBJECT && type(refRegs[0]).arg() == f.closure(),
                    "r0 of a closure's code must have the closure's layout type");
            nr = 1;
        }
        for (int t : f.params()) {
            check(validType(t), "bad parameter type");
            if (type(t).isRef()) {
                check(nr < refRegs.length && refRegs[nr] == t, "ref parameter " + nr + " does not have its register's type");
                nr++;
            } else {
                check(np < primRegs.length && primRegs[np] == t, "prim parameter " + np + " does not have its register's type");
                np++;
            }
        }
        int[] code = f.code();
        check(code.length > 0, "no code");
        check(f.lines().length == code.length && f.columns().length == code.length, "position tables do not match the code");
        boolean[] start = new boolean[code.length];
        int pc = 0;
        int last = 0;
        while (pc < code.length) {
            int w = code[pc];
            check(Op.valid(w & 0xFF), "unknown opcode " + (w & 0xFF) + " at " + pc);
            start[pc] = true;
            last = pc;
            int size = Op.size(w);
            check(pc + size <= code.length, "instruction at " + pc + " runs off the end");
            pc += size;
        }
        int lastOp = code[last] & 0xFF;
        check(lastOp == Op.RET || lastOp == Op.RETP || lastOp == Op.RETR || lastOp == Op.JMP || lastOp == Op.LOOP,
                "the last instruction must return or jump (falls off the end)");
        pc = 0;
        while (pc < code.length) {
            int w = code[pc];
            int size = Op.size(w);
            where = " in function " + index + " (" + f.name() + ") at " + pc + " (" + Op.name(w & 0xFF) + ")";
            instruction(code, pc, w, size, start);
            pc += size;
        }
    }

    private void jump(boolean[] start, int from, int target, boolean backward) {
        check(target >= 0 && target < start.length && start[target], "jump to " + target + ", not an instruction");
        if (backward) {
            check(target <= from, "a back-edge must jump backward");
        } else {
            check(target > from, "only LOOP and FORLOOP may jump backward (they poll for safepoints)");
        }
    }

    private int prim(int reg, Kind... kinds) {
        check(reg < primRegs.length, "p" + reg + " is not a register (" + primRegs.length + " prim registers)");
        int t = primRegs[reg];
        if (kinds.length > 0) {
            boolean ok = false;
            for (Kind k : kinds) {
                ok |= type(t).kind() == k;
            }
            check(ok, "p" + reg + " is " + type(t).kind() + ", expected " + java.util.Arrays.toString(kinds));
        }
        return t;
    }

    private int ref(int reg) {
        check(reg < refRegs.length, "r" + reg + " is not a register (" + refRegs.length + " ref registers)");
        return refRegs[reg];
    }

    private int ref(int reg, Kind kind) {
        int t = ref(reg);
        check(type(t).kind() == kind, "r" + reg + " is " + type(t) + ", expected " + kind);
        return t;
    }

    private Layout objectLayout(int reg) {
        int t = ref(reg, Kind.OBJECT);
        return p.layouts().get(type(t).arg());
    }

    private void samePrim(int a, int b) {
        check(type(prim(a)).kind() == type(prim(b)).kind(), "p" + a + " and p" + b + " differ in kind");
    }

    private void instruction(int[] code, int pc, int w, int size, boolean[] start) {
        int op = w & 0xFF;
        int a = Op.a(w);
        int b = Op.b(w);
        int c = Op.c(w);
        int next = pc + size;
        switch (op) {
            case Op.NOP -> {
            }
            case Op.MOVP -> {
                Kind ka = type(prim(a)).kind();
                Kind kb = type(prim(b)).kind();
                check(ka == kb || (ka == Kind.INT && kb == Kind.CHAR), "MOVP between " + ka + " and " + kb);
            }
            case Op.MOVR -> check(assignable(ref(a), ref(b)), "r" + b + " (" + type(ref(b)) + ") cannot go into r" + a + " ("
                    + type(ref(a)) + ")");
            case Op.LOADI -> prim(a, Kind.INT, Kind.BOOL, Kind.CHAR, Kind.FLOAT);
            case Op.LOADKP -> {
                prim(a);
                check(Op.bx(w) < p.primConstants().length, "constant " + Op.bx(w) + " does not exist");
            }
            case Op.LOADKR -> {
                int k = Op.bx(w);
                check(k < p.refConstants().size(), "constant " + k + " does not exist");
                RefConstant rc = p.refConstants().get(k);
                int t = ref(a);
                switch (rc.kind()) {
                    case STRING -> check(type(t).kind() == Kind.STRING || type(t).kind() == Kind.ANY, "a string into " + type(t));
                    default -> {
                        int objType = findType(TypeDesc.of(Kind.OBJECT, rc.layout()));
                        check((objType >= 0 && assignable(t, objType))
                                || (type(t).kind() == Kind.OBJECT && type(t).arg() == rc.layout()), "constant object into " + type(t));
                    }
                }
            }
            case Op.LOADNULL -> ref(a);
            case Op.ANDI, Op.ORI, Op.XORI -> {
                prim(a, Kind.INT, Kind.BOOL);
                samePrim(a, b);
                samePrim(a, c);
            }
            case Op.ADDI, Op.SUBI, Op.MULI, Op.DIVI, Op.REMI, Op.SHLI, Op.SHRI -> {
                prim(a, Kind.INT);
                prim(b, Kind.INT);
                prim(c, Kind.INT);
            }
            case Op.NEGI, Op.NOTI, Op.ADDIK -> {
                prim(a, Kind.INT);
                prim(b, Kind.INT);
            }
            case Op.ADDF, Op.SUBF, Op.MULF, Op.DIVF, Op.REMF -> {
                prim(a, Kind.FLOAT);
                prim(b, Kind.FLOAT);
                prim(c, Kind.FLOAT);
            }
            case Op.NEGF -> {
                prim(a, Kind.FLOAT);
                prim(b, Kind.FLOAT);
            }
            case Op.EQI, Op.NEI -> {
                prim(a, Kind.BOOL);
                prim(b, Kind.INT, Kind.BOOL, Kind.CHAR);
                samePrim(b, c);
            }
            case Op.LTI, Op.LEI -> {
                prim(a, Kind.BOOL);
                prim(b, Kind.INT, Kind.CHAR);
                samePrim(b, c);
            }
            case Op.EQF, Op.NEF, Op.LTF, Op.LEF -> {
                prim(a, Kind.BOOL);
                prim(b, Kind.FLOAT);
                prim(c, Kind.FLOAT);
            }
            case Op.EQR, Op.NER, Op.EQV -> {
                prim(a, Kind.BOOL);
                ref(b);
                ref(c);
            }
            case Op.EQS -> {
                prim(a, Kind.BOOL);
                ref(b, Kind.STRING);
                ref(c, Kind.STRING);
            }
            case Op.NOT -> {
                prim(a, Kind.BOOL);
                prim(b, Kind.BOOL);
            }
            case Op.I2F -> {
                prim(a, Kind.FLOAT);
                prim(b, Kind.INT);
            }
            case Op.F2I -> {
                prim(a, Kind.INT);
                prim(b, Kind.FLOAT);
            }
            case Op.I2C -> {
                prim(a, Kind.CHAR);
                prim(b, Kind.INT);
            }
            case Op.JMP -> jump(start, pc, next + Op.sj(w), false);
            case Op.LOOP -> jump(start, pc, next + Op.sj(w), true);
            case Op.JT, Op.JF -> {
                prim(a, Kind.BOOL);
                jump(start, pc, next + Op.sbx(w), false);
            }
            case Op.JNULL, Op.JNNULL -> {
                ref(a);
                jump(start, pc, next + Op.sbx(w), false);
            }
            case Op.JLTI, Op.JLEI -> {
                prim(a, Kind.INT, Kind.CHAR);
                samePrim(a, b);
                jump(start, pc, next + code[pc + 1], false);
            }
            case Op.JEQI, Op.JNEI -> {
                prim(a, Kind.INT, Kind.CHAR, Kind.BOOL);
                samePrim(a, b);
                jump(start, pc, next + code[pc + 1], false);
            }
            case Op.FORLOOP -> {
                prim(a, Kind.INT);
                prim(a + 1, Kind.INT);
                jump(start, pc, next + Op.sbx(w), true);
            }
            case Op.SWITCH -> {
                prim(a, Kind.INT);
                int n = Op.bx(w);
                for (int i = 0; i < n; i++) {
                    jump(start, pc, next + code[pc + 1 + i], false);
                }
            }
            case Op.CALL -> {
                int callee = code[pc + 1];
                check(callee >= 0 && callee < p.functions().size(), "function " + callee + " does not exist");
                FunctionCode g = p.functions().get(callee);
                check(g.closure() < 0, "CALL of a closure's code (use CALLC)");
                arguments(g.params(), a, b, false);
                result(g.ret(), c);
            }
            case Op.CALLC -> {
                int sig = code[pc + 1];
                check(validType(sig) && type(sig).kind() == Kind.FUNC, "CALLC needs a function type");
                int t = ref(a);
                check(t == sig || assignable(sig, t), "r" + a + " (" + type(t) + ") is not of the called function type");
                arguments(type(sig).params(), a, b, true);
                result(type(sig).ret(), c);
            }
            case Op.CALLB -> builtin(code[pc + 1], a, b, c);
            case Op.RET -> check(type(fn.ret()).kind() == Kind.VOID, "RET in a function with a result");
            case Op.RETP -> {
                check(type(fn.ret()).isPrim(), "RETP in a function without a prim result");
                check(type(prim(a)).kind() == type(fn.ret()).kind(), "RETP of the wrong kind");
            }
            case Op.RETR -> {
                check(type(fn.ret()).isRef(), "RETR in a function without a ref result");
                check(assignable(fn.ret(), ref(a)), "RETR of r" + a + " (" + type(ref(a)) + ")");
            }
            case Op.NEW -> {
                int l = Op.bx(w);
                check(l < p.layouts().size(), "layout " + l + " does not exist");
                int t = ref(a, Kind.OBJECT);
                check(type(t).arg() == l, "NEW into a register of another layout");
            }
            case Op.GETP, Op.GETR -> {
                Layout l = objectLayout(b);
                int f = l.fieldAt(c);
                check(f >= 0, "slot " + c + " is not a field of " + l.name());
                int ft = l.fieldTypes()[f];
                if (op == Op.GETP) {
                    check(type(ft).isPrim() && type(prim(a)).kind() == type(ft).kind(), "GETP of a field of type " + type(ft));
                } else {
                    check(type(ft).isRef() && assignable(ref(a), ft), "GETR of a field of type " + type(ft) + " into " + type(ref(a)));
                }
            }
            case Op.SETP, Op.SETR -> {
                Layout l = objectLayout(a);
                int f = l.fieldAt(b);
                check(f >= 0, "slot " + b + " is not a field of " + l.name());
                int ft = l.fieldTypes()[f];
                if (op == Op.SETP) {
                    check(type(ft).isPrim() && type(prim(c)).kind() == type(ft).kind(), "SETP of a field of type " + type(ft));
                } else {
                    check(type(ft).isRef() && assignable(ft, ref(c)), "SETR of " + type(ref(c)) + " into a field of type " + type(ft));
                }
            }
            case Op.TAG -> {
                prim(a, Kind.INT);
                ref(b, Kind.ENUM);
            }
            case Op.CASTV -> {
                int l = code[pc + 1];
                check(l >= 0 && l < p.layouts().size() && p.layouts().get(l).kind() == Layout.Kind.VARIANT, "CASTV to a non-variant");
                int src = ref(b);
                check(type(src).kind() == Kind.ANY || (type(src).kind() == Kind.ENUM && type(src).arg() == p.layouts().get(l).owner()),
                        "CASTV from " + type(src));
                int dst = ref(a, Kind.OBJECT);
                check(type(dst).arg() == l, "CASTV into a register of another layout");
            }
            case Op.NOTNULL -> check(assignable(ref(a), ref(b)), "NOTNULL between unrelated types");
            case Op.BOX -> {
                check(c <= Op.KIND_CHAR, "bad box kind");
                int t = ref(a);
                check(type(t).kind() == Kind.ANY || (type(t).kind() == Kind.BOX && type(t).arg() == c),
                        "BOX into a register that is neither Any nor a box of that kind");
                check(type(prim(b)).primCode() == c, "BOX of a value of another kind");
            }
            case Op.UNBOX -> {
                int t = ref(b, Kind.BOX);
                check(type(prim(a)).primCode() == type(t).arg(), "UNBOX into a register of another kind");
            }
            case Op.ISTYPE, Op.CAST -> {
                int t = code[pc + 1];
                check(validType(t), "bad type");
                Kind k = type(t).kind();
                check(k == Kind.STRING || k == Kind.BOX || k == Kind.OBJECT || k == Kind.ENUM || k == Kind.ANY,
                        "no run-time test for " + k + " types");
                ref(b);
                if (op == Op.ISTYPE) {
                    prim(a, Kind.BOOL);
                } else {
                    check(ref(a) == t, "CAST into a register of another type");
                }
            }
            case Op.NEWARR -> {
                check(c <= Op.KIND_REF, "bad element class");
                int t = ref(a, Kind.ARRAY);
                check(elementClass(t) == c, "NEWARR element class does not match the register's type");
                prim(b, Kind.INT);
            }
            case Op.ALEN -> {
                prim(a, Kind.INT);
                ref(b, Kind.ARRAY);
            }
            case Op.AGETP, Op.AGETR -> {
                int t = ref(b, Kind.ARRAY);
                prim(c, Kind.INT);
                int elem = type(t).arg();
                if (op == Op.AGETP) {
                    check(type(elem).isPrim() && type(prim(a)).kind() == type(elem).kind(), "AGETP kind mismatch");
                } else {
                    check(type(elem).isRef() && assignable(ref(a), elem), "AGETR of " + type(elem) + " into " + type(ref(a)));
                }
            }
            case Op.ASETP, Op.ASETR -> {
                int t = ref(a, Kind.ARRAY);
                prim(b, Kind.INT);
                int elem = type(t).arg();
                if (op == Op.ASETP) {
                    check(type(elem).isPrim() && type(prim(c)).kind() == type(elem).kind(), "ASETP kind mismatch");
                } else {
                    check(type(elem).isRef() && assignable(elem, ref(c)), "ASETR of " + type(ref(c)) + " into " + type(elem));
                }
            }
            case Op.APUSHP, Op.APUSHR -> {
                int t = ref(a, Kind.ARRAY);
                int elem = type(t).arg();
                if (op == Op.APUSHP) {
                    check(type(elem).isPrim() && type(prim(b)).kind() == type(elem).kind(), "APUSHP kind mismatch");
                } else {
                    check(type(elem).isRef() && assignable(elem, ref(b)), "APUSHR of " + type(ref(b)) + " into " + type(elem));
                }
            }
            case Op.SLEN -> {
                prim(a, Kind.INT);
                ref(b, Kind.STRING);
            }
            case Op.CONCAT -> {
                ref(a, Kind.STRING);
                ref(b, Kind.STRING);
                ref(c, Kind.STRING);
            }
            case Op.CONCATN -> {
                ref(a, Kind.STRING);
                check(c >= 1, "CONCATN of nothing");
                for (int i = 0; i < c; i++) {
                    ref(b + i, Kind.STRING);
                }
            }
            case Op.TOSTRP -> {
                ref(a, Kind.STRING);
                check(c <= Op.KIND_CHAR && type(prim(b)).primCode() == c, "TOSTRP kind mismatch");
            }
            case Op.TOSTRR -> {
                ref(a, Kind.STRING);
                ref(b);
            }
            case Op.SNEXT -> {
                prim(a, Kind.CHAR);
                ref(b, Kind.STRING);
                prim(c, Kind.INT);
            }
            default -> throw fail("opcode not handled by the verifier");
        }
    }

    private int findType(TypeDesc t) {
        return types.indexOf(t);
    }

    /** Op.KIND_* of an array type's elements. */
    private int elementClass(int arrayType) {
        TypeDesc e = type(type(arrayType).arg());
        return e.isPrim() ? e.primCode() : Op.KIND_REF;
    }

    private void arguments(int[] params, int a, int b, boolean closure) {
        int r = a + (closure ? 1 : 0);
        int q = b;
        for (int t : params) {
            if (type(t).isRef()) {
                check(assignable(t, ref(r)), "argument r" + r + " (" + type(ref(r)) + ") for a parameter of type " + type(t));
                r++;
            } else {
                check(type(prim(q)).kind() == type(t).kind(), "argument p" + q + " for a parameter of type " + type(t));
                q++;
            }
        }
    }

    private void result(int ret, int c) {
        TypeDesc t = type(ret);
        if (t.kind() == Kind.VOID) {
            return;
        }
        if (t.isPrim()) {
            check(type(prim(c)).kind() == t.kind(), "result into p" + c + " of another kind");
        } else {
            check(assignable(ref(c), ret), "result of type " + t + " into r" + c + " (" + type(ref(c)) + ")");
        }
    }

    private void builtin(int ext, int a, int b, int c) {
        Builtin bi = Builtin.byId(ext & 0xFFFF);
        check(bi != null, "builtin " + (ext & 0xFFFF) + " does not exist");
        int operand = ext >>> 16;
        String ps = bi.params();
        int r = a;
        int q = b;
        for (int i = 0; i < ps.length(); i++) {
            char ch = ps.charAt(i);
            switch (ch) {
                case 'I' -> prim(q++, Kind.INT);
                case 'F' -> prim(q++, Kind.FLOAT);
                case 'B' -> prim(q++, Kind.BOOL);
                case 'C' -> prim(q++, Kind.CHAR);
                case 'T' -> {
                    check(validType(operand) && type(operand).kind() != Kind.VOID, "bad type operand");
                    if (type(operand).isPrim()) {
                        check(type(prim(q++)).kind() == type(operand).kind(), "argument kind differs from the type operand");
                    } else {
                        check(assignable(operand, ref(r++)), "argument type differs from the type operand");
                    }
                }
                case 'A' -> {
                    check(validType(operand) && type(operand).kind() == Kind.ARRAY, "type operand must be an array type");
                    check(ref(r++) == operand, "argument is not of the type operand");
                }
                // tasks and channels (#12)
                case 'Q' -> {
                    check(validType(operand) && type(operand).kind() == Kind.TASK, "type operand must be a Task type");
                    TypeDesc f = type(ref(r++));
                    check(f.kind() == Kind.FUNC && f.params().length == 0 && f.ret() == type(operand).arg(),
                            "spawn needs a closure of no parameters returning the task's result type");
                }
                case 'K' -> {
                    check(validType(operand) && type(operand).kind() == Kind.TASK, "type operand must be a Task type");
                    check(ref(r++) == operand, "argument is not of the Task type operand");
                }
                case 'M' -> {
                    check(validType(operand) && type(operand).kind() == Kind.CHANNEL, "type operand must be a Channel type");
                    check(ref(r++) == operand, "argument is not of the Channel type operand");
                }
                case 'X' -> check(assignable(type(operand).arg(), ref(r++)), "value is not of the channel's element type");
                default -> check(matchesLetter(ch, ref(r++)), "argument " + i + " is not " + ch);
            }
        }
        char res = bi.result();
        switch (res) {
            case 'V' -> {
            }
            case 'I' -> prim(c, Kind.INT);
            case 'F' -> prim(c, Kind.FLOAT);
            case 'B' -> prim(c, Kind.BOOL);
            case 'C' -> prim(c, Kind.CHAR);
            case 'N' -> {
                check(validType(operand) && type(operand).kind() == Kind.ARRAY, "type operand must be an array type");
                int elem = type(operand).arg();
                int dst = ref(c);
                if (type(elem).isRef()) {
                    check(assignable(dst, elem), "result into r" + c + " of another type");
                } else {
                    check(type(dst).kind() == Kind.BOX && type(dst).arg() == type(elem).primCode(), "result into a non-box register");
                }
            }
            // tasks and channels (#12)
            case 'K', 'M' -> check(ref(c) == operand, "result register is not of the type operand");
            case 'X' -> check(assignable(ref(c), type(operand).arg()), "result register is not of the channel's element type");
            case 'R' -> {
                int rt = type(operand).arg();
                if (type(rt).kind() == Kind.VOID) {
                    break;
                }
                if (type(rt).isPrim()) {
                    check(type(prim(c)).kind() == type(rt).kind(), "task result into p" + c + " of another kind");
                } else {
                    check(assignable(ref(c), rt), "task result into r" + c + " of another type");
                }
            }
            default -> check(matchesLetter(res, ref(c)), "result register is not " + res);
        }
    }

    /** Whether ref type {@code t} is what a signature letter S L H Y i f means. */
    private boolean matchesLetter(char ch, int t) {
        TypeDesc d = type(t);
        return switch (ch) {
            case 'S' -> d.kind() == Kind.STRING;
            case 'L' -> d.kind() == Kind.ARRAY && type(d.arg()).kind() == Kind.STRING;
            case 'H' -> d.kind() == Kind.ARRAY && type(d.arg()).kind() == Kind.CHAR;
            case 'Y' -> d.kind() == Kind.ARRAY && type(d.arg()).kind() == Kind.INT;
            case 'i' -> d.kind() == Kind.BOX && d.arg() == Op.KIND_INT;
            case 'f' -> d.kind() == Kind.BOX && d.arg() == Op.KIND_FLOAT;
            default -> false;
        };
    }
}
