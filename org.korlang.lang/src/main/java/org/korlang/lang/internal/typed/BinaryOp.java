package org.korlang.lang.internal.typed;

/**
 * Binary operators. {@link Expr.Binary#operandType()} says on which type they work; both operands
 * have exactly that type (the checker inserts conversions). Allowed combinations:
 * <ul>
 * <li>{@code ADD SUB MUL DIV REM} on Int (wrapping; DIV/REM by zero is a runtime error; DIV
 *     truncates toward zero, REM has the sign of the dividend) and Float (IEEE); {@code ADD} on
 *     String concatenates;</li>
 * <li>{@code BIT_AND BIT_OR BIT_XOR SHL SHR} on Int ({@code SHR} is arithmetic; the shift count is
 *     taken modulo 64); {@code BIT_AND BIT_OR BIT_XOR} also on Bool (no short circuit);</li>
 * <li>{@code LT LE GT GE} on Int, Float, Char and String (String: byte-wise, i.e. code point order);</li>
 * <li>{@code EQ NE} on any type: by value for Int, Float (IEEE: NaN != NaN), Bool, Char, String,
 *     nullable primitives (null equals only null) and enum values (variant and payload, recursively
 *     with these same rules) and tuples (element-wise); by identity for structs, arrays, closures,
 *     library types; on Any by the rules of the dynamic values' types;</li>
 * <li>{@code AND OR} on Bool, short-circuit.</li>
 * </ul>
 * Comparisons with a {@code null} literal are not Binary nodes but {@link Expr.NullTest}.
 */
public enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), REM("%"),
    BIT_AND("&"), BIT_OR("|"), BIT_XOR("^"), SHL("<<"), SHR(">>"),
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    AND("&&"), OR("||");

    private final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** EQ NE LT LE GT GE: the result is Bool whatever the operand type. */
    public boolean isComparison() {
        return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
    }
}
