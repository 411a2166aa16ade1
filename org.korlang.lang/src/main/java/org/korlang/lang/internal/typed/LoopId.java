package org.korlang.lang.internal.typed;

/**
 * Identifies one loop so that {@link Expr.Break} and {@link Expr.Continue} name their target:
 * the loop node and its break/continue nodes share the same {@code LoopId} (compared by identity).
 */
public final class LoopId {
    private final Pos pos;

    public LoopId(Pos pos) {
        this.pos = pos;
    }

    public Pos pos() {
        return pos;
    }

    @Override
    public String toString() {
        return "loop@" + pos;
    }
}
