package org.korlang.lang.internal.typed;

import java.util.List;

/**
 * A {@code struct} declaration. Structs are heap objects with reference semantics; equality is
 * identity. The checker creates the declaration first and sets its fields afterwards (a field may
 * have the struct's own type), then never changes it again.
 */
public final class StructDecl {
    private final String name;
    private final List<TypeParam> typeParams;
    private final Pos pos;
    private List<Field> fields = List.of();

    public StructDecl(String name, List<TypeParam> typeParams, Pos pos) {
        this.name = name;
        this.typeParams = List.copyOf(typeParams);
        this.pos = pos;
    }

    public String name() {
        return name;
    }

    public List<TypeParam> typeParams() {
        return typeParams;
    }

    /** The fields in declaration order; {@code fields().get(i).index() == i}. */
    public List<Field> fields() {
        return fields;
    }

    public Pos pos() {
        return pos;
    }

    /** Set once by the checker. */
    public void setFields(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    public Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "struct " + name;
    }
}
