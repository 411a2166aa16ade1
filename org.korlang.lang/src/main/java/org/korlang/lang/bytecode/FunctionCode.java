package org.korlang.lang.bytecode;

/**
 * One compiled function (one per instantiation of a generic function).
 *
 * <p>Parameters: the ref-typed parameters, in declaration order, arrive in {@code r0, r1, …}; the
 * prim-typed ones in {@code p0, p1, …}. A function made for a closure ({@link #closure}) takes the
 * closure object as an extra first ref parameter {@code r0} (its type: the closure's layout), before
 * the declared ones.
 *
 * @param name         printable name for stack traces ({@code main}, {@code Point.norm},
 *                     {@code first<Int>}, {@code main.<lambda>})
 * @param params       declared parameter types (type indices), closure object excluded
 * @param ret          result type (a VOID type for none)
 * @param closure      the closure layout this function is the code of, or -1
 * @param refRegs      the declared type of each ref register (its length is the count)
 * @param primRegs     the declared type of each prim register
 * @param code         instructions ({@link Op})
 * @param lines        source line of each code word (1-based; 0 = unknown)
 * @param columns      source column of each code word (1-based, in chars; 0 = unknown)
 */
public record FunctionCode(String name, int[] params, int ret, int closure, int[] refRegs, int[] primRegs, int[] code,
        int[] lines, int[] columns) {

    public FunctionCode {
        params = params.clone();
        refRegs = refRegs.clone();
        primRegs = primRegs.clone();
        code = code.clone();
        lines = lines.clone();
        columns = columns.clone();
    }
}
