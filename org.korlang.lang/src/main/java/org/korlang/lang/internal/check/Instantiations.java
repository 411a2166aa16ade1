package org.korlang.lang.internal.check;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.korlang.lang.internal.diag.Reporter;
import org.korlang.lang.internal.typed.Field;
import org.korlang.lang.internal.typed.FunctionDecl;
import org.korlang.lang.internal.typed.Pos;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.Types;
import org.korlang.lang.internal.typed.Variant;

/**
 * Guarantees that monomorphization terminates: code generation emits one function per distinct
 * (function, type arguments) pair and one layout per distinct struct/enum instantiation reachable
 * from {@code main}, so the checker rejects programs where that set is infinite (polymorphic
 * recursion such as {@code fun f<T>(x: T) { f([x]) }}, or {@code struct N<T> { next: N<[T]>? }}).
 *
 * <p>While bodies are checked, every call and function reference is recorded per enclosing
 * top-level function with its (possibly generic) type arguments, and every generic struct/enum
 * type constructed. Then a worklist explores instantiations from {@code main}, substituting type
 * arguments; an instantiation whose type arguments nest deeper than {@link #MAX_DEPTH}, or more than
 * {@link #MAX_INSTANCES} instantiations in all, is reported at the call that produced it.
 */
final class Instantiations {
    static final int MAX_DEPTH = 24;
    static final int MAX_INSTANCES = 20_000;

    private record Use(FunctionDecl callee, List<Type> typeArgs, Pos pos) {
    }

    private record TypeUse(Type type, Pos pos) {
    }

    private final Map<FunctionDecl, List<Use>> calls = new HashMap<>();
    private final Map<FunctionDecl, List<TypeUse>> types = new HashMap<>();
    private FunctionDecl current;

    void enter(FunctionDecl fn) {
        current = fn;
    }

    void record(FunctionDecl callee, List<Type> typeArgs, Pos pos) {
        if (current != null) {
            List<Use> uses = calls.get(current);
            if (uses == null) {
                uses = new ArrayList<>();
                calls.put(current, uses);
            }
            uses.add(new Use(callee, typeArgs, pos));
        }
    }

    void recordType(Type type, Pos pos) {
        if (current != null) {
            List<TypeUse> uses = types.get(current);
            if (uses == null) {
                uses = new ArrayList<>();
                types.put(current, uses);
            }
            uses.add(new TypeUse(type, pos));
        }
    }

    /** One (function, type arguments) pair; equals/hashCode spelled out to avoid the ObjectMethods bootstrap. */
    private record Instance(FunctionDecl fn, List<Type> args) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Instance i && fn == i.fn && args.equals(i.args);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(fn) * 31 + args.hashCode();
        }
    }

    void check(FunctionDecl main, Reporter reporter) {
        Set<Instance> seen = new HashSet<>();
        Deque<Instance> work = new ArrayDeque<>();
        Instance root = new Instance(main, List.of());
        seen.add(root);
        work.add(root);
        Set<Type> seenTypes = new HashSet<>();
        while (!work.isEmpty()) {
            Instance in = work.poll();
            for (TypeUse tu : types.getOrDefault(in.fn, List.of())) {
                Type t = Types.substitute(tu.type, in.fn.typeParams(), in.args);
                if (!exploreType(t, tu.pos, seenTypes, reporter)) {
                    return;
                }
            }
            for (Use u : calls.getOrDefault(in.fn, List.of())) {
                List<Type> args = new ArrayList<>();
                for (Type a : u.typeArgs) {
                    args.add(Types.substitute(a, in.fn.typeParams(), in.args));
                }
                Instance next = new Instance(u.callee, args);
                if (seen.contains(next)) {
                    continue;
                }
                for (Type a : args) {
                    if (depth(a) > MAX_DEPTH) {
                        reporter.error(u.pos, "polymorphic recursion: too many instantiations of '" + u.callee.name() + "'");
                        return;
                    }
                }
                if (seen.size() >= MAX_INSTANCES) {
                    reporter.error(u.pos, "polymorphic recursion: too many instantiations of '" + u.callee.name() + "'");
                    return;
                }
                seen.add(next);
                work.add(next);
            }
        }
    }

    /** Explores the layouts a type needs (fields and payloads of generic structs and enums). */
    private boolean exploreType(Type root, Pos pos, Set<Type> seen, Reporter reporter) {
        Deque<Type> work = new ArrayDeque<>();
        work.add(root);
        while (!work.isEmpty()) {
            Type t = work.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (depth(t) > MAX_DEPTH) {
                reporter.error(pos, "type " + root + " expands into ever larger types (recursive generic types must not grow)");
                return false;
            }
            if (seen.size() > MAX_INSTANCES) {
                reporter.error(pos, "too many generic type instantiations");
                return false;
            }
            if (t instanceof Type.StructType st) {
                work.addAll(st.typeArgs());
                if (!st.typeArgs().isEmpty()) {
                    for (Field f : st.decl().fields()) {
                        work.add(st.fieldType(f));
                    }
                }
            } else if (t instanceof Type.EnumType et) {
                work.addAll(et.typeArgs());
                if (!et.typeArgs().isEmpty()) {
                    for (Variant v : et.decl().variants()) {
                        work.addAll(et.payloadTypes(v));
                    }
                }
            } else if (t instanceof Type.ArrayType a) {
                work.add(a.element());
            } else if (t instanceof Type.NullableType n) {
                work.add(n.inner());
            } else if (t instanceof Type.TupleType tt) {
                work.addAll(tt.elements());
            } else if (t instanceof Type.FunctionType f) {
                work.addAll(f.params());
                work.add(f.result());
            } else if (t instanceof Type.LibraryType l) {
                work.addAll(l.typeArgs());
            }
        }
        return true;
    }

    static int depth(Type t) {
        if (t instanceof Type.ArrayType a) {
            return 1 + depth(a.element());
        }
        if (t instanceof Type.NullableType n) {
            return depth(n.inner());
        }
        int d = 0;
        List<Type> kids = List.of();
        if (t instanceof Type.TupleType tt) {
            kids = tt.elements();
        } else if (t instanceof Type.StructType st) {
            kids = st.typeArgs();
        } else if (t instanceof Type.EnumType et) {
            kids = et.typeArgs();
        } else if (t instanceof Type.FunctionType f) {
            List<Type> k = new ArrayList<>(f.params());
            k.add(f.result());
            kids = k;
        } else if (t instanceof Type.LibraryType l) {
            kids = l.typeArgs();
        }
        for (Type k : kids) {
            d = Math.max(d, depth(k));
            if (d > MAX_DEPTH) {
                break;
            }
        }
        return kids.isEmpty() ? 0 : 1 + d;
    }
}
