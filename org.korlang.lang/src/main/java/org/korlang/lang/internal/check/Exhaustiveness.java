package org.korlang.lang.internal.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.korlang.lang.internal.typed.Expr;
import org.korlang.lang.internal.typed.Pattern;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.Variant;

/**
 * Exhaustiveness of {@code match}, by the deliberately simple rule of docs/language.md D45 (no
 * deeper analysis of nested patterns). The unguarded arms are complete when
 * <ul>
 * <li>one of them is irrefutable: {@code _}, a binding, or a tuple or struct pattern whose parts
 *     are all irrefutable (on a non-nullable scrutinee); or</li>
 * <li>the scrutinee is an enum (possibly nullable) and every variant has an arm whose payload
 *     patterns are all irrefutable, plus a {@code null} arm when it is nullable; or</li>
 * <li>the scrutinee is {@code Bool} and both {@code true} and {@code false} have arms.</li>
 * </ul>
 * For an enum, the verdict lists the uncovered variants in declaration order, then {@code null}.
 */
final class Exhaustiveness {
    private Exhaustiveness() {
    }

    /** {@code missing} is non-empty only for an incomplete match on an enum. */
    record Verdict(boolean complete, List<String> missing) {
    }

    static boolean irrefutable(Pattern p) {
        if (p instanceof Pattern.Wildcard || p instanceof Pattern.Bind) {
            return true;
        }
        if (p instanceof Pattern.Tuple t) {
            return allIrrefutable(t.elements());
        }
        if (p instanceof Pattern.Struct st) {
            for (Pattern.FieldPattern f : st.fields()) {
                if (!irrefutable(f.pattern())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean allIrrefutable(List<Pattern> ps) {
        for (Pattern p : ps) {
            if (!irrefutable(p)) {
                return false;
            }
        }
        return true;
    }

    static Verdict check(List<Pattern> unguarded, Type scrutinee) {
        for (Pattern p : unguarded) {
            if (irrefutable(p)) {
                return new Verdict(true, List.of());
            }
        }
        boolean nullable = scrutinee instanceof Type.NullableType;
        Type inner = nullable ? ((Type.NullableType) scrutinee).inner() : scrutinee;
        boolean nullCovered = false;
        Set<Variant> covered = new HashSet<>();
        boolean sawTrue = false;
        boolean sawFalse = false;
        for (Pattern p : unguarded) {
            if (p instanceof Pattern.Null) {
                nullCovered = true;
                continue;
            }
            Pattern q = p instanceof Pattern.NonNull n ? n.inner() : p;
            if (irrefutable(q) && nullable) {
                // a non-null pattern that takes every non-null value
                sawTrue = sawFalse = true;
                if (inner instanceof Type.EnumType et) {
                    covered.addAll(et.decl().variants());
                }
                continue;
            }
            if (q instanceof Pattern.Variant v && allIrrefutable(v.payload())) {
                covered.add(v.variant());
            }
            if (q instanceof Pattern.Literal l && l.value() instanceof Expr.BoolLit b) {
                if (b.value()) {
                    sawTrue = true;
                } else {
                    sawFalse = true;
                }
            }
        }
        if (inner instanceof Type.EnumType et) {
            List<String> missing = new ArrayList<>();
            for (Variant v : et.decl().variants()) {
                if (!covered.contains(v)) {
                    missing.add(et.decl().isPrelude() ? v.name() : et.decl().name() + "." + v.name());
                }
            }
            if (nullable && !nullCovered) {
                missing.add("null");
            }
            return new Verdict(missing.isEmpty(), missing);
        }
        if (scrutinee == Type.BOOL) {
            return new Verdict(sawTrue && sawFalse, List.of());
        }
        return new Verdict(false, List.of());
    }
}
