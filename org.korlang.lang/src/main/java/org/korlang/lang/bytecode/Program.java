package org.korlang.lang.bytecode;

import java.util.List;

/**
 * A compiled Korlang program: what code generation produces and the VM loads, verifies and runs.
 * Everything is indexed: instructions name types, layouts, enums, functions and constants by their
 * index in these lists. Immutable.
 *
 * @param sourceName     the file name used in stack traces ({@code prog.kor})
 * @param types          the type table
 * @param layouts        object layouts
 * @param enums          enums
 * @param functions      functions
 * @param primConstants  64-bit constants for {@link Op#LOADKP} (Int values, Float bits)
 * @param refConstants   constants for {@link Op#LOADKR}, interned into the heap at load time
 * @param entry          the index of {@code main}
 */
public record Program(String sourceName, List<TypeDesc> types, List<Layout> layouts, List<EnumDesc> enums,
        List<FunctionCode> functions, long[] primConstants, List<RefConstant> refConstants, int entry) {

    public Program {
        types = List.copyOf(types);
        layouts = List.copyOf(layouts);
        enums = List.copyOf(enums);
        functions = List.copyOf(functions);
        primConstants = primConstants.clone();
        refConstants = List.copyOf(refConstants);
    }

    public TypeDesc type(int index) {
        return types.get(index);
    }
}
