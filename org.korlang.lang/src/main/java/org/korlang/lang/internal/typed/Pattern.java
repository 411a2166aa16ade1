package org.korlang.lang.internal.typed;

import java.util.List;

/**
 * A checked {@code match} pattern. {@link #type()} is the type of the value the pattern is
 * tested against. Testing is sequential and top-down: a pattern matches when its own test passes
 * and all sub-patterns match; bindings are assigned when their pattern is reached.
 */
public sealed interface Pattern {
    Type type();

    Pos pos();

    /** {@code _}: matches anything. */
    record Wildcard(Type type, Pos pos) implements Pattern {
    }

    /** A name: matches anything and stores the value in {@code variable} (whose type is {@code type}). */
    record Bind(LocalVar variable, Pos pos) implements Pattern {
        public Type type() {
            return variable.type();
        }
    }

    /** A literal (Int, Float, Bool, Char or String {@code Expr} literal): matches an equal value. */
    record Literal(Expr value, Pos pos) implements Pattern {
        public Type type() {
            return value.type();
        }
    }

    /** {@code null}: matches null; {@code type} is the (nullable) scrutinee type. */
    record Null(Type type, Pos pos) implements Pattern {
    }

    /**
     * Matches a non-null value of the nullable {@code type}, then matches {@code inner} against the
     * value as {@code inner.type()} (unboxed for primitives). Inserted by the checker wherever a
     * non-null pattern is used on a nullable value (e.g. {@code 3} or {@code Shape.Empty} against a
     * {@code Shape?}).
     */
    record NonNull(Pattern inner, Type type, Pos pos) implements Pattern {
    }

    /** {@code (p0, p1, …)} against a tuple of the same arity. */
    record Tuple(List<Pattern> elements, Type.TupleType type, Pos pos) implements Pattern {
        public Tuple {
            elements = List.copyOf(elements);
        }
    }

    /** {@code Shape.Circle(c, r)}: tag test, then the payload sub-patterns (one per payload value). */
    record Variant(Type.EnumType type, org.korlang.lang.internal.typed.Variant variant, List<Pattern> payload, Pos pos)
            implements Pattern {
        public Variant {
            payload = List.copyOf(payload);
        }
    }

    /** {@code Point { x: 0.0, y }}: the listed fields' sub-patterns (unlisted fields are not tested). */
    record Struct(Type.StructType type, List<FieldPattern> fields, Pos pos) implements Pattern {
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /** One {@code field: pattern} of a struct pattern ({@code y} alone is {@code y: y}, a {@link Bind}). */
    record FieldPattern(Field field, Pattern pattern) {
    }
}
