package org.korlang.lang.internal.codegen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.korlang.lang.bytecode.EnumDesc;
import org.korlang.lang.bytecode.Layout;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.ProgramBuilder;
import org.korlang.lang.bytecode.TypeDesc;
import org.korlang.lang.internal.typed.EnumDecl;
import org.korlang.lang.internal.typed.Field;
import org.korlang.lang.internal.typed.Pos;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.TypeParam;
import org.korlang.lang.internal.typed.Types;
import org.korlang.lang.internal.typed.Variant;

/**
 * Monomorphic types: maps a concrete Korlang {@link Type} (type parameters already substituted) to
 * the program's type table, creating one layout per struct instantiation ({@code Box<Int>} and
 * {@code Box<String>} differ: a prim slot against a ref slot), one enum and one layout per variant per
 * enum instantiation, one layout per tuple shape and per cell type.
 *
 * <p>Nullable references are the same VM type as their non-null type (null = 0); a nullable
 * primitive is a box of its kind; {@code Null} is Any. Recursive types are registered before their
 * fields are mapped (the layout index exists first), so {@code struct Cell { next: Cell? }} works.
 */
final class TypeMapper {

    private final ProgramBuilder pb;
    private final Map<Type, Integer> structs = new HashMap<>();
    private final Map<Type, Integer> enums = new HashMap<>();
    /** Per enum instantiation: the layout of each variant. */
    private final Map<Integer, int[]> variantLayouts = new HashMap<>();
    private final Map<List<Integer>, Integer> tuples = new HashMap<>();
    private final Map<Integer, Integer> cells = new HashMap<>();

    TypeMapper(ProgramBuilder pb) {
        this.pb = pb;
    }

    ProgramBuilder builder() {
        return pb;
    }

    static Type subst(Type t, Env env) {
        return env == null || env.params.isEmpty() ? t : Types.substitute(t, env.params, env.args);
    }

    /** The type index of a concrete type. */
    int map(Type t) {
        if (t instanceof Type.Basic b) {
            return switch (b) {
                case INT -> pb.intType();
                case FLOAT -> pb.floatType();
                case BOOL -> pb.boolType();
                case CHAR -> pb.charType();
                case STRING -> pb.stringType();
                case ANY, NULL -> pb.anyType();
                case VOID, NEVER -> pb.voidType();
                case ERROR -> throw new CodeGenerationException("internal: an error type reached code generation", Pos.NONE);
            };
        }
        if (t instanceof Type.ArrayType a) {
            return pb.arrayType(map(a.element()));
        }
        if (t instanceof Type.NullableType n) {
            Type inner = n.inner();
            if (Types.isPrimitive(inner)) {
                return pb.boxType(primCode(inner));
            }
            return map(inner);
        }
        if (t instanceof Type.TupleType tt) {
            List<Integer> elems = new ArrayList<>();
            for (Type e : tt.elements()) {
                elems.add(map(e));
            }
            Integer l = tuples.get(elems);
            if (l == null) {
                int[] f = elems.stream().mapToInt(Integer::intValue).toArray();
                l = pb.layout(new Layout(tt.toString(), Layout.Kind.TUPLE, f, null, -1, 0));
                tuples.put(elems, l);
            }
            return pb.objectType(l);
        }
        if (t instanceof Type.StructType s) {
            return pb.objectType(structLayout(s));
        }
        if (t instanceof Type.EnumType e) {
            return pb.enumType(enumIndex(e));
        }
        if (t instanceof Type.FunctionType f) {
            int[] ps = new int[f.params().size()];
            for (int i = 0; i < ps.length; i++) {
                ps[i] = map(f.params().get(i));
            }
            return pb.funcType(ps, map(f.result()));
        }
        if (t instanceof Type.LibraryType l && l.kind() == Type.LibraryKind.TASK) {
            return pb.type(TypeDesc.of(TypeDesc.Kind.TASK, map(l.typeArgs().get(0))));
        }
        if (t instanceof Type.LibraryType l && l.kind() == Type.LibraryKind.CHANNEL) {
            return pb.type(TypeDesc.of(TypeDesc.Kind.CHANNEL, map(Types.nullable(l.typeArgs().get(0)))));
        }
        if (t instanceof Type.LibraryType l) {
            throw new CodeGenerationException(l.kind().displayName() + " is not supported yet", Pos.NONE);
        }
        throw new CodeGenerationException("internal: unsubstituted type " + t, Pos.NONE);
    }

    static int primCode(Type t) {
        if (t == Type.INT) {
            return Op.KIND_INT;
        }
        if (t == Type.FLOAT) {
            return Op.KIND_FLOAT;
        }
        if (t == Type.BOOL) {
            return Op.KIND_BOOL;
        }
        if (t == Type.CHAR) {
            return Op.KIND_CHAR;
        }
        return -1;
    }

    int structLayout(Type.StructType s) {
        Integer l = structs.get(s);
        if (l != null) {
            return l;
        }
        List<Field> fields = s.decl().fields();
        int idx = pb.layout(new Layout(s.decl().name(), Layout.Kind.STRUCT, new int[0], null, -1, 0));
        structs.put(s, idx);
        int[] ft = new int[fields.size()];
        String[] names = new String[fields.size()];
        for (int i = 0; i < ft.length; i++) {
            ft[i] = map(s.fieldType(fields.get(i)));
            names[i] = fields.get(i).name();
        }
        pb.setLayout(idx, new Layout(s.decl().name(), Layout.Kind.STRUCT, ft, names, -1, 0));
        return idx;
    }

    int enumIndex(Type.EnumType e) {
        Integer idx = enums.get(e);
        if (idx != null) {
            return idx;
        }
        EnumDecl d = e.decl();
        List<Variant> vs = d.variants();
        int[] layouts = new int[vs.size()];
        idx = pb.enumDesc(new EnumDesc(d.name(), new int[0]));
        enums.put(e, idx);
        for (int i = 0; i < vs.size(); i++) {
            String name = d.isPrelude() ? vs.get(i).name() : d.name() + "." + vs.get(i).name();
            layouts[i] = pb.layout(new Layout(name, Layout.Kind.VARIANT, new int[0], null, idx, i));
        }
        pb.setEnum(idx, new EnumDesc(d.name(), layouts));
        variantLayouts.put(idx, layouts);
        for (int i = 0; i < vs.size(); i++) {
            List<Type> payload = e.payloadTypes(vs.get(i));
            int[] ft = new int[payload.size()];
            for (int k = 0; k < ft.length; k++) {
                ft[k] = map(payload.get(k));
            }
            Layout old = pb.layoutAt(layouts[i]);
            pb.setLayout(layouts[i], new Layout(old.name(), Layout.Kind.VARIANT, ft, null, idx, i));
        }
        return idx;
    }

    /** The layout of variant {@code tag} of an enum instantiation. */
    int variantLayout(Type.EnumType e, int tag) {
        return variantLayouts.get(enumIndex(e))[tag];
    }

    /** The layout of a heap cell holding a value of type index {@code type}. */
    int cellLayout(int type) {
        return cells.computeIfAbsent(type, t -> pb.layout(new Layout("cell", Layout.Kind.CELL, new int[] {t}, null, -1, 0)));
    }

    /** Type parameters bound to concrete types while compiling one instantiation. */
    record Env(List<TypeParam> params, List<Type> args) {
        static final Env EMPTY = new Env(List.of(), List.of());

        /** This environment extended with {@code more} (a lambda inside a generic function shares its parent's). */
        Env with(List<TypeParam> ps, List<Type> as) {
            List<TypeParam> p = new ArrayList<>(params);
            List<Type> a = new ArrayList<>(args);
            p.addAll(ps);
            a.addAll(as);
            return new Env(p, a);
        }
    }
}
