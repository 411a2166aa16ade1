package org.korlang.lang.internal.typed;

import java.util.List;

/**
 * A variant of an enum: {@code index} is its position in declaration order (its tag);
 * {@code payload} lists the types of its positional values (empty for {@code Shape.Empty}) and
 * may mention the enum's type parameters (use {@link Type.EnumType#payloadTypes}).
 */
public record Variant(String name, int index, List<Type> payload, Pos pos) {
    public Variant {
        payload = List.copyOf(payload);
    }
}
