package org.korlang.lang.internal.check;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.korlang.lang.internal.syntax.Ast;

/**
 * A syntactic pre-pass for flow typing: the names that are assignment targets anywhere in a piece
 * of code, and those assigned inside closures. Conservative by name (a shadowing variable of the
 * same name counts too), which can only disable narrowing, never make it unsound. Iterative, so a
 * long expression chain cannot overflow the Java stack.
 */
final class AssignedNames {
    private AssignedNames() {
    }

    private record Item(Object node, boolean inClosure) {
    }

    static void collect(Object root, Set<String> assigned, Set<String> inClosures, boolean inClosure) {
        Deque<Item> work = new ArrayDeque<>();
        work.push(new Item(root, inClosure));
        while (!work.isEmpty()) {
            Item it = work.pop();
            Object n = it.node;
            boolean c = it.inClosure;
            if (n == null) {
                continue;
            }
            if (n instanceof Ast.Assign a) {
                Ast.Expr t = a.target();
                while (t instanceof Ast.Paren p) {
                    t = p.inner();
                }
                if (t instanceof Ast.Name name) {
                    assigned.add(name.name());
                    if (c) {
                        inClosures.add(name.name());
                    }
                }
                work.push(new Item(a.target(), c));
                work.push(new Item(a.value(), c));
            } else if (n instanceof Ast.Lambda l) {
                work.push(new Item(l.body(), true));
            } else if (n instanceof Ast.LocalFun lf) {
                work.push(new Item(lf.fun().body(), true));
            } else if (n instanceof Ast.Block b) {
                for (Ast.Stmt st : b.statements()) {
                    work.push(new Item(st, c));
                }
            } else if (n instanceof Ast.Let l) {
                work.push(new Item(l.init(), c));
            } else if (n instanceof Ast.ExprStmt es) {
                work.push(new Item(es.expr(), c));
            } else if (n instanceof Ast.Unary u) {
                work.push(new Item(u.operand(), c));
            } else if (n instanceof Ast.Binary b) {
                work.push(new Item(b.left(), c));
                work.push(new Item(b.right(), c));
            } else if (n instanceof Ast.Call call) {
                work.push(new Item(call.callee(), c));
                for (Ast.Expr a : call.args()) {
                    work.push(new Item(a, c));
                }
            } else if (n instanceof Ast.Field f) {
                work.push(new Item(f.object(), c));
            } else if (n instanceof Ast.TupleIndex t) {
                work.push(new Item(t.tuple(), c));
            } else if (n instanceof Ast.Index i) {
                work.push(new Item(i.object(), c));
                work.push(new Item(i.index(), c));
            } else if (n instanceof Ast.NotNull nn) {
                work.push(new Item(nn.value(), c));
            } else if (n instanceof Ast.As as) {
                work.push(new Item(as.value(), c));
            } else if (n instanceof Ast.Range r) {
                work.push(new Item(r.start(), c));
                work.push(new Item(r.end(), c));
            } else if (n instanceof Ast.If i) {
                work.push(new Item(i.condition(), c));
                work.push(new Item(i.then(), c));
                work.push(new Item(i.otherwise(), c));
            } else if (n instanceof Ast.Match m) {
                work.push(new Item(m.scrutinee(), c));
                for (Ast.MatchArm arm : m.arms()) {
                    work.push(new Item(arm.guard(), c));
                    work.push(new Item(arm.body(), c));
                }
            } else if (n instanceof Ast.While w) {
                work.push(new Item(w.condition(), c));
                work.push(new Item(w.body(), c));
            } else if (n instanceof Ast.For f) {
                work.push(new Item(f.iterable(), c));
                work.push(new Item(f.body(), c));
            } else if (n instanceof Ast.Return r) {
                work.push(new Item(r.value(), c));
            } else if (n instanceof Ast.StructLit sl) {
                for (Ast.FieldInit fi : sl.fields()) {
                    work.push(new Item(fi.value(), c));
                }
            } else if (n instanceof Ast.ArrayLit al) {
                for (Ast.Expr e : al.elements()) {
                    work.push(new Item(e, c));
                }
            } else if (n instanceof Ast.ArrayRepeat ar) {
                work.push(new Item(ar.value(), c));
                work.push(new Item(ar.count(), c));
            } else if (n instanceof Ast.TupleLit tl) {
                for (Ast.Expr e : tl.elements()) {
                    work.push(new Item(e, c));
                }
            } else if (n instanceof Ast.Spawn sp) {
                work.push(new Item(sp.body(), true));
            } else if (n instanceof Ast.Paren p) {
                work.push(new Item(p.inner(), c));
            } else if (n instanceof Ast.StringLit str) {
                for (Object part : str.parts()) {
                    if (part instanceof Ast.Expr e) {
                        work.push(new Item(e, c));
                    }
                }
            }
        }
    }
}
