package org.korlang.lang.internal.typed;

import java.util.ArrayList;
import java.util.List;

/**
 * What becomes one function of bytecode: a top-level function ({@link FunctionDecl}) or a
 * closure ({@link Lambda}). Holds the parameters, every local variable declared in the body
 * (parameters first, {@code variables().get(i).index() == i}), the result type and the body.
 *
 * <p>The body's value is the result: for a unit whose result type is {@code Void} the checker
 * leaves {@link Expr.Block#value()} {@code null}; otherwise the body's type equals the result type
 * or is {@code Never}. Code generation must still allow {@link Expr.Return} anywhere.
 */
public abstract sealed class CodeUnit permits FunctionDecl, Lambda {
    private final String displayName;
    private final Pos pos;
    private final List<LocalVar> variables = new ArrayList<>();
    private int paramCount;
    private Type resultType = Type.VOID;
    private Expr.Block body;

    protected CodeUnit(String displayName, Pos pos) {
        this.displayName = displayName;
        this.pos = pos;
    }

    /** The name in stack traces: {@code main}, {@code Point.norm}, {@code main.<closure>}. */
    public String displayName() {
        return displayName;
    }

    public Pos pos() {
        return pos;
    }

    /** The parameters, in order. */
    public List<LocalVar> params() {
        return variables.subList(0, paramCount);
    }

    /** Parameters followed by every local declared anywhere in the body (all scopes). */
    public List<LocalVar> variables() {
        return variables;
    }

    public Type resultType() {
        return resultType;
    }

    public Expr.Block body() {
        return body;
    }

    /** Used by the checker: declares the next variable of this unit and returns it. */
    public LocalVar newVariable(String name, Type type, boolean parameter, boolean mutable, Pos declaredAt) {
        if (parameter && paramCount != variables.size()) {
            throw new IllegalStateException("parameters come first");
        }
        LocalVar v = new LocalVar(name, type, variables.size(), parameter, mutable, declaredAt);
        v.setOwner(this);
        variables.add(v);
        if (parameter) {
            paramCount++;
        }
        return v;
    }

    /** Set by the checker. */
    public void setResultType(Type resultType) {
        this.resultType = resultType;
    }

    /** Set by the checker. */
    public void setBody(Expr.Block body) {
        this.body = body;
    }

    /** The function type of this unit as a value. */
    public Type.FunctionType functionType() {
        List<Type> types = new ArrayList<>(paramCount);
        for (LocalVar p : params()) {
            types.add(p.type());
        }
        return new Type.FunctionType(types, resultType);
    }
}
