package org.korlang.lang.internal.typed;

/**
 * A field of a struct: {@code index} is its position in declaration order (the slot order a
 * layout may use); {@code type} may mention the struct's type parameters (use
 * {@link Type.StructType#fieldType} for an instantiation).
 */
public record Field(String name, int index, Type type, Pos pos) {
}
