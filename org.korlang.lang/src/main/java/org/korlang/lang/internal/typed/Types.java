package org.korlang.lang.internal.typed;

import java.util.ArrayList;
import java.util.List;

/**
 * Operations on {@link Type}s that both the checker and code generation need: substitution of type
 * parameters (monomorphization), the primitive/reference split, and nullable normalization.
 */
public final class Types {
    private Types() {
    }

    /** {@code Int}, {@code Float}, {@code Bool} and {@code Char}: raw 64-bit words, never boxed in typed code. */
    public static boolean isPrimitive(Type type) {
        return type == Type.INT || type == Type.FLOAT || type == Type.BOOL || type == Type.CHAR;
    }

    /**
     * Whether values of {@code type} are heap references (or null). False for primitives and for
     * {@code Void}/{@code Never}, which have no values. A {@link Type.TypeParamType} must have been
     * substituted first.
     */
    public static boolean isReference(Type type) {
        if (type instanceof Type.TypeParamType) {
            throw new IllegalArgumentException("type parameter " + type + " must be substituted first");
        }
        return !isPrimitive(type) && type != Type.VOID && type != Type.NEVER && type != Type.ERROR;
    }

    /** Whether {@code null} is a value of {@code type}. */
    public static boolean admitsNull(Type type) {
        return type instanceof Type.NullableType || type == Type.ANY || type == Type.NULL;
    }

    /**
     * {@code T?}, normalized: {@code T?} of a nullable type, of {@code Any} or of {@code Null} is
     * that type itself; {@code Void?} and {@code Never?} are not types ({@code Never?} is {@code Null}).
     */
    public static Type nullable(Type type) {
        if (admitsNull(type) || type == Type.ERROR) {
            return type;
        }
        if (type == Type.NEVER) {
            return Type.NULL;
        }
        return new Type.NullableType(type);
    }

    /** {@code T} for {@code T?}; other types unchanged. */
    public static Type nonNull(Type type) {
        return type instanceof Type.NullableType n ? n.inner() : type;
    }

    /**
     * {@code type} with every {@link Type.TypeParamType} of {@code params} replaced by the
     * argument at the same index, re-normalizing nullables ({@code T?} with {@code T := Int?} is
     * {@code Int?}). Parameters not in {@code params} stay as they are.
     */
    public static Type substitute(Type type, List<TypeParam> params, List<Type> args) {
        if (params.isEmpty()) {
            return type;
        }
        if (params.size() != args.size()) {
            throw new IllegalArgumentException(params.size() + " type parameters but " + args.size() + " arguments");
        }
        return subst(type, params, args);
    }

    private static Type subst(Type type, List<TypeParam> params, List<Type> args) {
        if (type instanceof Type.Basic) {
            return type;
        }
        if (type instanceof Type.TypeParamType p) {
            int i = params.indexOf(p.param());
            return i < 0 ? type : args.get(i);
        }
        if (type instanceof Type.ArrayType a) {
            return new Type.ArrayType(subst(a.element(), params, args));
        }
        if (type instanceof Type.NullableType n) {
            return nullable(subst(n.inner(), params, args));
        }
        if (type instanceof Type.TupleType t) {
            return new Type.TupleType(substAll(t.elements(), params, args));
        }
        if (type instanceof Type.StructType s) {
            return s.typeArgs().isEmpty() ? s : new Type.StructType(s.decl(), substAll(s.typeArgs(), params, args));
        }
        if (type instanceof Type.EnumType e) {
            return e.typeArgs().isEmpty() ? e : new Type.EnumType(e.decl(), substAll(e.typeArgs(), params, args));
        }
        if (type instanceof Type.FunctionType f) {
            return new Type.FunctionType(substAll(f.params(), params, args), subst(f.result(), params, args));
        }
        if (type instanceof Type.LibraryType l) {
            return new Type.LibraryType(l.kind(), substAll(l.typeArgs(), params, args));
        }
        throw new IllegalStateException("unknown type " + type);
    }

    private static List<Type> substAll(List<Type> types, List<TypeParam> params, List<Type> args) {
        List<Type> out = new ArrayList<>(types.size());
        for (Type t : types) {
            out.add(subst(t, params, args));
        }
        return out;
    }

    /** Whether {@code type} mentions any type parameter (i.e. needs substitution before code generation). */
    public static boolean isGeneric(Type type) {
        if (type instanceof Type.TypeParamType) {
            return true;
        }
        if (type instanceof Type.ArrayType a) {
            return isGeneric(a.element());
        }
        if (type instanceof Type.NullableType n) {
            return isGeneric(n.inner());
        }
        if (type instanceof Type.TupleType t) {
            return anyGeneric(t.elements());
        }
        if (type instanceof Type.StructType s) {
            return anyGeneric(s.typeArgs());
        }
        if (type instanceof Type.EnumType e) {
            return anyGeneric(e.typeArgs());
        }
        if (type instanceof Type.FunctionType f) {
            return isGeneric(f.result()) || anyGeneric(f.params());
        }
        if (type instanceof Type.LibraryType l) {
            return anyGeneric(l.typeArgs());
        }
        return false;
    }

    private static boolean anyGeneric(List<Type> types) {
        for (Type t : types) {
            if (isGeneric(t)) {
                return true;
            }
        }
        return false;
    }

    static String argsToString(List<Type> args) {
        if (args.isEmpty()) {
            return "";
        }
        return "<" + join(args) + ">";
    }

    /** The types as diagnostics write them, separated by ", ". */
    static String join(List<Type> types) {
        StringBuilder b = new StringBuilder();
        for (Type t : types) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(t);
        }
        return b.toString();
    }
}
