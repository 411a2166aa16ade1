package org.korlang.lang.internal.typed;

import java.util.List;

/**
 * The checked, resolved program that code generation consumes: what the front end hands over
 * when a file has no compile error. See {@code docs/typed-program.md} for the whole model.
 *
 * <ul>
 * <li>{@link #structs()}, {@link #enums()} — every declaration (the prelude's {@code Result}
 *     first among the enums), generic ones once, uninstantiated;</li>
 * <li>{@link #functions()} — every top-level and extension function, in source order;</li>
 * <li>{@link #main()} and {@link #mainKind()} — the entry point;</li>
 * <li>{@link #imports()} — the stdlib modules named by {@code import} (their functions arrive in
 *     later issues; v1 accepts the import and offers no members yet).</li>
 * </ul>
 */
public record TypedProgram(
        String fileName,
        List<StructDecl> structs,
        List<EnumDecl> enums,
        List<FunctionDecl> functions,
        FunctionDecl main,
        MainKind mainKind,
        List<String> imports) {

    public TypedProgram {
        structs = List.copyOf(structs);
        enums = List.copyOf(enums);
        functions = List.copyOf(functions);
        imports = List.copyOf(imports);
    }

    /** The three forms of {@code main} KORLANG.md allows (with or without {@code -> Int}). */
    public enum MainKind {
        /** {@code fun main()}: exit status 0. */
        NO_ARGS,
        /** {@code fun main() -> Int}: the result is the exit status. */
        NO_ARGS_INT,
        /** {@code fun main(args: [String])}: exit status 0. */
        ARGS,
        /** {@code fun main(args: [String]) -> Int}. */
        ARGS_INT;

        public boolean takesArgs() {
            return this == ARGS || this == ARGS_INT;
        }

        public boolean returnsInt() {
            return this == NO_ARGS_INT || this == ARGS_INT;
        }
    }
}
