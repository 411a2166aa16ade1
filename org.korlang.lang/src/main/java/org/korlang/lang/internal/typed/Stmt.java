package org.korlang.lang.internal.typed;

/** A statement of a {@link Expr.Block}: a declaration or an expression evaluated for its effect. */
public sealed interface Stmt {
    Pos pos();

    /** {@code let x = init} / {@code var x: T = init}: {@code init} has exactly the variable's type. */
    record Let(LocalVar variable, Expr init, Pos pos) implements Stmt {
    }

    /** An expression whose value (if any) is discarded. */
    record ExprStmt(Expr expr) implements Stmt {
        public Pos pos() {
            return expr.pos();
        }
    }
}
