package org.korlang.lang.bytecode;

import java.util.Arrays;

/**
 * One entry of a program's type table, after monomorphization: every type a register, field,
 * parameter or result can have. A nullable reference type {@code S?} is the same type as {@code S}
 * (null is the reference 0); a nullable primitive {@code Int?} is {@link Kind#BOX} of that primitive.
 *
 * @param kind   what the type is
 * @param arg    ARRAY: the element type index; OBJECT: the layout index; ENUM: the enum index; BOX:
 *               the prim kind code ({@link Op#KIND_INT} …); TASK: the result type; CHANNEL: the
 *               element's reference type; otherwise 0
 * @param params FUNC: the parameter types (the closure itself not included); otherwise empty
 * @param ret    FUNC: the result type (a VOID type for none); otherwise -1
 */
public record TypeDesc(Kind kind, int arg, int[] params, int ret) {

    /** The kinds of types. */
    public enum Kind {
        INT, FLOAT, BOOL, CHAR, VOID,
        STRING, ARRAY, OBJECT, ENUM, FUNC, BOX, ANY,
        // ---- tasks and channels (#12)
        /** {@code Task<T>}: arg = the result type (a VOID type for Task<Void>). */
        TASK,
        /** {@code Channel<T>}: arg = the element's reference type, the type of {@code T?} (a BOX for a prim T). */
        CHANNEL;

        /** Whether values of this kind live in prim registers. */
        public boolean isPrim() {
            return this == INT || this == FLOAT || this == BOOL || this == CHAR;
        }

        /** Whether values of this kind are heap references (ref registers). */
        public boolean isRef() {
            return ordinal() >= STRING.ordinal();
        }
    }

    public TypeDesc {
        params = params == null ? new int[0] : params.clone();
    }

    public static TypeDesc of(Kind kind) {
        return new TypeDesc(kind, 0, null, -1);
    }

    public static TypeDesc of(Kind kind, int arg) {
        return new TypeDesc(kind, arg, null, -1);
    }

    public static TypeDesc func(int[] params, int ret) {
        return new TypeDesc(Kind.FUNC, 0, params, ret);
    }

    public boolean isPrim() {
        return kind.isPrim();
    }

    public boolean isRef() {
        return kind.isRef();
    }

    /** The prim kind code of a prim type (Op.KIND_*), -1 otherwise. */
    public int primCode() {
        return switch (kind) {
            case INT -> Op.KIND_INT;
            case FLOAT -> Op.KIND_FLOAT;
            case BOOL -> Op.KIND_BOOL;
            case CHAR -> Op.KIND_CHAR;
            default -> -1;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeDesc t && t.kind == kind && t.arg == arg && t.ret == ret && Arrays.equals(t.params, params);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + arg) * 31 + Arrays.hashCode(params) * 7 + ret;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ARRAY -> "[t" + arg + "]";
            case OBJECT -> "L" + arg;
            case ENUM -> "E" + arg;
            case BOX -> "Box" + arg;
            case TASK -> "Task<t" + arg + ">";
            case CHANNEL -> "Channel<t" + arg + ">";
            case FUNC -> "fun" + Arrays.toString(params) + "->t" + ret;
            default -> kind.name();
        };
    }
}
