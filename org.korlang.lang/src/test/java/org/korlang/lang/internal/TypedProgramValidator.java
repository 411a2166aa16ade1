package org.korlang.lang.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.korlang.lang.internal.typed.CodeUnit;
import org.korlang.lang.internal.typed.Expr;
import org.korlang.lang.internal.typed.FunctionDecl;
import org.korlang.lang.internal.typed.Lambda;
import org.korlang.lang.internal.typed.LocalVar;
import org.korlang.lang.internal.typed.Pattern;
import org.korlang.lang.internal.typed.Stmt;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.TypedProgram;
import org.korlang.lang.internal.typed.Types;

/**
 * Checks the invariants of docs/typed-program.md on a typed program the front end accepted: no
 * ERROR type anywhere, every node has a position, every local belongs to the unit that uses it
 * (captures go through {@link Expr.Captured}), variable indices are dense, argument and
 * assignment types equal their places' types, nullable types are normalized. Returns the list
 * of violations (empty when the program is well formed).
 */
public final class TypedProgramValidator {
    private final List<String> problems = new ArrayList<>();
    private final Map<CodeUnit, Boolean> seenUnits = new IdentityHashMap<>();

    public static List<String> validate(TypedProgram p) {
        TypedProgramValidator v = new TypedProgramValidator();
        if (p.main() == null) {
            v.problems.add("no main");
        }
        for (FunctionDecl f : p.functions()) {
            v.unit(f);
        }
        return v.problems;
    }

    private void problem(String what, Expr e) {
        problems.add(what + (e == null ? "" : " at " + e.pos() + " in " + e.getClass().getSimpleName()));
    }

    private void type(Type t, Expr where) {
        if (t == null) {
            problem("null type", where);
            return;
        }
        if (t == Type.ERROR) {
            problem("ERROR type", where);
        }
        if (t instanceof Type.NullableType n) {
            if (Types.admitsNull(n.inner()) || n.inner() == Type.VOID || n.inner() == Type.NEVER) {
                problem("unnormalized nullable " + t, where);
            }
            type(n.inner(), where);
        } else if (t instanceof Type.ArrayType a) {
            type(a.element(), where);
        } else if (t instanceof Type.TupleType tt) {
            tt.elements().forEach(x -> type(x, where));
        } else if (t instanceof Type.FunctionType f) {
            f.params().forEach(x -> type(x, where));
            type(f.result(), where);
        } else if (t instanceof Type.StructType s) {
            s.typeArgs().forEach(x -> type(x, where));
        } else if (t instanceof Type.EnumType e) {
            e.typeArgs().forEach(x -> type(x, where));
        }
    }

    private void unit(CodeUnit u) {
        if (seenUnits.put(u, Boolean.TRUE) != null) {
            return;
        }
        for (int i = 0; i < u.variables().size(); i++) {
            LocalVar v = u.variables().get(i);
            if (v.index() != i || v.owner() != u) {
                problems.add("variable " + v + " of " + u.displayName() + " has index/owner mismatch");
            }
            type(v.type(), null);
        }
        if (u.body() == null) {
            problems.add("unit " + u.displayName() + " has no body");
            return;
        }
        if (u.resultType() == Type.VOID && u.body().value() != null) {
            problems.add("Void unit " + u.displayName() + " has a body value");
        }
        if (u.resultType() != Type.VOID && u.body().type() != Type.NEVER && !u.body().type().equals(u.resultType())) {
            problems.add("unit " + u.displayName() + " body type " + u.body().type() + " != result " + u.resultType());
        }
        expr(u.body(), u);
    }

    private void expect(Expr value, Type place, Expr where) {
        if (value.type() != Type.NEVER && !value.type().equals(place)) {
            problem("value of type " + value.type() + " in a place of type " + place, where);
        }
    }

    private void stmt(Stmt s, CodeUnit u) {
        if (s instanceof Stmt.Let l) {
            if (l.variable().owner() != u) {
                problems.add("let of a foreign variable " + l.variable());
            }
            if (l.init() != null) {
                expr(l.init(), u);
                expect(l.init(), l.variable().type(), l.init());
            }
        } else if (s instanceof Stmt.ExprStmt es) {
            expr(es.expr(), u);
        }
    }

    private void pattern(Pattern p, CodeUnit u) {
        if (p instanceof Pattern.Bind b && b.variable().owner() != u) {
            problems.add("pattern binds a foreign variable " + b.variable());
        }
        if (p instanceof Pattern.Tuple t) {
            t.elements().forEach(x -> pattern(x, u));
        } else if (p instanceof Pattern.Variant v) {
            v.payload().forEach(x -> pattern(x, u));
        } else if (p instanceof Pattern.Struct s) {
            s.fields().forEach(f -> pattern(f.pattern(), u));
        } else if (p instanceof Pattern.NonNull n) {
            pattern(n.inner(), u);
        } else if (p instanceof Pattern.Literal l) {
            expr(l.value(), u);
        }
    }

    private void expr(Expr e, CodeUnit u) {
        if (e == null) {
            return;
        }
        if (e.pos() == null || e.pos().line() < 1 || e.pos().column() < 1) {
            problem("bad position", e);
        }
        type(e.type(), e);
        if (e instanceof Expr.Local l) {
            if (l.variable().owner() != u) {
                problem("local " + l.variable() + " of another unit used directly", e);
            }
        } else if (e instanceof Expr.Captured c) {
            if (!(u instanceof Lambda lam) || c.capture().index() >= lam.captures().size() || lam.captures().get(c.capture().index()) != c.capture()) {
                problem("capture not in the unit's capture list", e);
            }
        } else if (e instanceof Expr.Closure c) {
            for (var cap : c.lambda().captures()) {
                expr(cap.source(), u);
            }
            unit(c.lambda());
        } else if (e instanceof Expr.Assign a) {
            expr(a.target(), u);
            expr(a.value(), u);
            expect(a.value(), a.target().type(), e);
        } else if (e instanceof Expr.CompoundAssign a) {
            expr(a.target(), u);
            expr(a.value(), u);
        } else if (e instanceof Expr.Unary x) {
            expr(x.operand(), u);
        } else if (e instanceof Expr.Binary b) {
            expr(b.left(), u);
            expr(b.right(), u);
            expect(b.left(), b.operandType(), e);
            expect(b.right(), b.operandType(), e);
        } else if (e instanceof Expr.NullTest n) {
            expr(n.value(), u);
            if (!Types.admitsNull(n.value().type())) {
                problem("null test of non-nullable " + n.value().type(), e);
            }
        } else if (e instanceof Expr.Elvis el) {
            expr(el.value(), u);
            expr(el.fallback(), u);
        } else if (e instanceof Expr.NotNull n) {
            expr(n.value(), u);
        } else if (e instanceof Expr.Convert c) {
            expr(c.value(), u);
        } else if (e instanceof Expr.Interpolation in) {
            in.parts().forEach(x -> expr(x, u));
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(x -> expr(x, u));
            var params = c.function().params();
            if (params.size() != c.args().size()) {
                problem("arity", e);
            } else {
                for (int i = 0; i < params.size(); i++) {
                    expect(c.args().get(i), Types.substitute(params.get(i).type(), c.function().typeParams(), c.typeArgs()), e);
                }
            }
        } else if (e instanceof Expr.CallValue c) {
            expr(c.callee(), u);
            c.args().forEach(x -> expr(x, u));
            if (c.callee().type() instanceof Type.FunctionType ft) {
                for (int i = 0; i < c.args().size(); i++) {
                    expect(c.args().get(i), ft.params().get(i), e);
                }
            } else {
                problem("call of a non-function", e);
            }
        } else if (e instanceof Expr.CallBuiltin c) {
            c.args().forEach(x -> expr(x, u));
        } else if (e instanceof Expr.StructNew s) {
            for (Expr.FieldInit fi : s.inits()) {
                expr(fi.value(), u);
                expect(fi.value(), s.type().fieldType(fi.field()), e);
            }
            if (s.inits().size() != s.type().decl().fields().size()) {
                problem("struct literal does not set every field", e);
            }
        } else if (e instanceof Expr.EnumNew en) {
            en.args().forEach(x -> expr(x, u));
            List<Type> payload = en.type().payloadTypes(en.variant());
            for (int i = 0; i < en.args().size(); i++) {
                expect(en.args().get(i), payload.get(i), e);
            }
        } else if (e instanceof Expr.ArrayNew a) {
            for (Expr x : a.elements()) {
                expr(x, u);
                expect(x, a.type().element(), e);
            }
        } else if (e instanceof Expr.ArrayRepeat a) {
            expr(a.value(), u);
            expr(a.count(), u);
            expect(a.value(), a.type().element(), e);
        } else if (e instanceof Expr.TupleNew t) {
            t.elements().forEach(x -> expr(x, u));
        } else if (e instanceof Expr.FieldGet f) {
            expr(f.object(), u);
            if (!(f.object().type() instanceof Type.StructType)) {
                problem("field of a non-struct " + f.object().type(), e);
            }
        } else if (e instanceof Expr.TupleGet t) {
            expr(t.tuple(), u);
        } else if (e instanceof Expr.Index i) {
            expr(i.array(), u);
            expr(i.index(), u);
        } else if (e instanceof Expr.Block b) {
            b.statements().forEach(s -> stmt(s, u));
            expr(b.value(), u);
        } else if (e instanceof Expr.If i) {
            expr(i.condition(), u);
            expr(i.then(), u);
            expr(i.otherwise(), u);
            if (i.type() != Type.VOID && i.type() != Type.NEVER) {
                expect(i.then(), i.type(), e);
                expect(i.otherwise(), i.type(), e);
            }
        } else if (e instanceof Expr.Match m) {
            expr(m.scrutinee(), u);
            for (Expr.MatchArm arm : m.arms()) {
                pattern(arm.pattern(), u);
                expr(arm.guard(), u);
                expr(arm.body(), u);
                if (m.type() != Type.VOID && m.type() != Type.NEVER) {
                    expect(arm.body(), m.type(), e);
                }
            }
        } else if (e instanceof Expr.While w) {
            expr(w.condition(), u);
            expr(w.body(), u);
        } else if (e instanceof Expr.ForRange f) {
            expr(f.start(), u);
            expr(f.end(), u);
            expr(f.body(), u);
        } else if (e instanceof Expr.ForEach f) {
            expr(f.iterable(), u);
            expr(f.body(), u);
        } else if (e instanceof Expr.Return r) {
            expr(r.value(), u);
            if (r.value() != null) {
                expect(r.value(), u.resultType(), e);
            }
        }
    }
}
