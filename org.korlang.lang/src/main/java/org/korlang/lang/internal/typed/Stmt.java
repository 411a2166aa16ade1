package org.korlang.lang.internal.typed;

/** A statement of a {@link Expr.Block}: a declaration or an expression evaluated for its effect. */
public sealed interface Stmt {
    Pos pos();

    /**
     * {@code let x = init} / {@code var x: T = init}: {@code init} has exactly the variable's type.
     * {@code init} is null for a declaration without initialiser ({@code var x: Int}, D17): the
     * checker proved that every read comes after an assignment, so the slot needs no value until
     * then (a cell variable still gets its cell here). A variable declared in a loop body is a
     * fresh variable each time its {@code Let} runs (D20): a cell is allocated per execution.
     */
    record Let(LocalVar variable, Expr init, Pos pos) implements Stmt {
    }

    /** An expression whose value (if any) is discarded. */
    record ExprStmt(Expr expr) implements Stmt {
        public Pos pos() {
            return expr.pos();
        }
    }
}
