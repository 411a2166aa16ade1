package org.korlang.lang.internal.typed;

/** Dispatch over every kind of {@link Expr}; one method per node type. */
public interface ExprVisitor<R> {
    R visitIntLit(Expr.IntLit e);

    R visitFloatLit(Expr.FloatLit e);

    R visitBoolLit(Expr.BoolLit e);

    R visitCharLit(Expr.CharLit e);

    R visitStringLit(Expr.StringLit e);

    R visitNullLit(Expr.NullLit e);

    R visitLocal(Expr.Local e);

    R visitCaptured(Expr.Captured e);

    R visitFunctionRef(Expr.FunctionRef e);

    R visitClosure(Expr.Closure e);

    R visitAssign(Expr.Assign e);

    R visitCompoundAssign(Expr.CompoundAssign e);

    R visitUnary(Expr.Unary e);

    R visitBinary(Expr.Binary e);

    R visitNullTest(Expr.NullTest e);

    R visitElvis(Expr.Elvis e);

    R visitNotNull(Expr.NotNull e);

    R visitConvert(Expr.Convert e);

    R visitInterpolation(Expr.Interpolation e);

    R visitCall(Expr.Call e);

    R visitCallValue(Expr.CallValue e);

    R visitCallBuiltin(Expr.CallBuiltin e);

    R visitStructNew(Expr.StructNew e);

    R visitEnumNew(Expr.EnumNew e);

    R visitArrayNew(Expr.ArrayNew e);

    R visitArrayRepeat(Expr.ArrayRepeat e);

    R visitTupleNew(Expr.TupleNew e);

    R visitFieldGet(Expr.FieldGet e);

    R visitTupleGet(Expr.TupleGet e);

    R visitIndex(Expr.Index e);

    R visitBlock(Expr.Block e);

    R visitIf(Expr.If e);

    R visitMatch(Expr.Match e);

    R visitWhile(Expr.While e);

    R visitForRange(Expr.ForRange e);

    R visitForEach(Expr.ForEach e);

    R visitBreak(Expr.Break e);

    R visitContinue(Expr.Continue e);

    R visitReturn(Expr.Return e);
}
