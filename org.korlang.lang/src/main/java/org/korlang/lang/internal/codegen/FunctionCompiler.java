package org.korlang.lang.internal.codegen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.korlang.lang.bytecode.Builtin;
import org.korlang.lang.bytecode.Layout;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.ProgramBuilder;
import org.korlang.lang.bytecode.ProgramBuilder.FunctionBuilder;
import org.korlang.lang.bytecode.ProgramBuilder.Label;
import org.korlang.lang.bytecode.RefConstant;
import org.korlang.lang.bytecode.TypeDesc;
import org.korlang.lang.internal.typed.BinaryOp;
import org.korlang.lang.internal.typed.Capture;
import org.korlang.lang.internal.typed.CodeUnit;
import org.korlang.lang.internal.typed.Expr;
import org.korlang.lang.internal.typed.Lambda;
import org.korlang.lang.internal.typed.LocalVar;
import org.korlang.lang.internal.typed.LoopId;
import org.korlang.lang.internal.typed.Pattern;
import org.korlang.lang.internal.typed.Pos;
import org.korlang.lang.internal.typed.Stmt;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.Types;

/**
 * Compiles one code unit instantiation (a function with concrete type arguments, or a closure body)
 * into one {@link org.korlang.lang.bytecode.FunctionCode}.
 *
 * <h2>Registers</h2>
 * Every register has one type for the whole function (the verifier's rule). Parameters take the first
 * registers of their kind (after the closure object r0 of a closure body); each other variable gets a
 * register of its type when first declared (a variable captured and reassigned — {@code needsCell()} —
 * gets a register holding its heap cell instead). Temporaries come from per-type free lists and are
 * returned at the end of each statement (stack discipline: {@link #mark()}/{@link #release(int)}).
 * Call arguments go into blocks of consecutive registers of exactly the parameter types (the calling
 * convention copies r[A..], p[B..]); blocks are reused per type sequence.
 *
 * <h2>Expressions</h2>
 * {@link #value} yields the register holding a value (possibly a variable's own register: read-only
 * for the caller), {@link #into} evaluates into a given register, {@link #branch} compiles a
 * condition straight into compare-and-jump instructions. Jumps are forward except loop back-edges,
 * which are LOOP/FORLOOP (the VM's safepoints); a loop's {@code continue} jumps forward to its
 * back-edge.
 */
final class FunctionCompiler {

    private final BytecodeGenerator.Run run;
    private final ProgramBuilder pb;
    private final TypeMapper types;
    private final CodeUnit unit;
    private final TypeMapper.Env env;
    private final FunctionBuilder fb;
    private final int closureLayout;
    private final int[] varReg;
    private final boolean[] varCell;
    private final Map<Integer, ArrayDeque<Integer>> freeRef = new HashMap<>();
    private final Map<Integer, ArrayDeque<Integer>> freePrim = new HashMap<>();
    private final Map<List<Integer>, ArrayDeque<Integer>> freeRefBlocks = new HashMap<>();
    private final Map<List<Integer>, ArrayDeque<Integer>> freePrimBlocks = new HashMap<>();
    /** Allocations to undo at release: {kind (0 ref, 1 prim, 2 ref block, 3 prim block), register, key index}. */
    private final List<Object[]> inUse = new ArrayList<>();
    private final Map<LoopId, Label[]> loops = new IdentityHashMap<>();
    private final int retType;

    FunctionCompiler(BytecodeGenerator.Run run, CodeUnit unit, TypeMapper.Env env, int index, int closureLayout) {
        this.run = run;
        this.pb = run.pb;
        this.types = run.types;
        this.unit = unit;
        this.env = env;
        this.closureLayout = closureLayout;
        List<LocalVar> params = unit.params();
        int[] ps = new int[params.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = map(params.get(i).type());
        }
        this.retType = map(unit.resultType());
        this.fb = pb.function(index, unit.displayName(), ps, retType, closureLayout);
        this.varReg = new int[unit.variables().size()];
        this.varCell = new boolean[varReg.length];
        java.util.Arrays.fill(varReg, -1);
        if (closureLayout >= 0) {
            fb.refReg(pb.objectType(closureLayout));
        }
        for (int i = 0; i < ps.length; i++) {
            varReg[params.get(i).index()] = isRef(ps[i]) ? fb.refReg(ps[i]) : fb.primReg(ps[i]);
        }
    }

    // ============================================================================ helpers

    private int map(Type t) {
        return types.map(TypeMapper.subst(t, env));
    }

    private Type concrete(Type t) {
        return TypeMapper.subst(t, env);
    }

    private boolean isRef(int type) {
        return pb.typeAt(type).isRef();
    }

    private boolean isVoid(int type) {
        return pb.typeAt(type).kind() == TypeDesc.Kind.VOID;
    }

    private void at(Pos pos) {
        fb.at(pos.line(), pos.column());
    }

    private CodeGenerationException tooLarge(Pos pos) {
        return new CodeGenerationException("function '" + unit.displayName() + "' is too large for the VM (more than 256 registers of one kind)", pos);
    }

    private int newReg(int type) {
        int r = isRef(type) ? fb.refReg(type) : fb.primReg(type);
        if (r > 255) {
            throw tooLarge(unit.pos());
        }
        return r;
    }

    private int mark() {
        return inUse.size();
    }

    private void release(int mark) {
        while (inUse.size() > mark) {
            Object[] u = inUse.remove(inUse.size() - 1);
            int kind = (Integer) u[0];
            int reg = (Integer) u[1];
            switch (kind) {
                case 0 -> freeRef.computeIfAbsent((Integer) u[2], k -> new ArrayDeque<>()).push(reg);
                case 1 -> freePrim.computeIfAbsent((Integer) u[2], k -> new ArrayDeque<>()).push(reg);
                case 2 -> freeRefBlocks.computeIfAbsent(key(u[2]), k -> new ArrayDeque<>()).push(reg);
                default -> freePrimBlocks.computeIfAbsent(key(u[2]), k -> new ArrayDeque<>()).push(reg);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> key(Object o) {
        return (List<Integer>) o;
    }

    /** A temporary register of {@code type}, free again at the end of the current statement. */
    private int temp(int type) {
        boolean ref = isRef(type);
        ArrayDeque<Integer> free = (ref ? freeRef : freePrim).get(type);
        int r = free != null && !free.isEmpty() ? free.pop() : newReg(type);
        inUse.add(new Object[] {ref ? 0 : 1, r, type});
        return r;
    }

    /** A block of consecutive registers of exactly {@code blockTypes} (all of one kind); its first register. */
    private int block(List<Integer> blockTypes, boolean ref) {
        if (blockTypes.isEmpty()) {
            return 0;
        }
        ArrayDeque<Integer> free = (ref ? freeRefBlocks : freePrimBlocks).get(blockTypes);
        int first;
        if (free != null && !free.isEmpty()) {
            first = free.pop();
        } else {
            first = -1;
            for (int t : blockTypes) {
                int r = ref ? fb.refReg(t) : fb.primReg(t);
                if (r > 255) {
                    throw tooLarge(unit.pos());
                }
                if (first < 0) {
                    first = r;
                }
            }
        }
        inUse.add(new Object[] {ref ? 2 : 3, first, blockTypes});
        return first;
    }

    // ============================================================================ the unit

    void compile() {
        Pos pos = unit.pos();
        at(pos);
        // parameters that live in cells: move them in at entry
        for (LocalVar p : unit.params()) {
            if (p.needsCell()) {
                int valueReg = varReg[p.index()];
                int t = map(p.type());
                int cell = newCell(t, p.pos());
                store(cell, 0, t, valueReg);
                varReg[p.index()] = cell;
                varCell[p.index()] = true;
            }
        }
        Expr.Block body = unit.body();
        TypeDesc ret = pb.typeAt(retType);
        if (ret.kind() == TypeDesc.Kind.VOID) {
            effect(body);
            at(endPos(body));
            fb.abc(Op.RET, 0, 0, 0);
        } else {
            int r = value(body);
            at(endPos(body));
            if (r < 0) { // the body never completes normally: a dead but well-typed return
                r = temp(retType);
                if (ret.isRef()) {
                    fb.abc(Op.LOADNULL, r, 0, 0);
                }
            }
            r = coerce(r, body.type(), retType);
            fb.abc(ret.isRef() ? Op.RETR : Op.RETP, r, 0, 0);
        }
        fb.build();
    }

    private static Pos endPos(Expr.Block b) {
        return b.value() != null ? b.value().pos() : b.pos();
    }

    /** A new cell for a value of {@code type}; returns its register (a fresh one, kept). */
    private int newCell(int type, Pos pos) {
        int layout = types.cellLayout(type);
        int reg = newReg(pb.objectType(layout));
        at(pos);
        fb.asbx(Op.NEW, reg, layout);
        return reg;
    }

    /** Writes register {@code src} (of type {@code type}) into slot {@code slot} of object register {@code obj}. */
    private void store(int obj, int slot, int type, int src) {
        fb.abc(isRef(type) ? Op.SETR : Op.SETP, obj, slot, src);
    }

    /** Reads slot {@code slot} (of type {@code type}) of object register {@code obj} into a temp. */
    private int load(int obj, int slot, int type) {
        int r = temp(type);
        fb.abc(isRef(type) ? Op.GETR : Op.GETP, r, obj, slot);
        return r;
    }

    /** {@code reg} (holding a value of Korlang type {@code from}) as a register of type {@code want}. */
    private int coerce(int reg, Type from, int want) {
        if (reg < 0) {
            return reg;
        }
        int have = map(from);
        if (have == want) {
            return reg;
        }
        if (isRef(want) && isRef(have)) {
            int r = temp(want);
            fb.abc(Op.MOVR, r, reg, 0);
            return r;
        }
        return reg; // prim kinds agree (Int/Char moves are exact)
    }

    // ============================================================================ variables

    private int varRegister(LocalVar v) {
        int r = varReg[v.index()];
        if (r < 0) {
            int t = map(v.type());
            if (v.needsCell()) {
                r = newReg(pb.objectType(types.cellLayout(t)));
                varCell[v.index()] = true;
            } else {
                r = newReg(t);
            }
            varReg[v.index()] = r;
        }
        return r;
    }

    /** Assigns the value in register {@code src} (of Korlang type {@code from}) to variable {@code v}. */
    private void assignVar(LocalVar v, int src, Type from) {
        int t = map(v.type());
        int r = varRegister(v);
        src = coerce(src, from, t);
        if (varCell[v.index()]) {
            store(r, 0, t, src);
        } else if (r != src) {
            fb.abc(isRef(t) ? Op.MOVR : Op.MOVP, r, src, 0);
        }
    }

    private void declare(LocalVar v, Expr init, Pos pos) {
        int t = map(v.type());
        if (v.needsCell()) {
            int cell = varRegister(v);
            at(pos);
            fb.asbx(Op.NEW, cell, types.cellLayout(t));
            if (init != null) {
                int val = value(init);
                if (val >= 0) {
                    store(cell, 0, t, coerce(val, init.type(), t));
                }
            }
            return;
        }
        int r = varRegister(v);
        if (init != null) {
            into(init, r, t);
        } else {
            fb.abc(isRef(t) ? Op.LOADNULL : Op.LOADI, r, 0, 0);
        }
    }

    // ============================================================================ statements

    private void statement(Stmt s) {
        int m = mark();
        if (s instanceof Stmt.Let let) {
            declare(let.variable(), let.init(), let.pos());
        } else if (s instanceof Stmt.ExprStmt es) {
            effect(es.expr());
        }
        release(m);
    }

    /** Evaluates for effect only. */
    private void effect(Expr e) {
        if (e instanceof Expr.Block b) {
            for (Stmt s : b.statements()) {
                statement(s);
            }
            if (b.value() != null) {
                int m = mark();
                effect(b.value());
                release(m);
            }
            return;
        }
        if (e instanceof Expr.If i && (i.type() == Type.VOID || i.type() == Type.NEVER)) {
            Label otherwise = fb.label();
            Label end = fb.label();
            branch(i.condition(), false, otherwise);
            effect(i.then());
            if (i.otherwise() != null) {
                fb.jump(Op.JMP, end);
                fb.place(otherwise);
                effect(i.otherwise());
            } else {
                fb.place(otherwise);
            }
            fb.place(end);
            return;
        }
        value(e);
    }

    // ============================================================================ expressions

    /** Evaluates {@code e} into register {@code reg} of type {@code type}. */
    private void into(Expr e, int reg, int type) {
        at(e.pos());
        if (e instanceof Expr.NullLit) {
            fb.abc(Op.LOADNULL, reg, 0, 0);
            return;
        }
        if (e instanceof Expr.IntLit || e instanceof Expr.BoolLit || e instanceof Expr.CharLit || e instanceof Expr.FloatLit) {
            if (!isRef(type)) {
                constant(e, reg);
                return;
            }
        }
        if (e instanceof Expr.StringLit s && pb.typeAt(type).kind() == TypeDesc.Kind.STRING) {
            fb.asbx(Op.LOADKR, reg, pb.stringConstant(s.value()));
            return;
        }
        if (e instanceof Expr.Binary b && !b.op().isComparison() && b.op() != BinaryOp.AND && b.op() != BinaryOp.OR
                && concrete(b.operandType()) != Type.STRING && map(b.type()) == type) {
            binary(b, reg);
            return;
        }
        if (e instanceof Expr.Unary u && map(u.type()) == type) {
            int v = value(u.operand());
            at(u.pos());
            if (u.op() == org.korlang.lang.internal.typed.UnaryOp.NOT) {
                fb.abc(Op.NOT, reg, v, 0);
            } else {
                fb.abc(concrete(u.type()) == Type.FLOAT ? Op.NEGF : Op.NEGI, reg, v, 0);
            }
            return;
        }
        int r = value(e);
        if (r < 0) {
            return;
        }
        int have = map(e.type());
        if (r != reg) {
            fb.abc(isRef(type) ? Op.MOVR : Op.MOVP, reg, r, 0);
        } else if (have != type && isRef(type)) {
            fb.abc(Op.MOVR, reg, r, 0);
        }
    }

    /**
     * A register holding the numeric constant {@code e}, loaded once in the function's prologue and
     * only read afterwards (so a constant in a loop costs no instruction per iteration).
     */
    private int constantRegister(Expr e) {
        int type = map(e.type());
        List<Object> key = List.of(type, e instanceof Expr.FloatLit f ? Double.doubleToRawLongBits(f.value())
                : e instanceof Expr.IntLit i ? i.value() : (long) ((Expr.CharLit) e).codePoint());
        Integer known = constants.get(key);
        if (known != null) {
            return known;
        }
        int r = newReg(type);
        long bits = (Long) key.get(1);
        if (bits >= Short.MIN_VALUE && bits <= Short.MAX_VALUE && !(e instanceof Expr.FloatLit)) {
            fb.prologue(Op.asbx(Op.LOADI, r, (int) bits));
        } else {
            fb.prologue(Op.asbx(Op.LOADKP, r, pb.primConstant(bits)));
        }
        constants.put(key, r);
        return r;
    }

    private final Map<List<Object>, Integer> constants = new HashMap<>();

    private void constant(Expr e, int reg) {
        long bits;
        if (e instanceof Expr.IntLit i) {
            bits = i.value();
        } else if (e instanceof Expr.BoolLit b) {
            bits = b.value() ? 1 : 0;
        } else if (e instanceof Expr.CharLit c) {
            bits = c.codePoint();
        } else {
            bits = Double.doubleToRawLongBits(((Expr.FloatLit) e).value());
        }
        if (bits >= Short.MIN_VALUE && bits <= Short.MAX_VALUE && !(e instanceof Expr.FloatLit)) {
            fb.asbx(Op.LOADI, reg, (int) bits);
        } else {
            int k = pb.primConstant(bits);
            if (k > 0xFFFF) {
                throw new CodeGenerationException("too many constants", e.pos());
            }
            fb.asbx(Op.LOADKP, reg, k);
        }
    }

    /** The register holding {@code e}'s value, or -1 for a Void or Never expression. */
    private int value(Expr e) {
        at(e.pos());
        if (e instanceof Expr.IntLit || e instanceof Expr.CharLit || e instanceof Expr.FloatLit) {
            return constantRegister(e);
        }
        if (e instanceof Expr.BoolLit) {
            int r = temp(map(e.type()));
            constant(e, r);
            return r;
        }
        if (e instanceof Expr.StringLit s) {
            int r = temp(pb.stringType());
            fb.asbx(Op.LOADKR, r, pb.stringConstant(s.value()));
            return r;
        }
        if (e instanceof Expr.NullLit n) {
            int r = temp(map(n.type()));
            fb.abc(Op.LOADNULL, r, 0, 0);
            return r;
        }
        if (e instanceof Expr.Local l) {
            LocalVar v = l.variable();
            int r = varRegister(v);
            if (varCell[v.index()]) {
                return load(r, 0, map(v.type()));
            }
            return r;
        }
        if (e instanceof Expr.Captured c) {
            return captured(c.capture(), false);
        }
        if (e instanceof Expr.FunctionRef f) {
            List<Type> args = f.typeArgs().stream().map(this::concrete).toList();
            int fn = run.function(f.function(), args);
            int layout = run.functionValue(fn, f.function(), new TypeMapper.Env(f.function().typeParams(), args));
            int r = temp(pb.objectType(layout));
            fb.asbx(Op.LOADKR, r, pb.refConstant(RefConstant.closure(layout)));
            return r;
        }
        if (e instanceof Expr.Closure c) {
            return closure(c);
        }
        if (e instanceof Expr.Assign a) {
            assign(a);
            return -1;
        }
        if (e instanceof Expr.CompoundAssign ca) {
            compoundAssign(ca);
            return -1;
        }
        if (e instanceof Expr.Unary u) {
            int v = value(u.operand());
            int t = map(u.type());
            int r = temp(t);
            at(u.pos());
            if (u.op() == org.korlang.lang.internal.typed.UnaryOp.NOT) {
                fb.abc(Op.NOT, r, v, 0);
            } else {
                fb.abc(concrete(u.type()) == Type.FLOAT ? Op.NEGF : Op.NEGI, r, v, 0);
            }
            return r;
        }
        if (e instanceof Expr.Binary b) {
            return binary(b);
        }
        if (e instanceof Expr.NullTest || (e instanceof Expr.Binary)) {
            return boolValue(e);
        }
        if (e instanceof Expr.Elvis el) {
            int t = map(el.type());
            int res = temp(t);
            int v = value(el.value());
            Label fallback = fb.label();
            Label end = fb.label();
            fb.branch(Op.JNULL, v, fallback);
            if (isRef(t)) {
                fb.abc(Op.MOVR, res, v, 0);
            } else {
                fb.abc(Op.UNBOX, res, v, 0);
            }
            fb.jump(Op.JMP, end);
            fb.place(fallback);
            into(el.fallback(), res, t);
            fb.place(end);
            return res;
        }
        if (e instanceof Expr.NotNull nn) {
            int v = value(nn.value());
            int t = map(nn.type());
            int r = temp(t);
            at(nn.pos());
            fb.abc(isRef(t) ? Op.NOTNULL : Op.UNBOX, r, v, 0);
            return r;
        }
        if (e instanceof Expr.Convert c) {
            return convert(c);
        }
        if (e instanceof Expr.Interpolation i) {
            return interpolation(i.parts(), i.pos());
        }
        if (e instanceof Expr.Call c) {
            List<Type> args = c.typeArgs().stream().map(this::concrete).toList();
            int fn = run.function(c.function(), args);
            return call(Op.CALL, fn, -1, c.args(), null, c.type(), c.pos());
        }
        if (e instanceof Expr.CallValue cv) {
            int sig = map(cv.callee().type());
            return call(Op.CALLC, sig, sig, cv.args(), cv.callee(), cv.type(), cv.pos());
        }
        if (e instanceof Expr.CallBuiltin cb) {
            return builtin(cb);
        }
        if (e instanceof Expr.StructNew sn) {
            int layout = types.structLayout((Type.StructType) concrete(sn.type()));
            int r = temp(pb.objectType(layout));
            fb.asbx(Op.NEW, r, layout);
            Layout l = pb.layoutAt(layout);
            for (Expr.FieldInit fi : sn.inits()) {
                int slot = l.slotOf(fi.field().index());
                int ft = l.fieldTypes()[fi.field().index()];
                int m = mark();
                int v = coerce(value(fi.value()), fi.value().type(), ft);
                at(sn.pos());
                store(r, slot, ft, v);
                release(m);
            }
            return r;
        }
        if (e instanceof Expr.EnumNew en) {
            Type.EnumType et = (Type.EnumType) concrete(en.type());
            int layout = types.variantLayout(et, en.variant().index());
            Layout l = pb.layoutAt(layout);
            if (l.fieldTypes().length == 0) {
                int r = temp(map(et));
                fb.asbx(Op.LOADKR, r, pb.refConstant(RefConstant.variant(layout)));
                pb.objectType(layout);
                return r;
            }
            int r = temp(pb.objectType(layout));
            fb.asbx(Op.NEW, r, layout);
            for (int i = 0; i < en.args().size(); i++) {
                int ft = l.fieldTypes()[i];
                int m = mark();
                int v = coerce(value(en.args().get(i)), en.args().get(i).type(), ft);
                at(en.pos());
                store(r, l.slotOf(i), ft, v);
                release(m);
            }
            return r;
        }
        if (e instanceof Expr.ArrayNew an) {
            int t = map(an.type());
            int elem = pb.typeAt(t).arg();
            int r = temp(t);
            int n = temp(pb.intType());
            fb.asbx(Op.LOADI, n, 0);
            int cls = elementClass(elem);
            if (an.elements().size() < 32768) {
                fb.asbx(Op.LOADI, n, an.elements().size());
            } else {
                fb.asbx(Op.LOADKP, n, pb.primConstant(an.elements().size()));
            }
            fb.abc(Op.NEWARR, r, n, cls);
            for (int i = 0; i < an.elements().size(); i++) {
                int m = mark();
                Expr x = an.elements().get(i);
                int v = coerce(value(x), x.type(), elem);
                int idx = temp(pb.intType());
                fb.asbx(Op.LOADKP, idx, pb.primConstant(i));
                at(an.pos());
                fb.abc(isRef(elem) ? Op.ASETR : Op.ASETP, r, idx, v);
                release(m);
            }
            return r;
        }
        if (e instanceof Expr.ArrayRepeat ar) {
            int t = map(ar.type());
            int elem = pb.typeAt(t).arg();
            int r = temp(t);
            int v = coerce(value(ar.value()), ar.value().type(), elem);
            int n = value(ar.count());
            at(ar.pos());
            fb.abc(Op.NEWARR, r, n, elementClass(elem));
            int i = temp(pb.intType());
            fb.asbx(Op.LOADI, i, 0);
            Label top = fb.label();
            Label exit = fb.label();
            fb.place(top);
            fb.compareBranch(Op.JLEI, n, i, exit);
            fb.abc(isRef(elem) ? Op.ASETR : Op.ASETP, r, i, v);
            fb.abc(Op.ADDIK, i, i, 1);
            fb.jump(Op.LOOP, top);
            fb.place(exit);
            return r;
        }
        if (e instanceof Expr.TupleNew tn) {
            int t = map(tn.type());
            int layout = pb.typeAt(t).arg();
            Layout l = pb.layoutAt(layout);
            int r = temp(t);
            fb.asbx(Op.NEW, r, layout);
            for (int i = 0; i < tn.elements().size(); i++) {
                int m = mark();
                Expr x = tn.elements().get(i);
                int v = coerce(value(x), x.type(), l.fieldTypes()[i]);
                store(r, i, l.fieldTypes()[i], v);
                release(m);
            }
            return r;
        }
        if (e instanceof Expr.FieldGet fg) {
            int o = value(fg.object());
            int layout = pb.typeAt(map(fg.object().type())).arg();
            Layout l = pb.layoutAt(layout);
            at(fg.pos());
            return load(o, l.slotOf(fg.field().index()), l.fieldTypes()[fg.field().index()]);
        }
        if (e instanceof Expr.TupleGet tg) {
            int o = value(tg.tuple());
            Layout l = pb.layoutAt(pb.typeAt(map(tg.tuple().type())).arg());
            at(tg.pos());
            return load(o, tg.index(), l.fieldTypes()[tg.index()]);
        }
        if (e instanceof Expr.Index ix) {
            int a = value(ix.array());
            int i = value(ix.index());
            int elem = pb.typeAt(map(ix.array().type())).arg();
            int r = temp(elem);
            at(ix.pos());
            fb.abc(isRef(elem) ? Op.AGETR : Op.AGETP, r, a, i);
            return r;
        }
        if (e instanceof Expr.Block b) {
            for (Stmt s : b.statements()) {
                statement(s);
            }
            if (b.value() == null) {
                return -1;
            }
            return value(b.value());
        }
        if (e instanceof Expr.If i) {
            if (i.otherwise() == null || i.type() == Type.VOID || i.type() == Type.NEVER) {
                effect(i);
                return -1;
            }
            int t = map(i.type());
            int r = temp(t);
            Label otherwise = fb.label();
            Label end = fb.label();
            branch(i.condition(), false, otherwise);
            intoBranch(i.then(), r, t);
            fb.jump(Op.JMP, end);
            fb.place(otherwise);
            intoBranch(i.otherwise(), r, t);
            fb.place(end);
            return r;
        }
        if (e instanceof Expr.Match m) {
            return match(m);
        }
        if (e instanceof Expr.While w) {
            Label top = fb.label();
            Label exit = fb.label();
            Label cont = fb.label();
            loops.put(w.loop(), new Label[] {exit, cont});
            fb.place(top);
            int m = mark();
            branch(w.condition(), false, exit);
            release(m);
            effect(w.body());
            fb.place(cont);
            at(w.pos());
            fb.jump(Op.LOOP, top);
            fb.place(exit);
            return -1;
        }
        if (e instanceof Expr.ForRange fr) {
            forRange(fr);
            return -1;
        }
        if (e instanceof Expr.ForEach fe) {
            forEach(fe);
            return -1;
        }
        if (e instanceof Expr.Break b) {
            fb.jump(Op.JMP, loops.get(b.loop())[0]);
            return -1;
        }
        if (e instanceof Expr.Continue c) {
            fb.jump(Op.JMP, loops.get(c.loop())[1]);
            return -1;
        }
        if (e instanceof Expr.Return r) {
            if (r.value() == null || isVoid(retType)) {
                if (r.value() != null) {
                    effect(r.value());
                }
                at(r.pos());
                fb.abc(Op.RET, 0, 0, 0);
            } else {
                int v = coerce(value(r.value()), r.value().type(), retType);
                at(r.pos());
                fb.abc(isRef(retType) ? Op.RETR : Op.RETP, v, 0, 0);
            }
            return -1;
        }
        throw new CodeGenerationException("internal: no code generation for " + e.getClass().getSimpleName(), e.pos());
    }

    /** A branch of an if/match into the result register (nothing for a Never branch). */
    private void intoBranch(Expr e, int r, int t) {
        int m = mark();
        if (e.type() == Type.NEVER) {
            effect(e);
        } else {
            into(e, r, t);
        }
        release(m);
    }

    private int elementClass(int elem) {
        TypeDesc d = pb.typeAt(elem);
        return d.isPrim() ? d.primCode() : Op.KIND_REF;
    }

    private int captured(Capture c, boolean wantCell) {
        LocalVar v = c.variable();
        Layout l = pb.layoutAt(closureLayout);
        int slot = l.slotOf(c.index());
        int ft = l.fieldTypes()[c.index()];
        int r = load(0, slot, ft);
        if (v.needsCell() && !wantCell) {
            return load(r, 0, map(v.type()));
        }
        return r;
    }

    private int closure(Expr.Closure c) {
        Lambda lambda = c.lambda();
        int[] inst = run.lambda(lambda, env);
        int layout = inst[1];
        Layout l = pb.layoutAt(layout);
        int r = temp(pb.objectType(layout));
        at(c.pos());
        fb.asbx(Op.NEW, r, layout);
        for (Capture cap : lambda.captures()) {
            int m = mark();
            int v;
            LocalVar var = cap.variable();
            if (var.needsCell()) {
                Expr src = cap.source();
                if (src instanceof Expr.Local loc) {
                    v = varRegister(loc.variable());
                } else {
                    v = captured(((Expr.Captured) src).capture(), true);
                }
            } else {
                v = value(cap.source());
            }
            store(r, l.slotOf(cap.index()), l.fieldTypes()[cap.index()], v);
            release(m);
        }
        return r;
    }

    private void assign(Expr.Assign a) {
        Expr t = a.target();
        if (t instanceof Expr.Local l) {
            LocalVar v = l.variable();
            int vt = map(v.type());
            if (varCell[v.index()] || v.needsCell()) {
                int cell = varRegister(v);
                int val = coerce(value(a.value()), a.value().type(), vt);
                store(cell, 0, vt, val);
            } else {
                into(a.value(), varRegister(v), vt);
            }
        } else if (t instanceof Expr.Captured c) {
            int cell = captured(c.capture(), true);
            int vt = map(c.capture().variable().type());
            int val = coerce(value(a.value()), a.value().type(), vt);
            store(cell, 0, vt, val);
        } else if (t instanceof Expr.FieldGet fg) {
            int o = value(fg.object());
            Layout l = pb.layoutAt(pb.typeAt(map(fg.object().type())).arg());
            int f = fg.field().index();
            int val = coerce(value(a.value()), a.value().type(), l.fieldTypes()[f]);
            at(a.pos());
            store(o, l.slotOf(f), l.fieldTypes()[f], val);
        } else if (t instanceof Expr.Index ix) {
            int arr = value(ix.array());
            int i = value(ix.index());
            int elem = pb.typeAt(map(ix.array().type())).arg();
            int val = coerce(value(a.value()), a.value().type(), elem);
            at(ix.pos());
            fb.abc(isRef(elem) ? Op.ASETR : Op.ASETP, arr, i, val);
        } else {
            throw new CodeGenerationException("internal: cannot assign to " + t.getClass().getSimpleName(), a.pos());
        }
    }

    private void compoundAssign(Expr.CompoundAssign ca) {
        Expr t = ca.target();
        Type ot = concrete(ca.operandType());
        int type = map(ot);
        if (t instanceof Expr.Local l && !varCell[l.variable().index()] && !l.variable().needsCell()) {
            int r = varRegister(l.variable());
            int v = value(ca.value());
            at(ca.pos());
            arithmetic(ca.op(), ot, r, r, v, ca.value().type());
            return;
        }
        if (t instanceof Expr.Local || t instanceof Expr.Captured) {
            int cell = t instanceof Expr.Local l ? varRegister(l.variable()) : captured(((Expr.Captured) t).capture(), true);
            int cur = load(cell, 0, type);
            int v = value(ca.value());
            at(ca.pos());
            arithmetic(ca.op(), ot, cur, cur, v, ca.value().type());
            store(cell, 0, type, cur);
            return;
        }
        if (t instanceof Expr.FieldGet fg) {
            int o = value(fg.object());
            Layout l = pb.layoutAt(pb.typeAt(map(fg.object().type())).arg());
            int slot = l.slotOf(fg.field().index());
            int cur = load(o, slot, type);
            int v = value(ca.value());
            at(ca.pos());
            arithmetic(ca.op(), ot, cur, cur, v, ca.value().type());
            store(o, slot, type, cur);
            return;
        }
        if (t instanceof Expr.Index ix) {
            int arr = value(ix.array());
            int i = value(ix.index());
            int cur = temp(type);
            at(ix.pos());
            fb.abc(isRef(type) ? Op.AGETR : Op.AGETP, cur, arr, i);
            int v = value(ca.value());
            at(ca.pos());
            arithmetic(ca.op(), ot, cur, cur, v, ca.value().type());
            fb.abc(isRef(type) ? Op.ASETR : Op.ASETP, arr, i, cur);
            return;
        }
        throw new CodeGenerationException("internal: cannot assign to " + t.getClass().getSimpleName(), ca.pos());
    }

    /** dst = l op r for an arithmetic or bitwise op on {@code operandType}. */
    private void arithmetic(BinaryOp op, Type operandType, int dst, int l, int r, Type rightType) {
        if (operandType == Type.STRING) {
            if (op != BinaryOp.ADD) {
                throw new CodeGenerationException("internal: " + op + " on strings", Pos.NONE);
            }
            int rs = asString(r, rightType);
            fb.abc(Op.CONCAT, dst, l, rs);
            return;
        }
        boolean f = operandType == Type.FLOAT;
        int opc = switch (op) {
            case ADD -> f ? Op.ADDF : Op.ADDI;
            case SUB -> f ? Op.SUBF : Op.SUBI;
            case MUL -> f ? Op.MULF : Op.MULI;
            case DIV -> f ? Op.DIVF : Op.DIVI;
            case REM -> f ? Op.REMF : Op.REMI;
            case BIT_AND -> Op.ANDI;
            case BIT_OR -> Op.ORI;
            case BIT_XOR -> Op.XORI;
            case SHL -> Op.SHLI;
            case SHR -> Op.SHRI;
            default -> throw new CodeGenerationException("internal: " + op + " is not arithmetic", Pos.NONE);
        };
        fb.abc(opc, dst, l, r);
    }

    /** The text of the value in {@code reg} (of Korlang type {@code t}) as a String register. */
    private int asString(int reg, Type t) {
        Type c = concrete(t);
        if (c == Type.STRING) {
            return reg;
        }
        int s = temp(pb.stringType());
        if (Types.isPrimitive(c)) {
            fb.abc(Op.TOSTRP, s, reg, TypeMapper.primCode(c));
        } else {
            fb.abc(Op.TOSTRR, s, reg, 0);
        }
        return s;
    }

    private int binary(Expr.Binary b) {
        return binary(b, -1);
    }

    /** Arithmetic into {@code dst} (a new temporary when -1); comparisons always into a temporary. */
    private int binary(Expr.Binary b, int dst) {
        BinaryOp op = b.op();
        if (op.isComparison() || op == BinaryOp.AND || op == BinaryOp.OR) {
            return boolValue(b);
        }
        Type ot = concrete(b.operandType());
        int t = map(b.type());
        // immediate forms: x + k, x - k with a small constant
        if (ot == Type.INT && (op == BinaryOp.ADD || op == BinaryOp.SUB) && b.right() instanceof Expr.IntLit k) {
            long imm = op == BinaryOp.ADD ? k.value() : -k.value();
            if (imm >= -128 && imm <= 127) {
                int l = value(b.left());
                int r = dst >= 0 ? dst : temp(t);
                at(b.pos());
                fb.abc(Op.ADDIK, r, l, (int) imm);
                return r;
            }
        }
        int l = value(b.left());
        if (ot == Type.STRING) {
            l = asString(l, b.left().type());
        }
        int rr = value(b.right());
        int r = dst >= 0 ? dst : temp(t);
        at(b.pos());
        arithmetic(op, ot, r, l, rr, b.right().type());
        return r;
    }

    /** A Bool-valued expression (comparison, &&, ||, null test) into a register. */
    private int boolValue(Expr e) {
        if (e instanceof Expr.Binary b && b.op().isComparison()) {
            Type ot = concrete(b.operandType());
            if (ot == Type.INT || ot == Type.CHAR || ot == Type.BOOL || ot == Type.FLOAT) {
                int l = value(b.left());
                int r = value(b.right());
                int d = temp(pb.boolType());
                at(b.pos());
                boolean f = ot == Type.FLOAT;
                switch (b.op()) {
                    case EQ -> fb.abc(f ? Op.EQF : Op.EQI, d, l, r);
                    case NE -> fb.abc(f ? Op.NEF : Op.NEI, d, l, r);
                    case LT -> fb.abc(f ? Op.LTF : Op.LTI, d, l, r);
                    case LE -> fb.abc(f ? Op.LEF : Op.LEI, d, l, r);
                    case GT -> fb.abc(f ? Op.LTF : Op.LTI, d, r, l);
                    default -> fb.abc(f ? Op.LEF : Op.LEI, d, r, l);
                }
                return d;
            }
            int l = value(b.left());
            int r = value(b.right());
            int d = temp(pb.boolType());
            at(b.pos());
            if (ot == Type.STRING && (b.op() != BinaryOp.EQ && b.op() != BinaryOp.NE)) {
                int blk = block(List.of(pb.stringType(), pb.stringType()), true);
                fb.abc(Op.MOVR, blk, l, 0);
                fb.abc(Op.MOVR, blk + 1, r, 0);
                int cmp = temp(pb.intType());
                fb.withExt(Op.CALLB, blk, 0, cmp, Builtin.STR_COMPARE.ordinal());
                int zero = temp(pb.intType());
                fb.asbx(Op.LOADI, zero, 0);
                switch (b.op()) {
                    case LT -> fb.abc(Op.LTI, d, cmp, zero);
                    case LE -> fb.abc(Op.LEI, d, cmp, zero);
                    case GT -> fb.abc(Op.LTI, d, zero, cmp);
                    default -> fb.abc(Op.LEI, d, zero, cmp);
                }
                return d;
            }
            int eq = equalityOp(ot);
            fb.abc(eq, d, l, r);
            if (b.op() == BinaryOp.NE) {
                fb.abc(Op.NOT, d, d, 0);
            }
            return d;
        }
        int d = temp(pb.boolType());
        Label no = fb.label();
        fb.asbx(Op.LOADI, d, 0);
        branch(e, false, no);
        fb.asbx(Op.LOADI, d, 1);
        fb.place(no);
        return d;
    }

    /** EQS, EQV or EQR for == on references of type {@code t}. */
    private int equalityOp(Type t) {
        Type inner = Types.nonNull(t);
        if (inner == Type.STRING) {
            return Op.EQS;
        }
        if (t instanceof Type.NullableType n && Types.isPrimitive(n.inner())) {
            return Op.EQV;
        }
        if (inner instanceof Type.EnumType || inner instanceof Type.TupleType || inner == Type.ANY || inner == Type.NULL) {
            return Op.EQV;
        }
        return Op.EQR;
    }

    /** Jumps to {@code target} when {@code e} evaluates to {@code jumpIf}; falls through otherwise. */
    private void branch(Expr e, boolean jumpIf, Label target) {
        at(e.pos());
        if (e instanceof Expr.BoolLit b) {
            if (b.value() == jumpIf) {
                fb.jump(Op.JMP, target);
            }
            return;
        }
        if (e instanceof Expr.Unary u && u.op() == org.korlang.lang.internal.typed.UnaryOp.NOT) {
            branch(u.operand(), !jumpIf, target);
            return;
        }
        if (e instanceof Expr.Binary b && (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR)) {
            boolean and = b.op() == BinaryOp.AND;
            if (and != jumpIf) {
                // and, jump if false: either false jumps; or, jump if true: either true jumps
                branch(b.left(), jumpIf, target);
                branch(b.right(), jumpIf, target);
            } else {
                Label skip = fb.label();
                branch(b.left(), !jumpIf, skip);
                branch(b.right(), jumpIf, target);
                fb.place(skip);
            }
            return;
        }
        if (e instanceof Expr.Binary b && b.op().isComparison()) {
            Type ot = concrete(b.operandType());
            if (ot == Type.INT || ot == Type.CHAR || (ot == Type.BOOL && (b.op() == BinaryOp.EQ || b.op() == BinaryOp.NE))) {
                int l = value(b.left());
                int r = value(b.right());
                at(b.pos());
                BinaryOp op = b.op();
                if (!jumpIf) {
                    op = switch (op) {
                        case EQ -> BinaryOp.NE;
                        case NE -> BinaryOp.EQ;
                        case LT -> BinaryOp.GE;
                        case LE -> BinaryOp.GT;
                        case GT -> BinaryOp.LE;
                        default -> BinaryOp.LT;
                    };
                }
                switch (op) {
                    case EQ -> fb.compareBranch(Op.JEQI, l, r, target);
                    case NE -> fb.compareBranch(Op.JNEI, l, r, target);
                    case LT -> fb.compareBranch(Op.JLTI, l, r, target);
                    case LE -> fb.compareBranch(Op.JLEI, l, r, target);
                    case GT -> fb.compareBranch(Op.JLTI, r, l, target);
                    default -> fb.compareBranch(Op.JLEI, r, l, target);
                }
                return;
            }
        }
        if (e instanceof Expr.NullTest nt) {
            int v = value(nt.value());
            at(nt.pos());
            fb.branch(nt.isNull() == jumpIf ? Op.JNULL : Op.JNNULL, v, target);
            return;
        }
        int v = value(e);
        fb.branch(jumpIf ? Op.JT : Op.JF, v, target);
    }

    private int convert(Expr.Convert c) {
        int v = value(c.value());
        if (v < 0) {
            return v;
        }
        int from = map(c.value().type());
        int to = map(c.type());
        at(c.pos());
        switch (c.conversion()) {
            case TO_NULLABLE, TO_ANY -> {
                if (from == to || isRef(from)) {
                    return from == to ? v : coerce(v, c.value().type(), to);
                }
                int r = temp(to);
                fb.abc(Op.BOX, r, v, pb.typeAt(from).primCode());
                return r;
            }
            case NARROW -> {
                if (from == to) {
                    return v;
                }
                if (isRef(to)) {
                    return coerce(v, c.value().type(), to);
                }
                int r = temp(to);
                fb.abc(Op.UNBOX, r, v, 0);
                return r;
            }
            case INT_TO_FLOAT -> {
                int r = temp(to);
                fb.abc(Op.I2F, r, v, 0);
                return r;
            }
            case FLOAT_TO_INT -> {
                int r = temp(to);
                fb.abc(Op.F2I, r, v, 0);
                return r;
            }
            case INT_TO_CHAR -> {
                int r = temp(to);
                fb.abc(Op.I2C, r, v, 0);
                return r;
            }
            case CHAR_TO_INT -> {
                int r = temp(to);
                fb.abc(Op.MOVP, r, v, 0);
                return r;
            }
            default -> {
                return v;
            }
        }
    }

    private int interpolation(List<Expr> parts, Pos pos) {
        if (parts.isEmpty()) {
            int r = temp(pb.stringType());
            fb.asbx(Op.LOADKR, r, pb.stringConstant(""));
            return r;
        }
        int n = parts.size();
        if (n > 255) {
            throw new CodeGenerationException("too many parts in one string", pos);
        }
        List<Integer> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(pb.stringType());
        }
        int blk = block(ts, true);
        for (int i = 0; i < n; i++) {
            int m = mark();
            Expr p = parts.get(i);
            if (p instanceof Expr.StringLit s) {
                fb.asbx(Op.LOADKR, blk + i, pb.stringConstant(s.value()));
            } else {
                int v = value(p);
                Type t = concrete(p.type());
                at(p.pos());
                if (t == Type.STRING) {
                    fb.abc(Op.MOVR, blk + i, v, 0);
                } else if (Types.isPrimitive(t)) {
                    fb.abc(Op.TOSTRP, blk + i, v, TypeMapper.primCode(t));
                } else {
                    fb.abc(Op.TOSTRR, blk + i, v, 0);
                }
            }
            release(m);
        }
        int r = temp(pb.stringType());
        at(pos);
        fb.abc(Op.CONCATN, r, blk, n);
        return r;
    }

    /**
     * A call: CALL of function {@code target} or CALLC of a function value ({@code callee}, type
     * {@code sig}); arguments into blocks of the parameter types.
     */
    private int call(int op, int target, int sig, List<Expr> args, Expr callee, Type resultType, Pos pos) {
        int[] params;
        int ret;
        if (op == Op.CALL) {
            params = null; // the arguments already have the parameter types (typed-program invariant 2)
            ret = -1;
        } else {
            params = pb.typeAt(sig).params();
            ret = pb.typeAt(sig).ret();
        }
        List<Integer> refTypes = new ArrayList<>();
        List<Integer> primTypes = new ArrayList<>();
        if (callee != null) {
            refTypes.add(sig);
        }
        int[] argTypes = new int[args.size()];
        for (int i = 0; i < args.size(); i++) {
            argTypes[i] = params != null ? params[i] : map(args.get(i).type());
            (isRef(argTypes[i]) ? refTypes : primTypes).add(argTypes[i]);
        }
        int a = block(refTypes, true);
        int b = block(primTypes, false);
        int ri = a;
        int pi = b;
        if (callee != null) {
            into(callee, ri++, sig);
        }
        for (int i = 0; i < args.size(); i++) {
            int m = mark();
            if (isRef(argTypes[i])) {
                into(args.get(i), ri++, argTypes[i]);
            } else {
                into(args.get(i), pi++, argTypes[i]);
            }
            release(m);
        }
        int rt = ret >= 0 ? ret : map(resultType);
        int dst = isVoid(rt) ? 0 : temp(rt);
        at(pos);
        fb.withExt(op, a, b, dst, target);
        return isVoid(rt) ? -1 : dst;
    }

    private int builtin(Expr.CallBuiltin cb) {
        List<Expr> args = cb.args();
        Pos pos = cb.pos();
        switch (cb.builtin()) {
            case STR -> {
                int v = value(args.get(0));
                at(pos);
                return asString(v, args.get(0).type());
            }
            case ARRAY_LEN, STRING_LEN -> {
                int v = value(args.get(0));
                int r = temp(pb.intType());
                at(pos);
                fb.abc(cb.builtin() == org.korlang.lang.internal.typed.Builtin.ARRAY_LEN ? Op.ALEN : Op.SLEN, r, v, 0);
                return r;
            }
            case ARRAY_PUSH -> {
                int arr = value(args.get(0));
                int elem = pb.typeAt(map(args.get(0).type())).arg();
                int v = coerce(value(args.get(1)), args.get(1).type(), elem);
                at(pos);
                fb.abc(isRef(elem) ? Op.APUSHR : Op.APUSHP, arr, v, 0);
                return -1;
            }
            default -> {
            }
        }
        Builtin target;
        int typeOperand = 0;
        switch (cb.builtin()) {
            case PRINT -> target = Builtin.PRINT;
            case PRINTLN -> target = Builtin.PRINTLN;
            case READ_LINE -> target = Builtin.READLINE;
            case ASSERT -> target = args.size() == 1 ? Builtin.ASSERT1 : Builtin.ASSERT;
            case PANIC -> target = Builtin.PANIC;
            case POW -> target = Builtin.POW;
            case SQRT -> target = Builtin.SQRT;
            case ABS_INT -> target = Builtin.ABSI;
            case ABS_FLOAT -> target = Builtin.ABSF;
            case MIN_INT -> target = Builtin.MINI;
            case MIN_FLOAT -> target = Builtin.MINF;
            case MAX_INT -> target = Builtin.MAXI;
            case MAX_FLOAT -> target = Builtin.MAXF;
            case FLOOR -> target = Builtin.FLOOR;
            case CEIL -> target = Builtin.CEIL;
            case NOW -> target = Builtin.NOW;
            case ARRAY_POP -> target = Builtin.ARRAY_POP;
            case STRING_CHARS -> target = Builtin.STR_CHARS;
            case STRING_CHAR_COUNT -> target = Builtin.STR_CHARCOUNT;
            case STRING_SLICE -> target = Builtin.STR_SLICE;
            case STRING_SPLIT -> target = Builtin.STR_SPLIT;
            case STRING_TRIM -> target = Builtin.STR_TRIM;
            case STRING_REPLACE -> target = Builtin.STR_REPLACE;
            case STRING_CONTAINS -> target = Builtin.STR_CONTAINS;
            case STRING_STARTS_WITH -> target = Builtin.STR_STARTSWITH;
            case STRING_ENDS_WITH -> target = Builtin.STR_ENDSWITH;
            case STRING_INDEX_OF -> target = Builtin.STR_INDEXOF;
            case STRING_TO_UPPER -> target = Builtin.STR_TOUPPER;
            case STRING_TO_LOWER -> target = Builtin.STR_TOLOWER;
            case STRING_BYTES -> target = Builtin.STR_BYTES;
            case STRING_FROM_UTF8 -> target = Builtin.STR_FROMUTF8;
            case STRING_TO_INT -> target = Builtin.STR_TOINT;
            case STRING_TO_FLOAT -> target = Builtin.STR_TOFLOAT;
            // ---- tasks and channels (#12): the type operand is the Task or Channel type
            case SPAWN -> {
                target = Builtin.SPAWN;
                typeOperand = map(cb.type());
            }
            case TASK_AWAIT -> {
                target = Builtin.TASK_AWAIT;
                typeOperand = map(args.get(0).type());
            }
            case CHANNEL_NEW -> {
                target = Builtin.CHAN_NEW;
                typeOperand = map(cb.type());
            }
            case CHANNEL_SEND, CHANNEL_RECV, CHANNEL_CLOSE, CHANNEL_LEN -> {
                target = switch (cb.builtin()) {
                    case CHANNEL_SEND -> Builtin.CHAN_SEND;
                    case CHANNEL_RECV -> Builtin.CHAN_RECV;
                    case CHANNEL_CLOSE -> Builtin.CHAN_CLOSE;
                    default -> Builtin.CHAN_LEN;
                };
                typeOperand = map(args.get(0).type());
            }
            case TIME_SLEEP -> target = Builtin.SLEEP;
            default -> target = stdlibBuiltin(cb.builtin(), pos);
        }
        List<Expr> actual = args;
        if (target == Builtin.PRINT || target == Builtin.PRINTLN) {
            if (args.isEmpty()) {
                actual = List.of(new Expr.StringLit("", pos));
            }
            typeOperand = map(actual.get(0).type());
        } else if (target == Builtin.ARRAY_POP || target == Builtin.EPRINT || target == Builtin.EPRINTLN
                || target == Builtin.SYS_HASH) {
            if (actual.isEmpty()) {
                actual = List.of(new Expr.StringLit("", pos));
            }
            typeOperand = map(actual.get(0).type());
        }
        List<Integer> refTypes = new ArrayList<>();
        List<Integer> primTypes = new ArrayList<>();
        int[] argTypes = new int[actual.size()];
        for (int i = 0; i < actual.size(); i++) {
            argTypes[i] = map(actual.get(i).type());
            (isRef(argTypes[i]) ? refTypes : primTypes).add(argTypes[i]);
        }
        int a = block(refTypes, true);
        int b = block(primTypes, false);
        int ri = a;
        int pi = b;
        for (int i = 0; i < actual.size(); i++) {
            int m = mark();
            if (isRef(argTypes[i])) {
                into(actual.get(i), ri++, argTypes[i]);
            } else {
                into(actual.get(i), pi++, argTypes[i]);
            }
            release(m);
        }
        Type rtype = concrete(cb.type());
        int dst = 0;
        int result = -1;
        if (rtype != Type.VOID && rtype != Type.NEVER) {
            dst = temp(map(rtype));
            result = dst;
        }
        at(pos);
        fb.withExt(Op.CALLB, a, b, dst, target.ordinal() | typeOperand << 16);
        if (typeOperand > 0xFFFF) {
            throw new CodeGenerationException("too many types", pos);
        }
        return result;
    }

    /**
     * stdlib (#13): the bytecode builtin of a typed stdlib builtin — the constant of the same name,
     * except the math functions and exit, which the VM already had under their own names.
     */
    private static Builtin stdlibBuiltin(org.korlang.lang.internal.typed.Builtin b, Pos pos) {
        switch (b) {
            case SYS_EXIT: return Builtin.EXIT;
            case SYS_SIN: return Builtin.SIN;
            case SYS_COS: return Builtin.COS;
            case SYS_TAN: return Builtin.TAN;
            case SYS_ATAN2: return Builtin.ATAN2;
            case SYS_EXP: return Builtin.EXP;
            case SYS_LOG: return Builtin.LOG;
            default:
                try {
                    return Builtin.valueOf(b.name());
                } catch (IllegalArgumentException e) {
                    throw new CodeGenerationException("internal: builtin " + b, pos);
                }
        }
    }

    // ============================================================================ loops

    private void forRange(Expr.ForRange fr) {
        Label exit = fb.label();
        Label cont = fb.label();
        Label body = fb.label();
        loops.put(fr.loop(), new Label[] {exit, cont});
        if (!fr.inclusive() && !fr.variable().needsCell()) {
            // counter and end in consecutive registers for FORLOOP: a fresh pair; the loop variable
            // (immutable, D18) is the counter itself
            List<Integer> pair = List.of(pb.intType(), pb.intType());
            int p = block(pair, false);
            into(fr.start(), p, pb.intType());
            into(fr.end(), p + 1, pb.intType());
            varReg[fr.variable().index()] = p;
            at(fr.pos());
            fb.compareBranch(Op.JLEI, p + 1, p, exit);
            fb.place(body);
            int m = mark();
            effect(fr.body());
            release(m);
            fb.place(cont);
            at(fr.pos());
            fb.branch(Op.FORLOOP, p, body);
            fb.place(exit);
            return;
        }
        int i = varRegister(fr.variable());
        boolean cell = varCell[fr.variable().index()];
        int cur = temp(pb.intType());
        int end = temp(pb.intType());
        into(fr.start(), cur, pb.intType());
        into(fr.end(), end, pb.intType());
        at(fr.pos());
        fb.compareBranch(fr.inclusive() ? Op.JLTI : Op.JLEI, end, cur, exit);
        fb.place(body);
        if (cell) {
            fb.asbx(Op.NEW, i, types.cellLayout(pb.intType()));
            fb.abc(Op.SETP, i, 0, cur);
        } else {
            fb.abc(Op.MOVP, i, cur, 0);
        }
        int m = mark();
        effect(fr.body());
        release(m);
        fb.place(cont);
        at(fr.pos());
        if (fr.inclusive()) {
            fb.compareBranch(Op.JEQI, cur, end, exit);
            fb.abc(Op.ADDIK, cur, cur, 1);
        } else {
            fb.abc(Op.ADDIK, cur, cur, 1);
            fb.compareBranch(Op.JLEI, end, cur, exit);
        }
        fb.jump(Op.LOOP, body);
        fb.place(exit);
    }

    private void forEach(Expr.ForEach fe) {
        LocalVar v = fe.variable();
        Label top = fb.label();
        Label exit = fb.label();
        Label cont = fb.label();
        loops.put(fe.loop(), new Label[] {exit, cont});
        int itType = map(fe.iterable().type());
        int it = temp(itType);
        into(fe.iterable(), it, itType);
        int i = temp(pb.intType());
        int n = temp(pb.intType());
        at(fe.pos());
        fb.asbx(Op.LOADI, i, 0);
        fb.place(top);
        boolean string = fe.kind() == Expr.IterationKind.STRING_CHARS;
        fb.abc(string ? Op.SLEN : Op.ALEN, n, it, 0);
        fb.compareBranch(Op.JLEI, n, i, exit);
        int vt = map(v.type());
        int elem = temp(vt);
        if (string) {
            fb.abc(Op.SNEXT, elem, it, i);
        } else {
            fb.abc(isRef(vt) ? Op.AGETR : Op.AGETP, elem, it, i);
            fb.abc(Op.ADDIK, i, i, 1);
        }
        assignVarFresh(v, elem);
        int m = mark();
        effect(fe.body());
        release(m);
        fb.place(cont);
        at(fe.pos());
        fb.jump(Op.LOOP, top);
        fb.place(exit);
    }

    /** Binds a loop variable (fresh per iteration: a new cell if it needs one). */
    private void assignVarFresh(LocalVar v, int src) {
        int t = map(v.type());
        int r = varRegister(v);
        if (varCell[v.index()]) {
            fb.asbx(Op.NEW, r, types.cellLayout(t));
            store(r, 0, t, src);
        } else {
            fb.abc(isRef(t) ? Op.MOVR : Op.MOVP, r, src, 0);
        }
    }

    // ============================================================================ match

    private int match(Expr.Match m) {
        int s = value(m.scrutinee());
        Type st = m.scrutinee().type();
        boolean hasValue = m.type() != Type.VOID && m.type() != Type.NEVER;
        int t = hasValue ? map(m.type()) : -1;
        int r = hasValue ? temp(t) : -1;
        Label end = fb.label();
        for (Expr.MatchArm arm : m.arms()) {
            Label next = fb.label();
            int mk = mark();
            pattern(arm.pattern(), s, st, next);
            if (arm.guard() != null) {
                branch(arm.guard(), false, next);
            }
            if (hasValue) {
                intoBranch(arm.body(), r, t);
            } else {
                effect(arm.body());
            }
            release(mk);
            fb.jump(Op.JMP, end);
            fb.place(next);
        }
        if (m.exhaustive()) {
            int blk = block(List.of(pb.stringType()), true);
            at(m.pos());
            fb.asbx(Op.LOADKR, blk, pb.stringConstant("internal error: no match arm matched"));
            fb.withExt(Op.CALLB, blk, 0, 0, Builtin.PANIC.ordinal());
        }
        fb.place(end);
        return r;
    }

    /** Tests {@code p} against the value in {@code reg} (Korlang type {@code type}); jumps to {@code fail} if it does not match. */
    private void pattern(Pattern p, int reg, Type type, Label fail) {
        at(p.pos());
        if (p instanceof Pattern.Wildcard) {
            return;
        }
        if (p instanceof Pattern.Bind b) {
            LocalVar v = b.variable();
            int vt = map(v.type());
            int src = coerce(reg, type, vt);
            int r = varRegister(v);
            if (varCell[v.index()]) {
                fb.asbx(Op.NEW, r, types.cellLayout(vt));
                store(r, 0, vt, src);
            } else if (r != src) {
                fb.abc(isRef(vt) ? Op.MOVR : Op.MOVP, r, src, 0);
            }
            return;
        }
        if (p instanceof Pattern.Literal l) {
            Type lt = concrete(l.value().type());
            int k = value(l.value());
            if (lt == Type.INT || lt == Type.CHAR || lt == Type.BOOL) {
                fb.compareBranch(Op.JNEI, reg, k, fail);
            } else if (lt == Type.FLOAT) {
                int d = temp(pb.boolType());
                fb.abc(Op.EQF, d, reg, k);
                fb.branch(Op.JF, d, fail);
            } else {
                int d = temp(pb.boolType());
                fb.abc(Op.EQS, d, reg, k);
                fb.branch(Op.JF, d, fail);
            }
            return;
        }
        if (p instanceof Pattern.Null) {
            fb.branch(Op.JNNULL, reg, fail);
            return;
        }
        if (p instanceof Pattern.NonNull nn) {
            fb.branch(Op.JNULL, reg, fail);
            Type inner = concrete(nn.inner().type());
            if (Types.isPrimitive(inner)) {
                int u = temp(map(inner));
                fb.abc(Op.UNBOX, u, reg, 0);
                pattern(nn.inner(), u, inner, fail);
            } else {
                pattern(nn.inner(), reg, inner, fail);
            }
            return;
        }
        if (p instanceof Pattern.Tuple tp) {
            Layout l = pb.layoutAt(pb.typeAt(map(tp.type())).arg());
            int obj = coerce(reg, type, map(tp.type()));
            List<Type> elems = ((Type.TupleType) concrete(tp.type())).elements();
            for (int i = 0; i < tp.elements().size(); i++) {
                if (tp.elements().get(i) instanceof Pattern.Wildcard) {
                    continue;
                }
                int e = load(obj, i, l.fieldTypes()[i]);
                pattern(tp.elements().get(i), e, elems.get(i), fail);
            }
            return;
        }
        if (p instanceof Pattern.Variant vp) {
            Type.EnumType et = (Type.EnumType) concrete(vp.type());
            int enumType = map(et);
            int e = reg;
            if (map(type) != enumType) {
                e = temp(enumType);
                fb.abc(Op.MOVR, e, reg, 0);
            }
            int tag = temp(pb.intType());
            fb.abc(Op.TAG, tag, e, 0);
            int k = temp(pb.intType());
            fb.asbx(Op.LOADI, k, vp.variant().index());
            fb.compareBranch(Op.JNEI, tag, k, fail);
            boolean any = false;
            for (Pattern sub : vp.payload()) {
                any |= !(sub instanceof Pattern.Wildcard);
            }
            if (!any) {
                return;
            }
            int layout = types.variantLayout(et, vp.variant().index());
            Layout l = pb.layoutAt(layout);
            int obj = temp(pb.objectType(layout));
            fb.withExt(Op.CASTV, obj, e, 0, layout);
            List<Type> payload = et.payloadTypes(vp.variant());
            for (int i = 0; i < vp.payload().size(); i++) {
                Pattern sub = vp.payload().get(i);
                if (sub instanceof Pattern.Wildcard) {
                    continue;
                }
                int x = load(obj, l.slotOf(i), l.fieldTypes()[i]);
                pattern(sub, x, payload.get(i), fail);
            }
            return;
        }
        if (p instanceof Pattern.Struct sp) {
            Type.StructType stt = (Type.StructType) concrete(sp.type());
            int layout = types.structLayout(stt);
            Layout l = pb.layoutAt(layout);
            int obj = coerce(reg, type, pb.objectType(layout));
            for (Pattern.FieldPattern f : sp.fields()) {
                int idx = f.field().index();
                int x = load(obj, l.slotOf(idx), l.fieldTypes()[idx]);
                pattern(f.pattern(), x, stt.fieldType(f.field()), fail);
            }
            return;
        }
        throw new CodeGenerationException("internal: pattern " + p.getClass().getSimpleName(), p.pos());
    }
}
