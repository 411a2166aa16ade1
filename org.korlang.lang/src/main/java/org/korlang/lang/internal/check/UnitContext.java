package org.korlang.lang.internal.check;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.korlang.lang.internal.typed.CodeUnit;
import org.korlang.lang.internal.typed.Lambda;
import org.korlang.lang.internal.typed.LoopId;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.TypeParam;

import java.util.List;

/**
 * The checker's state for one code unit being checked: the unit, its enclosing unit (for a
 * closure), the loops around the current point (innermost last) and the result type that
 * {@code return} must match. {@code assignedNames} / {@code assignedInClosures} are the names
 * assigned anywhere in the top-level function (resp. inside a closure of it), used to decide when
 * flow typing may cross a closure boundary.
 */
final class UnitContext {
    final CodeUnit unit;
    final UnitContext parent;
    final Lambda lambda;
    final Deque<LoopInfo> loops = new ArrayDeque<>();
    final List<TypeParam> typeParams;
    final Type resultType;
    final Set<String> assignedNames;
    final Set<String> assignedInClosures;

    UnitContext(CodeUnit unit, UnitContext parent, Lambda lambda, Type resultType, List<TypeParam> typeParams,
                Set<String> assignedNames, Set<String> assignedInClosures) {
        this.unit = unit;
        this.parent = parent;
        this.lambda = lambda;
        this.resultType = resultType;
        this.typeParams = typeParams;
        this.assignedNames = assignedNames;
        this.assignedInClosures = assignedInClosures;
    }

    static final class LoopInfo {
        final LoopId id;
        boolean hasBreak;

        LoopInfo(LoopId id) {
            this.id = id;
        }
    }
}
