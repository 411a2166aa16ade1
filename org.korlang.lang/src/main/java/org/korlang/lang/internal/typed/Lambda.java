package org.korlang.lang.internal.typed;

import java.util.ArrayList;
import java.util.List;

/**
 * A closure expression {@code fun (x: Int) -> Int { x + k }}: a code unit plus the variables it
 * captures from enclosing units ({@link #captures()}, in environment-slot order). Inside the body a
 * captured variable is read and written through {@link Expr.Captured}; the closure's own
 * parameters and locals through {@link Expr.Local}.
 *
 * <p>{@link #enclosing()} is the unit in whose body the closure expression appears. A closure
 * inside a generic function is instantiated together with that function: its types mention the
 * function's type parameters.
 */
public final class Lambda extends CodeUnit {
    private final CodeUnit enclosing;
    private final List<Capture> captures = new ArrayList<>();

    public Lambda(String displayName, CodeUnit enclosing, Pos pos) {
        super(displayName, pos);
        this.enclosing = enclosing;
    }

    public CodeUnit enclosing() {
        return enclosing;
    }

    /** The captured variables; {@code captures().get(i).index() == i}. */
    public List<Capture> captures() {
        return captures;
    }

    /** Used by the checker: the capture of {@code variable}, added on first use. */
    public Capture capture(LocalVar variable, Expr source) {
        for (Capture c : captures) {
            if (c.variable() == variable) {
                return c;
            }
        }
        Capture c = new Capture(captures.size(), variable, source);
        captures.add(c);
        variable.markCaptured();
        return c;
    }

    @Override
    public String toString() {
        return "closure " + displayName();
    }
}
