package org.korlang.lang.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.korlang.lang.SourceFile;
import org.korlang.lang.internal.typed.Conversion;
import org.korlang.lang.internal.typed.Expr;
import org.korlang.lang.internal.typed.FunctionDecl;
import org.korlang.lang.internal.typed.Lambda;
import org.korlang.lang.internal.typed.LocalVar;
import org.korlang.lang.internal.typed.Stmt;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.TypedProgram;

/** What code generation is promised about the typed program (docs/typed-program.md), on small programs. */
class TypedProgramShapeTest {
    static TypedProgram typed(String src) {
        FrontEnd.Result r = FrontEnd.run(new SourceFile("t.kor", src));
        assertEquals(List.of(), r.diagnostics());
        assertNotNull(r.program());
        assertEquals(List.of(), TypedProgramValidator.validate(r.program()));
        return r.program();
    }

    static FunctionDecl fn(TypedProgram p, String name) {
        return p.functions().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    static LocalVar var(FunctionDecl f, String name) {
        return f.variables().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void capturedAndReassignedVariablesNeedCells() {
        TypedProgram p = typed("fun main() {\n var total = 0\n let k = 2\n let add = fun (x: Int) { total = total + x * k }\n"
                + " add(1)\n var unused = 1\n unused = 2\n println(total)\n}");
        FunctionDecl main = fn(p, "main");
        assertTrue(var(main, "total").needsCell());
        assertTrue(var(main, "k").isCaptured());
        assertFalse(var(main, "k").needsCell());
        assertFalse(var(main, "unused").needsCell());
        assertTrue(var(main, "unused").isReassigned());
        Stmt.Let addLet = (Stmt.Let) main.body().statements().get(2);
        Lambda lambda = ((Expr.Closure) addLet.init()).lambda();
        assertEquals(2, lambda.captures().size());
        assertEquals("main.<closure>", lambda.displayName());
        assertInstanceOf(Expr.Local.class, lambda.captures().get(0).source());
    }

    @Test
    void nestedClosuresCaptureThroughTheirParent() {
        TypedProgram p = typed("fun main() {\n let n = 1\n let f = fun () -> fun() -> Int { fun () -> Int { n } }\n println(f()())\n}");
        Lambda outer = ((Expr.Closure) ((Stmt.Let) fn(p, "main").body().statements().get(1)).init()).lambda();
        Lambda inner = ((Expr.Closure) outer.body().value()).lambda();
        assertInstanceOf(Expr.Local.class, outer.captures().get(0).source());
        assertInstanceOf(Expr.Captured.class, inner.captures().get(0).source());
        assertEquals(var(fn(p, "main"), "n"), inner.captures().get(0).variable());
    }

    @Test
    void flowTypingIsAnExplicitNarrowConversion() {
        TypedProgram p = typed("struct C { next: C?; v: Int }\nfun main() {\n var c: C? = C { next: null, v: 1 }\n"
                + " c = c!!.next\n if c != null { println(c.v) }\n}");
        Expr.If iff = (Expr.If) ((Stmt.ExprStmt) fn(p, "main").body().statements().get(2)).expr();
        assertInstanceOf(Expr.NullTest.class, iff.condition());
        Expr print = ((Stmt.ExprStmt) ((Expr.Block) iff.then()).statements().get(0)).expr();
        Expr.FieldGet get = (Expr.FieldGet) ((Expr.CallBuiltin) print).args().get(0);
        Expr.Convert narrow = (Expr.Convert) get.object();
        assertEquals(Conversion.NARROW, narrow.conversion());
    }

    @Test
    void genericCallsRecordTheirTypeArguments() {
        TypedProgram p = typed("fun first<T>(xs: [T]) -> T? { if xs.len() == 0 { null } else { xs[0] } }\n"
                + "fun main() { let a = first([1, 2]); let b = first([\"x\"]) }");
        List<Stmt> stmts = fn(p, "main").body().statements();
        Expr.Call a = (Expr.Call) ((Stmt.Let) stmts.get(0)).init();
        Expr.Call b = (Expr.Call) ((Stmt.Let) stmts.get(1)).init();
        assertEquals(List.of(Type.INT), a.typeArgs());
        assertEquals(List.of(Type.STRING), b.typeArgs());
        assertEquals(new Type.NullableType(Type.INT), a.type());
    }

    @Test
    void integerLiteralsInFloatPlacesAreFloatLiterals() {
        TypedProgram p = typed("fun main() { let f: Float = 2 * 3; let g = pow(2.0, 2); let h = 1.5 * 2 }");
        List<Stmt> stmts = fn(p, "main").body().statements();
        Expr.Binary f = (Expr.Binary) ((Stmt.Let) stmts.get(0)).init();
        assertInstanceOf(Expr.FloatLit.class, f.left());
        assertEquals(Type.FLOAT, f.operandType());
        Expr.CallBuiltin g = (Expr.CallBuiltin) ((Stmt.Let) stmts.get(1)).init();
        assertInstanceOf(Expr.FloatLit.class, g.args().get(1));
        Expr.Binary h = (Expr.Binary) ((Stmt.Let) stmts.get(2)).init();
        assertInstanceOf(Expr.FloatLit.class, h.right());
    }

    @Test
    void compoundAssignmentOfANarrowedLocalIsAPlainAssignment() {
        TypedProgram p = typed("fun main() { var x: Int? = 5; x += 1; var xs = [1]; xs[0] += 2; var s = \"a\"; s += 1 }");
        List<Stmt> stmts = fn(p, "main").body().statements();
        Expr.Assign x = (Expr.Assign) ((Stmt.ExprStmt) stmts.get(1)).expr();
        assertInstanceOf(Expr.Local.class, x.target());
        assertEquals(Conversion.TO_NULLABLE, ((Expr.Convert) x.value()).conversion());
        assertInstanceOf(Expr.CompoundAssign.class, ((Stmt.ExprStmt) stmts.get(3)).expr());
        Expr.Assign s = (Expr.Assign) ((Stmt.ExprStmt) stmts.get(5)).expr();
        assertInstanceOf(Expr.Interpolation.class, s.value());
    }

    @Test
    void declarationWithoutInitialiserAndMainKinds() {
        TypedProgram p = typed("fun main(args: [String]) -> Int {\n var v: Int\n if args.len() > 0 { v = 1 } else { v = 2 }\n v\n}");
        assertEquals(TypedProgram.MainKind.ARGS_INT, p.mainKind());
        Stmt.Let let = (Stmt.Let) p.main().body().statements().get(0);
        assertEquals(null, let.init());
        assertEquals("Result", p.enums().get(0).name());
    }
}
