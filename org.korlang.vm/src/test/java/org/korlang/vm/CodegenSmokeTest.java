package org.korlang.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.internal.codegen.CodeGenerator;
import org.korlang.lang.internal.typed.BinaryOp;
import org.korlang.lang.internal.typed.Builtin;
import org.korlang.lang.internal.typed.EnumDecl;
import org.korlang.lang.internal.typed.Expr;
import org.korlang.lang.internal.typed.Field;
import org.korlang.lang.internal.typed.FunctionDecl;
import org.korlang.lang.internal.typed.Lambda;
import org.korlang.lang.internal.typed.LocalVar;
import org.korlang.lang.internal.typed.LoopId;
import org.korlang.lang.internal.typed.Pattern;
import org.korlang.lang.internal.typed.Pos;
import org.korlang.lang.internal.typed.Stmt;
import org.korlang.lang.internal.typed.StructDecl;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.TypeParam;
import org.korlang.lang.internal.typed.TypedProgram;
import org.korlang.lang.internal.typed.Variant;

/**
 * Code generation on typed programs built by hand (until the front end produces them): recursion,
 * closures over a reassigned variable (a cell), ranges, interpolation, generics (one layout per
 * instantiation), enums with payloads and match, printing of containers.
 */
class CodegenSmokeTest {

    static final Pos P = new Pos(1, 1);

    static Expr.Local local(LocalVar v) {
        return new Expr.Local(v, P);
    }

    static Expr.IntLit i(long v) {
        return new Expr.IntLit(v, P);
    }

    static Expr.Block block(Expr value, Stmt... stmts) {
        return new Expr.Block(List.of(stmts), value, value == null ? Type.VOID : value.type(), P);
    }

    static Stmt st(Expr e) {
        return new Stmt.ExprStmt(e);
    }

    static Expr println(Expr... args) {
        return new Expr.CallBuiltin(Builtin.PRINTLN, List.of(args), Type.VOID, P);
    }

    static String run(Program p) {
        TestConsole c = new TestConsole();
        Outcome o = Asm.run(p, "generational", c);
        assertNull(o.errorMessage(), c.err());
        return c.out();
    }

    @Test
    void recursionClosuresRangesInterpolation() {
        FunctionDecl fib = new FunctionDecl("fib", "fib", List.of(), null, P);
        LocalVar n = fib.newVariable("n", Type.INT, true, false, P);
        fib.setResultType(Type.INT);
        Expr.Binary less = new Expr.Binary(BinaryOp.LT, local(n), i(2), Type.INT, Type.BOOL, P);
        Expr.If early = new Expr.If(less, block(null, st(new Expr.Return(local(n), P))), null, Type.VOID, P);
        Expr call1 = new Expr.Call(fib, List.of(), List.of(new Expr.Binary(BinaryOp.SUB, local(n), i(1), Type.INT, Type.INT, P)), Type.INT, P);
        Expr call2 = new Expr.Call(fib, List.of(), List.of(new Expr.Binary(BinaryOp.SUB, local(n), i(2), Type.INT, Type.INT, P)), Type.INT, P);
        fib.setBody(block(new Expr.Binary(BinaryOp.ADD, call1, call2, Type.INT, Type.INT, P), st(early)));

        FunctionDecl main = new FunctionDecl("main", "main", List.of(), null, P);
        main.setResultType(Type.INT);
        LocalVar count = main.newVariable("count", Type.INT, false, true, P);
        Type.FunctionType incType = new Type.FunctionType(List.of(), Type.VOID);
        LocalVar inc = main.newVariable("inc", incType, false, false, P);
        Lambda lambda = new Lambda("main.<closure>", main, P);
        var cap = lambda.capture(count, local(count));
        count.markReassigned();
        lambda.setResultType(Type.VOID);
        lambda.setBody(block(null, st(new Expr.CompoundAssign(new Expr.Captured(cap, P), BinaryOp.ADD, i(1), Type.INT, P))));
        LocalVar iv = main.newVariable("i", Type.INT, false, false, P);
        LoopId loop = new LoopId(P);
        Expr forLoop = new Expr.ForRange(loop, iv, i(0), i(3), false,
                block(null, st(new Expr.CallBuiltin(Builtin.PRINT, List.of(local(iv)), Type.VOID, P))), P);
        Expr text = new Expr.Interpolation(List.of(new Expr.StringLit("fib=", P),
                new Expr.Call(fib, List.of(), List.of(i(20)), Type.INT, P), new Expr.StringLit(" count=", P), local(count)), P);
        main.setBody(block(i(0),
                new Stmt.Let(count, i(0), P),
                new Stmt.Let(inc, new Expr.Closure(lambda, incType, P), P),
                st(new Expr.CallValue(local(inc), List.of(), Type.VOID, P)),
                st(new Expr.CallValue(local(inc), List.of(), Type.VOID, P)),
                st(println(text)),
                st(forLoop),
                st(println())));
        TypedProgram tp = new TypedProgram("smoke.kor", List.of(), List.of(), List.of(fib, main), main,
                TypedProgram.MainKind.NO_ARGS_INT, List.of());
        Program p = CodeGenerator.create().generate(tp);
        assertEquals("fib=6765 count=2\n012\n", run(p));
    }

    @Test
    void genericsEnumsMatchAndPrinting() {
        EnumDecl shape = new EnumDecl("Shape", List.of(), P, false);
        shape.setVariants(List.of(new Variant("Circle", 0, List.of(Type.FLOAT), P),
                new Variant("Rect", 1, List.of(Type.FLOAT, Type.FLOAT), P), new Variant("Empty", 2, List.of(), P)));
        Type.EnumType shapeT = new Type.EnumType(shape, List.of());
        TypeParam t = new TypeParam("T", 0);
        StructDecl box = new StructDecl("Box", List.of(t), P);
        Field value = new Field("value", 0, t.asType(), P);
        box.setFields(List.of(value));

        // fun area(s: Shape) -> Float { match s { Circle(r) => 3.0*r*r; Rect(w,h) => w*h; Empty => 0.0 } }
        FunctionDecl area = new FunctionDecl("area", "area", List.of(), null, P);
        LocalVar s = area.newVariable("s", shapeT, true, false, P);
        LocalVar r = area.newVariable("r", Type.FLOAT, false, false, P);
        LocalVar w = area.newVariable("w", Type.FLOAT, false, false, P);
        LocalVar h = area.newVariable("h", Type.FLOAT, false, false, P);
        area.setResultType(Type.FLOAT);
        Expr circle = new Expr.Binary(BinaryOp.MUL, new Expr.Binary(BinaryOp.MUL, new Expr.FloatLit(3.0, P), local(r), Type.FLOAT,
                Type.FLOAT, P), local(r), Type.FLOAT, Type.FLOAT, P);
        Expr rect = new Expr.Binary(BinaryOp.MUL, local(w), local(h), Type.FLOAT, Type.FLOAT, P);
        Expr.Match m = new Expr.Match(local(s), List.of(
                new Expr.MatchArm(new Pattern.Variant(shapeT, shape.variants().get(0), List.of(new Pattern.Bind(r, P)), P), null, circle),
                new Expr.MatchArm(new Pattern.Variant(shapeT, shape.variants().get(1), List.of(new Pattern.Bind(w, P),
                        new Pattern.Bind(h, P)), P), null, rect),
                new Expr.MatchArm(new Pattern.Variant(shapeT, shape.variants().get(2), List.of(), P), null, new Expr.FloatLit(0.0, P))),
                true, Type.FLOAT, P);
        area.setBody(block(m));

        // fun wrap<T>(v: T) -> Box<T> { Box { value: v } }
        TypeParam u = new TypeParam("U", 0);
        FunctionDecl wrap = new FunctionDecl("wrap", "wrap", List.of(u), null, P);
        LocalVar v = wrap.newVariable("v", u.asType(), true, false, P);
        Type.StructType boxU = new Type.StructType(box, List.of(u.asType()));
        wrap.setResultType(boxU);
        wrap.setBody(block(new Expr.StructNew(boxU, List.of(new Expr.FieldInit(value, local(v))), P)));

        FunctionDecl main = new FunctionDecl("main", "main", List.of(), null, P);
        main.setResultType(Type.VOID);
        Type.StructType boxInt = new Type.StructType(box, List.of(Type.INT));
        Type.StructType boxStr = new Type.StructType(box, List.of(Type.STRING));
        Expr rectArea = new Expr.Call(area, List.of(), List.of(new Expr.EnumNew(shapeT, shape.variants().get(1),
                List.of(new Expr.FloatLit(2.0, P), new Expr.FloatLit(3.5, P)), P)), Type.FLOAT, P);
        Expr wrapInt = new Expr.Call(wrap, List.of(Type.INT), List.of(i(5)), boxInt, P);
        Expr wrapStr = new Expr.Call(wrap, List.of(Type.STRING), List.of(new Expr.StringLit("s", P)), boxStr, P);
        Type.ArrayType arrT = new Type.ArrayType(shapeT);
        Expr arr = new Expr.ArrayNew(arrT, List.of(new Expr.EnumNew(shapeT, shape.variants().get(0), List.of(new Expr.FloatLit(1.0, P)), P),
                new Expr.EnumNew(shapeT, shape.variants().get(2), List.of(), P)), P);
        main.setBody(block(null,
                st(println(rectArea)),
                st(println(new Expr.FieldGet(wrapInt, value, Type.INT, P))),
                st(println(wrapStr)),
                st(println(arr)),
                st(println(new Expr.TupleNew(new Type.TupleType(List.of(Type.CHAR, Type.STRING)),
                        List.of(new Expr.CharLit('x', P), new Expr.StringLit("y z", P)), P)))));
        TypedProgram tp = new TypedProgram("smoke.kor", List.of(box), List.of(shape), List.of(area, wrap, main), main,
                TypedProgram.MainKind.NO_ARGS, List.of());
        Program p = CodeGenerator.create().generate(tp);
        assertEquals("7.0\n5\nBox { value: \"s\" }\n[Shape.Circle(1.0), Shape.Empty]\n('x', \"y z\")\n", run(p));
    }
}
