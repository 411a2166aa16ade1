package org.korlang.lang.internal.typed;

/**
 * A parameter or local variable of one {@link CodeUnit} (a function or a closure), including the
 * variables bound by {@code for} loops and {@code match} patterns.
 *
 * <p>{@code index} is unique within the owning unit: parameters are {@code 0..p-1} in order
 * (an extension function's {@code self} is parameter 0), locals follow in declaration order. Code
 * generation may map them to registers however it likes.
 *
 * <p>{@link #isCaptured()} — some closure reads or writes this variable.
 * {@link #isReassigned()} — it is assigned somewhere after its declaration (in the unit or in a
 * closure; a reassigned {@code let} is allowed with a warning and counts too).
 * {@link #needsCell()} — both: the variable lives in a heap cell shared by the frame and the
 * closures (LANG-CONTRACT.md, decision 6); every other captured variable is copied into the
 * closure when it is created. The flags are final once the owning function has been checked.
 */
public final class LocalVar {
    private final String name;
    private final Type type;
    private final int index;
    private final boolean parameter;
    private final boolean declaredMutable;
    private final Pos pos;
    private CodeUnit owner;
    private boolean captured;
    private boolean reassigned;

    public LocalVar(String name, Type type, int index, boolean parameter, boolean declaredMutable, Pos pos) {
        this.name = name;
        this.type = type;
        this.index = index;
        this.parameter = parameter;
        this.declaredMutable = declaredMutable;
        this.pos = pos;
    }

    public String name() {
        return name;
    }

    /** The declared (or inferred) type; reads after a null check are wrapped in a {@link Conversion#NARROW}. */
    public Type type() {
        return type;
    }

    public int index() {
        return index;
    }

    public boolean isParameter() {
        return parameter;
    }

    /** Declared with {@code var} or {@code let mut}. */
    public boolean isDeclaredMutable() {
        return declaredMutable;
    }

    public Pos pos() {
        return pos;
    }

    /** The function or closure whose frame holds this variable. */
    public CodeUnit owner() {
        return owner;
    }

    public boolean isCaptured() {
        return captured;
    }

    public boolean isReassigned() {
        return reassigned;
    }

    public boolean needsCell() {
        return captured && reassigned;
    }

    /** Set by the checker. */
    public void setOwner(CodeUnit owner) {
        this.owner = owner;
    }

    /** Set by the checker. */
    public void markCaptured() {
        captured = true;
    }

    /** Set by the checker. */
    public void markReassigned() {
        reassigned = true;
    }

    @Override
    public String toString() {
        return name + "#" + index;
    }
}
