package org.korlang.lang.internal.typed;

import java.util.List;

/**
 * A checked expression: every node knows its resolved {@link #type()} and its source
 * {@link #pos()} (the position of the token that names the operation: an operator, the callee's
 * name, the {@code [} of an index, the {@code !!}, the keyword of a statement).
 *
 * <p>Invariants (what code generation may rely on):
 * <ul>
 * <li>no {@link Type.Basic#ERROR} anywhere;</li>
 * <li>every value already has the type its place expects (argument, parameter, field, element,
 *     assignment target, operand, result): implicit conversions are explicit {@link Convert} nodes,
 *     and an integer literal where a Float is expected is already a {@link FloatLit};</li>
 * <li>an expression of type {@code Never} produces no value (control leaves); one of type
 *     {@code Void} produces none either;</li>
 * <li>statements are expressions too ({@code while}, {@code for}, assignment: type Void;
 *     {@code return}, {@code break}, {@code continue}: type Never); a {@link Block} holds
 *     {@link Stmt}s and an optional value.</li>
 * </ul>
 * Dispatch with {@link #accept(ExprVisitor)} or {@code instanceof}.
 */
public sealed interface Expr {
    Type type();

    Pos pos();

    <R> R accept(ExprVisitor<R> visitor);

    // ---------------------------------------------------------------- literals

    record IntLit(long value, Pos pos) implements Expr {
        public Type type() { return Type.INT; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitIntLit(this); }
    }

    record FloatLit(double value, Pos pos) implements Expr {
        public Type type() { return Type.FLOAT; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitFloatLit(this); }
    }

    record BoolLit(boolean value, Pos pos) implements Expr {
        public Type type() { return Type.BOOL; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitBoolLit(this); }
    }

    /** A Unicode scalar value. */
    record CharLit(int codePoint, Pos pos) implements Expr {
        public Type type() { return Type.CHAR; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitCharLit(this); }
    }

    /** A string constant (escapes already decoded; a Java string, encoded to UTF-8 by code generation). */
    record StringLit(String value, Pos pos) implements Expr {
        public Type type() { return Type.STRING; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitStringLit(this); }
    }

    /** {@code null}, typed by its context: a nullable type, {@code Any}, or {@code Null}. */
    record NullLit(Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitNullLit(this); }
    }

    // ---------------------------------------------------------------- variables and functions as values

    /** A parameter or local of the current unit (read; or the target of an {@link Assign}). */
    record Local(LocalVar variable, Pos pos) implements Expr {
        public Type type() { return variable.type(); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitLocal(this); }
    }

    /** A variable of an enclosing unit, reached through the current closure's environment. */
    record Captured(Capture capture, Pos pos) implements Expr {
        public Type type() { return capture.variable().type(); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitCaptured(this); }
    }

    /** A top-level function used as a value ({@code xs |> f} is a {@link Call}, not this). */
    record FunctionRef(FunctionDecl function, List<Type> typeArgs, Type.FunctionType type, Pos pos) implements Expr {
        public FunctionRef { typeArgs = List.copyOf(typeArgs); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitFunctionRef(this); }
    }

    /** A closure expression: creates a closure object from {@code lambda} and its captures. */
    record Closure(Lambda lambda, Type.FunctionType type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitClosure(this); }
    }

    // ---------------------------------------------------------------- operators

    /** {@code target = value}; target is a {@link Local}, {@link Captured}, {@link FieldGet} or {@link Index}. Type Void. */
    record Assign(Expr target, Expr value, Pos pos) implements Expr {
        public Type type() { return Type.VOID; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitAssign(this); }
    }

    /**
     * {@code target op= value}: the target's sub-expressions (object, array, index) are evaluated
     * once. {@code operandType} is the target's type; {@code value} has that type too (except for
     * SHL/SHR, where both are Int anyway). Type Void.
     */
    record CompoundAssign(Expr target, BinaryOp op, Expr value, Type operandType, Pos pos) implements Expr {
        public Type type() { return Type.VOID; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitCompoundAssign(this); }
    }

    record Unary(UnaryOp op, Expr operand, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitUnary(this); }
    }

    /** See {@link BinaryOp} for the allowed (op, operandType) pairs; {@code pos} is the operator's. */
    record Binary(BinaryOp op, Expr left, Expr right, Type operandType, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitBinary(this); }
    }

    /** {@code value == null} ({@code isNull}) or {@code value != null}; value's type admits null. Type Bool. */
    record NullTest(Expr value, boolean isNull, Pos pos) implements Expr {
        public Type type() { return Type.BOOL; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitNullTest(this); }
    }

    /**
     * {@code value ?: fallback}: value is nullable; fallback is evaluated only when value is null.
     * {@code type} is either {@code nonNull(value.type())} (the value is unwrapped — unboxed for a
     * primitive) or {@code value.type()} itself when the fallback is nullable too (no unwrapping);
     * for a value of type Any it is Any.
     */
    record Elvis(Expr value, Expr fallback, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitElvis(this); }
    }

    /** {@code value!!}: runtime error when null, else the unboxed / non-null value. */
    record NotNull(Expr value, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitNotNull(this); }
    }

    /** An implicit conversion or an {@code as}; see {@link Conversion}. */
    record Convert(Conversion conversion, Expr value, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitConvert(this); }
    }

    /** A string with {@code @{…}} parts: the concatenation of each part formatted as {@code str} does. */
    record Interpolation(List<Expr> parts, Pos pos) implements Expr {
        public Interpolation { parts = List.copyOf(parts); }
        public Type type() { return Type.STRING; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitInterpolation(this); }
    }

    // ---------------------------------------------------------------- calls

    /**
     * A direct call of a top-level or extension function (receiver = argument 0). For a generic
     * function, {@code typeArgs} has one concrete type per type parameter (concrete or, inside a
     * generic body, mentioning that body's own parameters); {@code type} is the instantiated
     * result type. {@code x |> f} and {@code p.norm()} arrive here too.
     */
    record Call(FunctionDecl function, List<Type> typeArgs, List<Expr> args, Type type, Pos pos) implements Expr {
        public Call { typeArgs = List.copyOf(typeArgs); args = List.copyOf(args); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitCall(this); }
    }

    /** A call of a function value (closure or function reference) of type {@link Type.FunctionType}. */
    record CallValue(Expr callee, List<Expr> args, Type type, Pos pos) implements Expr {
        public CallValue { args = List.copyOf(args); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitCallValue(this); }
    }

    /** A prelude function or a method of a built-in type; see {@link Builtin} for argument types. */
    record CallBuiltin(Builtin builtin, List<Expr> args, Type type, Pos pos) implements Expr {
        public CallBuiltin { args = List.copyOf(args); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitCallBuiltin(this); }
    }

    // ---------------------------------------------------------------- construction and access

    /** {@code Point { x: 1.0, y: 2.0 }}: every field initialized once; {@code inits} in source (= evaluation) order. */
    record StructNew(Type.StructType type, List<FieldInit> inits, Pos pos) implements Expr {
        public StructNew { inits = List.copyOf(inits); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitStructNew(this); }
    }

    /** {@code Shape.Circle(o, 1.0)}, {@code Shape.Empty}, {@code Ok(v)}: {@code args} match the variant's instantiated payload. */
    record EnumNew(Type.EnumType type, Variant variant, List<Expr> args, Pos pos) implements Expr {
        public EnumNew { args = List.copyOf(args); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitEnumNew(this); }
    }

    /** {@code [a, b, c]} (possibly empty). */
    record ArrayNew(Type.ArrayType type, List<Expr> elements, Pos pos) implements Expr {
        public ArrayNew { elements = List.copyOf(elements); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitArrayNew(this); }
    }

    /** {@code [value; count]}: count copies of one value (runtime error when count &lt; 0). */
    record ArrayRepeat(Type.ArrayType type, Expr value, Expr count, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitArrayRepeat(this); }
    }

    /** {@code (a, b)}. */
    record TupleNew(Type.TupleType type, List<Expr> elements, Pos pos) implements Expr {
        public TupleNew { elements = List.copyOf(elements); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitTupleNew(this); }
    }

    /** {@code object.field}: object's type is a (non-null) {@link Type.StructType}; {@code type} is the instantiated field type. */
    record FieldGet(Expr object, Field field, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitFieldGet(this); }
    }

    /** {@code tuple.0}. */
    record TupleGet(Expr tuple, int index, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitTupleGet(this); }
    }

    /** {@code array[index]}: array's type is {@link Type.ArrayType}, index Int; runtime error when out of bounds. */
    record Index(Expr array, Expr index, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitIndex(this); }
    }

    // ---------------------------------------------------------------- control flow

    /** A block: statements, then the value ({@code null} when the block has none, type Void). */
    record Block(List<Stmt> statements, Expr value, Type type, Pos pos) implements Expr {
        public Block { statements = List.copyOf(statements); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitBlock(this); }
    }

    /** {@code if}: {@code otherwise} is null when there is no else (then the type is Void). */
    record If(Expr condition, Expr then, Expr otherwise, Type type, Pos pos) implements Expr {
        public <R> R accept(ExprVisitor<R> v) { return v.visitIf(this); }
    }

    /**
     * {@code match}: arms are tried in order; the first whose pattern matches (and whose guard, if
     * any, is true) runs. {@code exhaustive} is true when the checker proved some arm always
     * matches; when false (only possible for a match of type Void), no arm matching does nothing.
     */
    record Match(Expr scrutinee, List<MatchArm> arms, boolean exhaustive, Type type, Pos pos) implements Expr {
        public Match { arms = List.copyOf(arms); }
        public <R> R accept(ExprVisitor<R> v) { return v.visitMatch(this); }
    }

    record While(LoopId loop, Expr condition, Block body, Pos pos) implements Expr {
        public Type type() { return Type.VOID; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitWhile(this); }
    }

    /**
     * {@code for v in start..end} / {@code start..=end}: Int bounds evaluated once, before the
     * first iteration; {@code variable} takes each value in order and is a fresh variable per
     * iteration (D20: a captured loop variable gets a new cell or copy each time). An inclusive
     * range ending at the maximum Int stops after it without overflowing (D34).
     */
    record ForRange(LoopId loop, LocalVar variable, Expr start, Expr end, boolean inclusive, Block body, Pos pos) implements Expr {
        public Type type() { return Type.VOID; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitForRange(this); }
    }

    /**
     * {@code for v in iterable}: over the elements of an array (in index order; the length is
     * re-read each iteration, so pushes during the loop are visited), or the chars of a String.
     */
    record ForEach(LoopId loop, LocalVar variable, Expr iterable, IterationKind kind, Block body, Pos pos) implements Expr {
        public Type type() { return Type.VOID; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitForEach(this); }
    }

    record Break(LoopId loop, Pos pos) implements Expr {
        public Type type() { return Type.NEVER; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitBreak(this); }
    }

    record Continue(LoopId loop, Pos pos) implements Expr {
        public Type type() { return Type.NEVER; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitContinue(this); }
    }

    /** {@code return} / {@code return value}; value has the unit's result type, null for Void. */
    record Return(Expr value, Pos pos) implements Expr {
        public Type type() { return Type.NEVER; }
        public <R> R accept(ExprVisitor<R> v) { return v.visitReturn(this); }
    }

    /** What a {@link ForEach} iterates over. */
    enum IterationKind {
        /** The elements of a {@code [T]}. */
        ARRAY,
        /** The chars (Unicode scalars) of a String, decoded from its UTF-8 bytes. */
        STRING_CHARS
    }

    /** One {@code field: value} of a struct literal. */
    record FieldInit(Field field, Expr value) {
    }

    /** One arm of a {@link Match}; {@code guard} is null when the arm has none. */
    record MatchArm(Pattern pattern, Expr guard, Expr body) {
    }
}
