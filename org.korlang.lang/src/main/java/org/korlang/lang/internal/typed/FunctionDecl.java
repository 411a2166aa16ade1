package org.korlang.lang.internal.typed;

import java.util.List;

/**
 * A top-level {@code fun}, or an extension function {@code fun Point.norm(self) -> Float}
 * (then {@link #receiverType()} is {@code Point} and parameter 0 is {@code self}). A generic
 * function lists its type parameters; its body's types mention them, and every call records the
 * type arguments ({@link Expr.Call#typeArgs()}): code generation emits one function per distinct
 * instantiation reachable from {@code main}.
 */
public final class FunctionDecl extends CodeUnit {
    private final String name;
    private final List<TypeParam> typeParams;
    private final Type receiverType;

    public FunctionDecl(String name, String displayName, List<TypeParam> typeParams, Type receiverType, Pos pos) {
        super(displayName, pos);
        this.name = name;
        this.typeParams = List.copyOf(typeParams);
        this.receiverType = receiverType;
    }

    /** The declared name ({@code norm} for {@code fun Point.norm}). */
    public String name() {
        return name;
    }

    public List<TypeParam> typeParams() {
        return typeParams;
    }

    /** The receiver of an extension function, or {@code null}. */
    public Type receiverType() {
        return receiverType;
    }

    public boolean isExtension() {
        return receiverType != null;
    }

    @Override
    public String toString() {
        return "fun " + displayName();
    }
}
