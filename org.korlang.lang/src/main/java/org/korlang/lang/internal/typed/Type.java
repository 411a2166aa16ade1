package org.korlang.lang.internal.typed;

import java.util.List;

/**
 * The static type of a Korlang expression, variable, field or parameter.
 *
 * <p>Types are values: two types are equal when they are structurally equal ({@code records});
 * declarations ({@link StructDecl}, {@link EnumDecl}, {@link TypeParam}) compare by identity.
 * The records spell out {@code equals}/{@code hashCode} instead of using the generated ones, whose
 * first use bootstraps {@code java.lang.runtime.ObjectMethods} (tens of milliseconds at start-up).
 *
 * <p>Kinds at run time (LANG-CONTRACT.md, decision 1): {@code Int Float Bool Char} are primitives
 * (a raw 64-bit word); every other type of a value is a reference ({@code 0} = null), including
 * {@code T?} of a primitive {@code T} (a heap box). {@link Types#isPrimitive(Type)} tells which.
 * {@code Void} and {@code Never} have no values.
 *
 * <p>Invariants kept by the checker for every program it hands to code generation: no
 * {@link Basic#ERROR}; a {@link NullableType} never wraps a nullable type, {@code Void} or
 * {@code Never}; {@link TypeParamType} appears only inside the generic declaration that declares
 * the parameter (code generation substitutes it, {@link Types#substitute}).
 */
public sealed interface Type {
    Basic INT = Basic.INT;
    Basic FLOAT = Basic.FLOAT;
    Basic BOOL = Basic.BOOL;
    Basic CHAR = Basic.CHAR;
    Basic STRING = Basic.STRING;
    Basic ANY = Basic.ANY;
    Basic VOID = Basic.VOID;
    Basic NEVER = Basic.NEVER;
    Basic NULL = Basic.NULL;
    Basic ERROR = Basic.ERROR;

    /** Types without parameters. */
    enum Basic implements Type {
        /** 64-bit two's complement, wrapping arithmetic. Primitive. */
        INT("Int"),
        /** IEEE 754 double. Primitive. */
        FLOAT("Float"),
        /** Primitive: 0 or 1. */
        BOOL("Bool"),
        /** A Unicode scalar value. Primitive. */
        CHAR("Char"),
        /** Immutable UTF-8 bytes in the heap. Reference. */
        STRING("String"),
        /** Any value; primitives are boxed when converted to it ({@link Conversion#TO_ANY}). Reference, nullable. */
        ANY("Any"),
        /** No value: functions without a result, statements, loops, assignments. */
        VOID("Void"),
        /** No value because control never gets there: {@code return}, {@code break}, {@code continue}, {@code panic}. */
        NEVER("Never"),
        /** The type of a {@code null} literal whose context gives no nullable type (e.g. {@code println(null)}). Reference. */
        NULL("null"),
        /** A type the checker could not determine; only in programs with errors, never handed to code generation. */
        ERROR("<error>");

        private final String display;

        Basic(String display) {
            this.display = display;
        }

        @Override
        public String toString() {
            return display;
        }
    }

    /** {@code [T]}: a growable array. */
    record ArrayType(Type element) implements Type {
        @Override
        public String toString() {
            return "[" + element + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ArrayType a && element.equals(a.element);
        }

        @Override
        public int hashCode() {
            return element.hashCode() * 31 + 1;
        }
    }

    /** {@code (A, B, …)}: at least two elements. */
    record TupleType(List<Type> elements) implements Type {
        public TupleType {
            elements = List.copyOf(elements);
        }

        @Override
        public String toString() {
            return "(" + Types.join(elements) + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TupleType t && elements.equals(t.elements);
        }

        @Override
        public int hashCode() {
            return elements.hashCode() * 31 + 2;
        }
    }

    /** {@code T?}: {@code inner} is never itself nullable (nor {@code Any}, which already admits null). */
    record NullableType(Type inner) implements Type {
        @Override
        public String toString() {
            return inner instanceof FunctionType ? "(" + inner + ")?" : inner + "?";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NullableType n && inner.equals(n.inner);
        }

        @Override
        public int hashCode() {
            return inner.hashCode() * 31 + 3;
        }
    }

    /** A use of a struct, with one type argument per type parameter of the declaration. */
    record StructType(StructDecl decl, List<Type> typeArgs) implements Type {
        public StructType {
            typeArgs = List.copyOf(typeArgs);
        }

        /** The type of {@code field} in this instantiation. */
        public Type fieldType(Field field) {
            return Types.substitute(field.type(), decl.typeParams(), typeArgs);
        }

        @Override
        public String toString() {
            return decl.name() + Types.argsToString(typeArgs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StructType s && decl == s.decl && typeArgs.equals(s.typeArgs);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(decl) * 31 + typeArgs.hashCode();
        }
    }

    /** A use of an enum (including the prelude's {@code Result<T, E>}), with its type arguments. */
    record EnumType(EnumDecl decl, List<Type> typeArgs) implements Type {
        public EnumType {
            typeArgs = List.copyOf(typeArgs);
        }

        /** The payload types of {@code variant} in this instantiation. */
        public List<Type> payloadTypes(Variant variant) {
            List<Type> out = new java.util.ArrayList<>(variant.payload().size());
            for (Type t : variant.payload()) {
                out.add(Types.substitute(t, decl.typeParams(), typeArgs));
            }
            return out;
        }

        @Override
        public String toString() {
            return decl.name() + Types.argsToString(typeArgs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EnumType e && decl == e.decl && typeArgs.equals(e.typeArgs);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(decl) * 37 + typeArgs.hashCode();
        }
    }

    /** {@code fun(A, B) -> R}; {@code result} is {@code VOID} for functions without a result. */
    record FunctionType(List<Type> params, Type result) implements Type {
        public FunctionType {
            params = List.copyOf(params);
        }

        @Override
        public String toString() {
            return "fun(" + Types.join(params) + ")" + (result == VOID ? "" : " -> " + result);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FunctionType f && result.equals(f.result) && params.equals(f.params);
        }

        @Override
        public int hashCode() {
            return params.hashCode() * 31 + result.hashCode();
        }
    }

    /** A type parameter of a generic struct, enum or function, used inside that declaration. */
    record TypeParamType(TypeParam param) implements Type {
        @Override
        public String toString() {
            return param.name();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TypeParamType t && param == t.param;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(param);
        }
    }

    /**
     * The built-in generic types of the library: {@code Map<K, V>}, {@code Set<T>}, {@code Deque<T>},
     * and (later issues) {@code Task<T>}, {@code Channel<T>}. All are references.
     */
    record LibraryType(LibraryKind kind, List<Type> typeArgs) implements Type {
        public LibraryType {
            typeArgs = List.copyOf(typeArgs);
        }

        @Override
        public String toString() {
            return kind.displayName() + Types.argsToString(typeArgs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LibraryType l && kind == l.kind && typeArgs.equals(l.typeArgs);
        }

        @Override
        public int hashCode() {
            return kind.hashCode() * 31 + typeArgs.hashCode();
        }
    }

    /** Which built-in generic type a {@link LibraryType} is, and how many type arguments it takes. */
    enum LibraryKind {
        MAP("Map", 2), SET("Set", 1), DEQUE("Deque", 1), TASK("Task", 1), CHANNEL("Channel", 1);

        private final String displayName;
        private final int arity;

        LibraryKind(String displayName, int arity) {
            this.displayName = displayName;
            this.arity = arity;
        }

        public String displayName() {
            return displayName;
        }

        public int arity() {
            return arity;
        }
    }
}
