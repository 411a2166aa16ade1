package org.korlang.lang.internal.codegen;

import org.korlang.lang.bytecode.Program;
import org.korlang.lang.internal.typed.TypedProgram;

/**
 * The entry point of code generation (owned by `vm`): turns a checked {@link TypedProgram} into
 * a {@link Program}. {@link org.korlang.lang.KorlangCompiler#compile} calls it only for programs
 * without errors. It may throw {@link CodeGenerationException} for a limit of the bytecode (too
 * many registers, constants, …), which becomes an error diagnostic at the exception's position;
 * any other exception is reported as an internal compiler error, never thrown to the caller.
 */
public interface CodeGenerator {
    Program generate(TypedProgram program);

    /** A fresh generator (no shared state between compilations). vm replaces the placeholder. */
    static CodeGenerator create() {
        return program -> {
            throw new CodeGenerationException("code generation is not available yet", program.main().pos());
        };
    }
}
