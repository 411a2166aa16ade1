package org.korlang.lang.internal.typed;

import java.util.List;

/**
 * An {@code enum} declaration: its variants (tags {@code 0..n-1}) with positional payloads.
 * Enum values compare by variant and payload. {@code prelude} marks the built-in
 * {@code Result<T, E>} (variants {@code Ok(T)}, {@code Err(E)}), which programs use without
 * declaring it. The checker sets the variants once after creating the declaration.
 */
public final class EnumDecl {
    private final String name;
    private final List<TypeParam> typeParams;
    private final Pos pos;
    private final boolean prelude;
    private List<Variant> variants = List.of();

    public EnumDecl(String name, List<TypeParam> typeParams, Pos pos, boolean prelude) {
        this.name = name;
        this.typeParams = List.copyOf(typeParams);
        this.pos = pos;
        this.prelude = prelude;
    }

    public String name() {
        return name;
    }

    public List<TypeParam> typeParams() {
        return typeParams;
    }

    /** The variants in declaration order; {@code variants().get(i).index() == i}. */
    public List<Variant> variants() {
        return variants;
    }

    public Pos pos() {
        return pos;
    }

    public boolean isPrelude() {
        return prelude;
    }

    /** Set once by the checker. */
    public void setVariants(List<Variant> variants) {
        this.variants = List.copyOf(variants);
    }

    public Variant variant(String variantName) {
        for (Variant v : variants) {
            if (v.name().equals(variantName)) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "enum " + name;
    }
}
