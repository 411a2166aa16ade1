package org.korlang.lang.internal.typed;

/** Unary operators; the operand type ({@code Int} or {@code Float} for NEG, {@code Bool} for NOT) is the result type. */
public enum UnaryOp {
    /** {@code -x} on Int (wrapping) or Float. */
    NEG("-"),
    /** {@code !b} on Bool. */
    NOT("!");

    private final String symbol;

    UnaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
