package org.korlang.lang.internal.typed;

/** A 1-based line and column (counted in Unicode scalar values) in the program's source file. */
public record Pos(int line, int column) {
    public static final Pos NONE = new Pos(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }

    // spelled out: the generated record methods bootstrap ObjectMethods on first use (start-up cost)
    @Override
    public boolean equals(Object o) {
        return o instanceof Pos p && p.line == line && p.column == column;
    }

    @Override
    public int hashCode() {
        return line * 31 + column;
    }
}
