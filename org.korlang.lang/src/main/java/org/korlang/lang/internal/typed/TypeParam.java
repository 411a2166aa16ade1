package org.korlang.lang.internal.typed;

/**
 * A type parameter ({@code T} in {@code struct Box<T>} or {@code fun first<T>}). Compares by
 * identity: two declarations' {@code T}s are different parameters. {@code index} is its position
 * in the declaring struct's, enum's or function's parameter list.
 */
public final class TypeParam {
    private final String name;
    private final int index;

    public TypeParam(String name, int index) {
        this.name = name;
        this.index = index;
    }

    public String name() {
        return name;
    }

    public int index() {
        return index;
    }

    public Type.TypeParamType asType() {
        return new Type.TypeParamType(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
