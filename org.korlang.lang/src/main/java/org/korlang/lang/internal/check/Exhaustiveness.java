package org.korlang.lang.internal.check;

import java.util.ArrayList;
import java.util.List;
import org.korlang.lang.internal.typed.Expr;
import org.korlang.lang.internal.typed.Pattern;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.Types;

/**
 * Exhaustiveness of {@code match}: does some arm match every value of the scrutinee's type?
 *
 * <p>Algorithm: the usefulness check of Maranget ("Warnings for pattern matching", JFP 2007) over a
 * matrix of pattern rows, restricted to what Korlang has. Each type has either a finite set of
 * constructors — {@code Bool}: true/false; {@code T?}: null/non-null (arity 1); an enum: its
 * variants (arity = payload size); a tuple or struct: one constructor (arity = elements / fields)
 * — or infinitely many ({@code Int}, {@code Float}, {@code Char}, {@code String}, …: literals
 * never cover them, only a catch-all does). {@link #missing} returns a witness — one value pattern
 * per column that no row matches — or null when the rows are exhaustive. Arms with a guard do not
 * count. The work is bounded: every recursion consumes one column or one constructor level of
 * the finite types, and the matrix shrinks or keeps its row count.
 */
final class Exhaustiveness {
    private static final String WILD = "_";
    /** Stops pathological inputs (deeply nested tuples of enums) from exploding: treated as exhaustive. */
    private int budget = 100_000;

    /** The patterns (rows of one column) that miss some value of {@code type}: their witnesses, top-level, all of them. */
    List<String> missingTopLevel(List<Pattern> patterns, Type type) {
        List<List<Pattern>> rows = new ArrayList<>();
        for (Pattern p : patterns) {
            rows.add(List.of(p));
        }
        List<String> result = new ArrayList<>();
        List<Ctor> ctors = ctors(type);
        if (ctors == null || anyWildcard(rows)) {
            List<String> w = missing(rows, List.of(type));
            if (w != null) {
                result.add(w.get(0));
            }
            return result;
        }
        for (Ctor c : ctors) {
            List<Type> types = new ArrayList<>(c.subTypes);
            List<String> w = missing(specialize(rows, c), types);
            if (w != null) {
                result.add(render(c, w.subList(0, c.subTypes.size())));
            }
        }
        return result;
    }

    private static boolean anyWildcard(List<List<Pattern>> rows) {
        for (List<Pattern> r : rows) {
            if (isWildcard(r.get(0))) {
                return true;
            }
        }
        return false;
    }

    /** A witness (one rendered pattern per column) that no row matches, or null if the rows cover everything. */
    List<String> missing(List<List<Pattern>> rows, List<Type> types) {
        if (--budget < 0) {
            return null;
        }
        if (types.isEmpty()) {
            return rows.isEmpty() ? new ArrayList<>() : null;
        }
        Type t = types.get(0);
        List<Type> rest = types.subList(1, types.size());
        List<Ctor> ctors = ctors(t);
        if (ctors != null) {
            boolean complete = true;
            for (Ctor c : ctors) {
                if (!columnHas(rows, c)) {
                    complete = false;
                    break;
                }
            }
            if (complete) {
                for (Ctor c : ctors) {
                    List<Type> sub = new ArrayList<>(c.subTypes);
                    sub.addAll(rest);
                    List<String> w = missing(specialize(rows, c), sub);
                    if (w != null) {
                        List<String> out = new ArrayList<>();
                        out.add(render(c, w.subList(0, c.subTypes.size())));
                        out.addAll(w.subList(c.subTypes.size(), w.size()));
                        return out;
                    }
                }
                return null;
            }
            List<String> w = missing(defaultRows(rows), rest);
            if (w == null) {
                return null;
            }
            Ctor absent = null;
            for (Ctor c : ctors) {
                if (!columnHas(rows, c)) {
                    absent = c;
                    break;
                }
            }
            List<String> out = new ArrayList<>();
            List<String> wilds = new ArrayList<>();
            for (int i = 0; i < absent.subTypes.size(); i++) {
                wilds.add(WILD);
            }
            out.add(render(absent, wilds));
            out.addAll(w);
            return out;
        }
        List<String> w = missing(defaultRows(rows), rest);
        if (w == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        out.add(WILD);
        out.addAll(w);
        return out;
    }

    /** A constructor of a finite type: its identity, display name and argument types. */
    private record Ctor(Object key, String name, List<Type> subTypes, boolean positional) {
    }

    private static final Object NULL = "null";
    private static final Object NON_NULL = "nonnull";

    private static List<Ctor> ctors(Type t) {
        if (t instanceof Type.NullableType n) {
            return List.of(new Ctor(NULL, "null", List.of(), false), new Ctor(NON_NULL, "", List.of(n.inner()), false));
        }
        if (t == Type.BOOL) {
            return List.of(new Ctor(Boolean.TRUE, "true", List.of(), false), new Ctor(Boolean.FALSE, "false", List.of(), false));
        }
        if (t instanceof Type.EnumType e) {
            List<Ctor> out = new ArrayList<>();
            for (org.korlang.lang.internal.typed.Variant v : e.decl().variants()) {
                String name = e.decl().isPrelude() ? v.name() : e.decl().name() + "." + v.name();
                out.add(new Ctor(v, name, e.payloadTypes(v), true));
            }
            return out;
        }
        if (t instanceof Type.TupleType tt) {
            return List.of(new Ctor("tuple", "", tt.elements(), true));
        }
        if (t instanceof Type.StructType st) {
            List<Type> fields = new ArrayList<>();
            for (org.korlang.lang.internal.typed.Field f : st.decl().fields()) {
                fields.add(st.fieldType(f));
            }
            return List.of(new Ctor(st.decl(), st.decl().name(), fields, false));
        }
        return null;
    }

    private static String render(Ctor c, List<String> args) {
        if (c.key == NON_NULL) {
            return args.get(0);
        }
        if (c.key instanceof org.korlang.lang.internal.typed.StructDecl) {
            return c.name + " { .. }";
        }
        if (!c.positional || args.isEmpty()) {
            return c.name;
        }
        return c.name + "(" + String.join(", ", args) + ")";
    }

    private static boolean isWildcard(Pattern p) {
        return p instanceof Pattern.Wildcard || p instanceof Pattern.Bind;
    }

    /** The constructor key of a non-wildcard pattern; a literal of an infinite type has no constructor (null). */
    private static Object keyOf(Pattern p) {
        if (p instanceof Pattern.Null) {
            return NULL;
        }
        if (p instanceof Pattern.NonNull) {
            return NON_NULL;
        }
        if (p instanceof Pattern.Literal l && l.value() instanceof Expr.BoolLit b) {
            return b.value() ? Boolean.TRUE : Boolean.FALSE;
        }
        if (p instanceof Pattern.Variant v) {
            return v.variant();
        }
        if (p instanceof Pattern.Tuple) {
            return "tuple";
        }
        if (p instanceof Pattern.Struct s) {
            return s.type().decl();
        }
        return null;
    }

    private static boolean columnHas(List<List<Pattern>> rows, Ctor c) {
        for (List<Pattern> r : rows) {
            if (c.key.equals(keyOf(r.get(0)))) {
                return true;
            }
        }
        return false;
    }

    private static List<List<Pattern>> specialize(List<List<Pattern>> rows, Ctor c) {
        List<List<Pattern>> out = new ArrayList<>();
        int arity = c.subTypes.size();
        for (List<Pattern> r : rows) {
            Pattern p = r.get(0);
            List<Pattern> row = new ArrayList<>(arity + r.size() - 1);
            if (isWildcard(p)) {
                for (int i = 0; i < arity; i++) {
                    row.add(new Pattern.Wildcard(c.subTypes.get(i), p.pos()));
                }
            } else if (c.key.equals(keyOf(p))) {
                row.addAll(subPatterns(p, c));
            } else {
                continue;
            }
            row.addAll(r.subList(1, r.size()));
            out.add(row);
        }
        return out;
    }

    private static List<Pattern> subPatterns(Pattern p, Ctor c) {
        if (p instanceof Pattern.NonNull n) {
            return List.of(n.inner());
        }
        if (p instanceof Pattern.Variant v) {
            if (v.payload().size() == c.subTypes.size()) {
                return v.payload();
            }
            List<Pattern> wild = new ArrayList<>();
            for (Type t : c.subTypes) {
                wild.add(new Pattern.Wildcard(t, p.pos()));
            }
            return wild;
        }
        if (p instanceof Pattern.Tuple t) {
            return t.elements();
        }
        if (p instanceof Pattern.Struct s) {
            List<Pattern> byField = new ArrayList<>();
            for (int i = 0; i < c.subTypes.size(); i++) {
                byField.add(new Pattern.Wildcard(c.subTypes.get(i), p.pos()));
            }
            for (Pattern.FieldPattern fp : s.fields()) {
                byField.set(fp.field().index(), fp.pattern());
            }
            return byField;
        }
        return List.of();
    }

    private static List<List<Pattern>> defaultRows(List<List<Pattern>> rows) {
        List<List<Pattern>> out = new ArrayList<>();
        for (List<Pattern> r : rows) {
            if (isWildcard(r.get(0))) {
                out.add(r.subList(1, r.size()));
            }
        }
        return out;
    }

    /** Whether {@code t} is (or wraps) an enum — a match on it must cover every variant. */
    static boolean isEnumLike(Type t) {
        return Types.nonNull(t) instanceof Type.EnumType;
    }
}
