package org.korlang.lang.internal.check;

import java.util.HashMap;
import java.util.Map;
import org.korlang.lang.internal.typed.LocalVar;
import org.korlang.lang.internal.typed.Type;

/**
 * One lexical scope: the variables it declares and the flow-typing facts that hold in it.
 *
 * <p>A fact maps a nullable variable to the non-null type it is known to have here (after
 * {@code x != null}, in the branch where the test held). Facts are looked up innermost first.
 * An assignment to a variable kills its facts in this scope and every enclosing one up to the
 * function (so leaving a block never resurrects a fact that an assignment inside it invalidated);
 * a loop kills, before it is checked, the facts of every variable assigned anywhere in it.
 * {@code fn} is the code unit (function or closure) the scope belongs to; a closure's outermost
 * scope has the scope of its creation as parent, which is how captured variables are found.
 */
final class Scope {
    final Scope parent;
    final UnitContext fn;
    private Map<String, LocalVar> vars;
    private Map<LocalVar, Type> facts;

    Scope(Scope parent, UnitContext fn) {
        this.parent = parent;
        this.fn = fn;
    }

    void declare(String name, LocalVar var) {
        if (vars == null) {
            vars = new HashMap<>(8);
        }
        vars.put(name, var);
    }

    LocalVar own(String name) {
        return vars == null ? null : vars.get(name);
    }

    void addFact(LocalVar var, Type narrowed) {
        if (facts == null) {
            facts = new HashMap<>(4);
        }
        facts.put(var, narrowed);
    }

    Type ownFact(LocalVar var) {
        return facts == null ? null : facts.get(var);
    }

    void killFact(LocalVar var) {
        if (facts != null) {
            facts.remove(var);
        }
    }
}
