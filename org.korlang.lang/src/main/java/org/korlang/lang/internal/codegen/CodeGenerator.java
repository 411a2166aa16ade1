package org.korlang.lang.internal.codegen;

import org.korlang.lang.bytecode.Program;
import org.korlang.lang.internal.typed.TypedProgram;

/**
 * Code generation: a checked {@link TypedProgram} in, a {@link Program} (docs/bytecode.md) out.
 * Throws {@link CodeGenerationException} for what the VM cannot express (a function with more than
 * 256 registers of a kind, a library type of a later issue).
 */
public interface CodeGenerator {

    Program generate(TypedProgram program);

    static CodeGenerator create() {
        return new BytecodeGenerator();
    }
}
