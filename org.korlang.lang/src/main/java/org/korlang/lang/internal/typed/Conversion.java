package org.korlang.lang.internal.typed;

/**
 * The conversions a {@link Expr.Convert} node performs. The checker inserts the implicit ones
 * wherever a value flows into a place of another type (an argument, an assignment, a field, a
 * result, an operand), so that afterwards every value has exactly the type its place expects.
 * Because generic code is checked before substitution, a conversion may become the identity after
 * monomorphization (e.g. {@code TO_NULLABLE} from {@code T} with {@code T := String?}); code
 * generation must then emit nothing.
 */
public enum Conversion {
    /** {@code T} → {@code T?}: boxes a primitive; a no-op on references. Implicit. */
    TO_NULLABLE,
    /** {@code T} → {@code Any}: boxes a primitive (keeping its type for printing and equality); a no-op on references. Implicit. */
    TO_ANY,
    /** {@code T?} → {@code T} where flow typing proved non-null: unboxes a primitive; a no-op on references. Implicit, never fails. */
    NARROW,
    /** {@code x as Float} for an Int: exact when representable, else nearest. */
    INT_TO_FLOAT,
    /** {@code x as Int} for a Float: truncates toward zero; NaN gives 0, out-of-range values saturate. */
    FLOAT_TO_INT,
    /** {@code x as Char} for an Int: runtime error when not a Unicode scalar value. */
    INT_TO_CHAR,
    /** {@code c as Int} for a Char: the code point. */
    CHAR_TO_INT,
    /** {@code x as T} where x already has type T: the value itself (kept so positions stay visible). */
    IDENTITY
}
