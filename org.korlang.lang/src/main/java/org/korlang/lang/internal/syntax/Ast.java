package org.korlang.lang.internal.syntax;

import java.util.List;
import org.korlang.lang.internal.typed.Pos;

/**
 * The syntax tree the parser builds: what the source says, before names and types are resolved.
 * Every node has the position of the token that best names it (see docs/typed-program.md,
 * invariant 8, which the checker carries over). Where the parser recovered from an error it puts
 * an {@link ErrorExpr} / {@link ErrorType}, which the checker accepts silently (the error has
 * already been reported), so one mistake gives one diagnostic.
 */
public final class Ast {
    private Ast() {
    }

    // ------------------------------------------------------------------ file and declarations

    public record File(List<Decl> decls) {
    }

    public sealed interface Decl {
        Pos pos();
    }

    /** {@code name: Type}; {@code type} is null for an extension function's {@code self}. */
    public record Param(String name, TypeExpr type, Pos pos) {
    }

    public record TypeParamDecl(String name, Pos pos) {
    }

    /**
     * {@code fun [Receiver.]name[<T, …>](params) [-> Result] { body }}. For an extension function
     * {@code receiver} is the receiver type and the first parameter is {@code self} (type null).
     */
    public record FunDecl(String name, TypeExpr receiver, List<TypeParamDecl> typeParams, List<Param> params,
                          TypeExpr result, Block body, Pos pos) implements Decl {
    }

    public record FieldDecl(String name, TypeExpr type, Pos pos) {
    }

    public record StructDecl(String name, List<TypeParamDecl> typeParams, List<FieldDecl> fields, Pos pos) implements Decl {
    }

    public record VariantDecl(String name, List<TypeExpr> payload, Pos pos) {
    }

    public record EnumDecl(String name, List<TypeParamDecl> typeParams, List<VariantDecl> variants, Pos pos) implements Decl {
    }

    /** {@code type Name[<T>] = Type}. */
    public record TypeAlias(String name, List<TypeParamDecl> typeParams, TypeExpr type, Pos pos) implements Decl {
    }

    /** {@code import io}. */
    public record Import(String module, Pos pos) implements Decl {
    }

    /** A top-level {@code let}/{@code var} (reported by the checker: v1 has no global variables). */
    public record GlobalLet(Let let) implements Decl {
        public Pos pos() {
            return let.pos();
        }
    }

    // ------------------------------------------------------------------ types

    public sealed interface TypeExpr {
        Pos pos();
    }

    /** {@code Int}, {@code Point}, {@code Box<Int>}, {@code Map<String, Int>}. */
    public record NamedType(String name, List<TypeExpr> args, Pos pos) implements TypeExpr {
    }

    public record ArrayTypeExpr(TypeExpr element, Pos pos) implements TypeExpr {
    }

    public record TupleTypeExpr(List<TypeExpr> elements, Pos pos) implements TypeExpr {
    }

    public record NullableTypeExpr(TypeExpr inner, Pos pos) implements TypeExpr {
    }

    /** {@code fun(A, B) -> R} ({@code result} null: Void). */
    public record FunTypeExpr(List<TypeExpr> params, TypeExpr result, Pos pos) implements TypeExpr {
    }

    public record ErrorType(Pos pos) implements TypeExpr {
    }

    // ------------------------------------------------------------------ statements

    public sealed interface Stmt {
        Pos pos();
    }

    /**
     * {@code let x = e}, {@code let mut x: T = e}, {@code var x = e}, {@code let (a, b) = e}.
     * {@code init} may be null (then the checker requires a type and reports the missing value).
     */
    public record Let(LetTarget target, boolean mutable, boolean isVar, TypeExpr type, Expr init, Pos pos) implements Stmt {
    }

    /** What a {@code let} declares: one name, or a tuple of names (destructuring). */
    public sealed interface LetTarget {
    }

    public record LetName(String name, Pos pos) implements LetTarget {
    }

    public record LetTuple(List<LetTarget> elements, Pos pos) implements LetTarget {
    }

    public record ExprStmt(Expr expr, boolean terminated) implements Stmt {
        public Pos pos() {
            return expr.pos();
        }
    }

    /** A local {@code fun} declaration inside a block (a named closure). */
    public record LocalFun(FunDecl fun) implements Stmt {
        public Pos pos() {
            return fun.pos();
        }
    }

    // ------------------------------------------------------------------ expressions

    public sealed interface Expr {
        Pos pos();
    }

    public record IntLit(long value, boolean overflow, boolean minMagnitude, Pos pos) implements Expr {
    }

    public record FloatLit(double value, Pos pos) implements Expr {
    }

    public record BoolLit(boolean value, Pos pos) implements Expr {
    }

    public record CharLit(int codePoint, Pos pos) implements Expr {
    }

    /** A string: parts are {@code String} (literal text) or {@link Expr} (interpolated). */
    public record StringLit(List<Object> parts, Pos pos) implements Expr {
    }

    public record NullLit(Pos pos) implements Expr {
    }

    /** A name; {@code typeArgs} is non-empty for {@code Box<Int>} before {@code {} or {@code .}. */
    public record Name(String name, List<TypeExpr> typeArgs, Pos pos) implements Expr {
    }

    public record Unary(TokenKind op, Expr operand, Pos pos) implements Expr {
    }

    public record Binary(TokenKind op, Expr left, Expr right, Pos pos) implements Expr {
    }

    /** {@code target = value} ({@code op} ASSIGN) or a compound assignment ({@code op} PLUS_ASSIGN, …). */
    public record Assign(TokenKind op, Expr target, Expr value, Pos pos) implements Expr {
    }

    /** {@code callee(args)}; {@code pos} is the callee's name (method name for {@code a.m()}). */
    public record Call(Expr callee, List<Expr> args, Pos pos) implements Expr {
    }

    /** {@code object.name} ({@code safe}: {@code object?.name}). */
    public record Field(Expr object, String name, boolean safe, Pos pos) implements Expr {
    }

    /** {@code tuple.0}. */
    public record TupleIndex(Expr tuple, int index, Pos pos) implements Expr {
    }

    public record Index(Expr object, Expr index, Pos pos) implements Expr {
    }

    public record NotNull(Expr value, Pos pos) implements Expr {
    }

    public record As(Expr value, TypeExpr type, Pos pos) implements Expr {
    }

    /** {@code start..end} / {@code start..=end}; only valid as a {@code for} iterable. */
    public record Range(Expr start, Expr end, boolean inclusive, Pos pos) implements Expr {
    }

    public record If(Expr condition, Block then, Expr otherwise, Pos pos) implements Expr {
    }

    public record MatchArm(Pattern pattern, Expr guard, Expr body, Pos pos) {
    }

    public record Match(Expr scrutinee, List<MatchArm> arms, Pos pos) implements Expr {
    }

    /** {@code { stmts }}: the value is the last statement when it is an unterminated expression. */
    public record Block(List<Stmt> statements, Pos pos, Pos end) implements Expr {
    }

    public record While(Expr condition, Block body, Pos pos) implements Expr {
    }

    public record For(LetTarget variable, Expr iterable, Block body, Pos pos) implements Expr {
    }

    public record Break(Pos pos) implements Expr {
    }

    public record Continue(Pos pos) implements Expr {
    }

    public record Return(Expr value, Pos pos) implements Expr {
    }

    /** {@code fun (params) [-> R] { body }}. */
    public record Lambda(List<Param> params, TypeExpr result, Block body, Pos pos) implements Expr {
    }

    public record FieldInit(String name, Expr value, Pos pos) {
    }

    /** {@code Name[<T>] { field: value, … }}; {@code value} is null for the shorthand {@code { x }}. */
    public record StructLit(Name type, List<FieldInit> fields, Pos pos) implements Expr {
    }

    public record ArrayLit(List<Expr> elements, Pos pos) implements Expr {
    }

    public record ArrayRepeat(Expr value, Expr count, Pos pos) implements Expr {
    }

    public record TupleLit(List<Expr> elements, Pos pos) implements Expr {
    }

    /** {@code spawn call} / {@code spawn { … }}. */
    public record Spawn(Expr body, Pos pos) implements Expr {
    }

    /** {@code (e)}: kept so that a parenthesized struct literal is allowed in a condition. */
    public record Paren(Expr inner, Pos pos) implements Expr {
    }

    public record ErrorExpr(Pos pos) implements Expr {
    }

    // ------------------------------------------------------------------ patterns

    public sealed interface Pattern {
        Pos pos();
    }

    public record WildcardPat(Pos pos) implements Pattern {
    }

    /** A bare name: a binding, or a variant without payload of the scrutinee's enum. */
    public record NamePat(String name, Pos pos) implements Pattern {
    }

    /** A literal; {@code negative} for {@code -1} / {@code -1.5}. */
    public record LiteralPat(Expr literal, Pos pos) implements Pattern {
    }

    public record NullPat(Pos pos) implements Pattern {
    }

    public record TuplePat(List<Pattern> elements, Pos pos) implements Pattern {
    }

    /**
     * {@code Shape.Circle(c, r)}, {@code Shape.Empty}, {@code Ok(v)}: {@code qualifier} is the
     * enum name or null; {@code args} null when written without parentheses.
     */
    public record VariantPat(String qualifier, String variant, List<Pattern> args, Pos pos) implements Pattern {
    }

    public record FieldPat(String name, Pattern pattern, Pos pos) {
    }

    /** {@code Point { x: 0.0, y }} ({@code pattern} null for the shorthand binding), {@code ..} allowed at the end. */
    public record StructPat(String name, List<FieldPat> fields, Pos pos) implements Pattern {
    }

    public record ErrorPat(Pos pos) implements Pattern {
    }
}
