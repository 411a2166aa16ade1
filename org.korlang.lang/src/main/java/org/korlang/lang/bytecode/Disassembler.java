package org.korlang.lang.bytecode;

/**
 * A readable listing of a program: types, layouts and each function's registers and instructions
 * ({@code bin/korlang run --dump-bytecode}). Register operands print as {@code r3}/{@code p3},
 * jump targets as absolute positions.
 */
public final class Disassembler {

    private Disassembler() {
    }

    public static String listing(Program p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.layouts().size(); i++) {
            Layout l = p.layouts().get(i);
            sb.append("layout ").append(i).append(' ').append(l.kind()).append(' ').append(l.name()).append(" fields ")
                    .append(java.util.Arrays.toString(l.fieldTypes())).append('\n');
        }
        for (int i = 0; i < p.functions().size(); i++) {
            FunctionCode f = p.functions().get(i);
            sb.append("\nfunction ").append(i).append(' ').append(f.name()).append(" refs ").append(f.refRegs().length)
                    .append(" prims ").append(f.primRegs().length).append(i == p.entry() ? " (entry)" : "").append('\n');
            int[] code = f.code();
            int pc = 0;
            while (pc < code.length) {
                int w = code[pc];
                int op = w & 0xFF;
                int size = Op.valid(op) ? Op.size(w) : 1;
                sb.append(String.format("  %4d  %-4d %-9s", pc, f.lines()[pc], Op.valid(op) ? Op.name(op) : "?" + op));
                int a = Op.a(w);
                int b = Op.b(w);
                int c = Op.c(w);
                int next = pc + size;
                switch (op) {
                    case Op.JMP, Op.LOOP -> sb.append(" -> ").append(next + Op.sj(w));
                    case Op.JT, Op.JF, Op.FORLOOP -> sb.append(" p").append(a).append(" -> ").append(next + Op.sbx(w));
                    case Op.JNULL, Op.JNNULL -> sb.append(" r").append(a).append(" -> ").append(next + Op.sbx(w));
                    case Op.JLTI, Op.JLEI, Op.JEQI, Op.JNEI -> sb.append(" p").append(a).append(" p").append(b).append(" -> ")
                            .append(next + code[pc + 1]);
                    case Op.LOADI -> sb.append(" p").append(a).append(' ').append(Op.sbx(w));
                    case Op.LOADKP -> sb.append(" p").append(a).append(" k").append(Op.bx(w)).append(" (")
                            .append(p.primConstants()[Op.bx(w)]).append(')');
                    case Op.LOADKR, Op.NEW -> sb.append(" r").append(a).append(' ').append(Op.bx(w));
                    case Op.CALL, Op.CALLC, Op.CALLB, Op.CASTV, Op.ISTYPE, Op.CAST -> sb.append(' ').append(a).append(' ')
                            .append(b).append(' ').append(c).append(" ext ").append(op == Op.CALL
                                    ? p.functions().get(code[pc + 1]).name()
                                    : op == Op.CALLB ? Builtin.byId(code[pc + 1] & 0xFFFF) + "/t" + (code[pc + 1] >>> 16)
                                            : String.valueOf(code[pc + 1]));
                    case Op.SWITCH -> sb.append(" p").append(a).append(" n=").append(Op.bx(w));
                    default -> sb.append(' ').append(a).append(' ').append(b).append(' ').append(c);
                }
                sb.append('\n');
                pc = next;
            }
        }
        return sb.toString();
    }
}
