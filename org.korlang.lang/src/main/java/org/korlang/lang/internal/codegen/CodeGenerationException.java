package org.korlang.lang.internal.codegen;

import org.korlang.lang.internal.typed.Pos;

/** A program the checker accepted but code generation cannot encode; reported as a compile error at {@link #pos()}. */
public final class CodeGenerationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Pos pos;

    public CodeGenerationException(String message, Pos pos) {
        super(message);
        this.pos = pos;
    }

    public Pos pos() {
        return pos;
    }
}
