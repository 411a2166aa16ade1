package org.korlang.lang.bytecode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a {@link Program}: interns types and constants, numbers layouts, enums and functions,
 * and builds function bodies with labels ({@link FunctionBuilder}). Used by code generation and by
 * tests that write bytecode by hand. Not thread-safe.
 */
public final class ProgramBuilder {

    private final String sourceName;
    private final List<TypeDesc> types = new ArrayList<>();
    private final Map<TypeDesc, Integer> typeIndex = new HashMap<>();
    private final List<Layout> layouts = new ArrayList<>();
    private final List<EnumDesc> enums = new ArrayList<>();
    private final List<FunctionCode> functions = new ArrayList<>();
    private final List<Long> primConstants = new ArrayList<>();
    private final Map<Long, Integer> primIndex = new HashMap<>();
    private final List<RefConstant> refConstants = new ArrayList<>();
    private final Map<RefConstant, Integer> refIndex = new HashMap<>();
    private int entry = -1;

    public ProgramBuilder(String sourceName) {
        this.sourceName = sourceName;
    }

    // ------------------------------------------------------------------------------------ types

    public int type(TypeDesc t) {
        Integer i = typeIndex.get(t);
        if (i == null) {
            i = types.size();
            types.add(t);
            typeIndex.put(t, i);
        }
        return i;
    }

    public int intType() { return type(TypeDesc.of(TypeDesc.Kind.INT)); }
    public int floatType() { return type(TypeDesc.of(TypeDesc.Kind.FLOAT)); }
    public int boolType() { return type(TypeDesc.of(TypeDesc.Kind.BOOL)); }
    public int charType() { return type(TypeDesc.of(TypeDesc.Kind.CHAR)); }
    public int voidType() { return type(TypeDesc.of(TypeDesc.Kind.VOID)); }
    public int stringType() { return type(TypeDesc.of(TypeDesc.Kind.STRING)); }
    public int anyType() { return type(TypeDesc.of(TypeDesc.Kind.ANY)); }
    public int arrayType(int elem) { return type(TypeDesc.of(TypeDesc.Kind.ARRAY, elem)); }
    public int objectType(int layout) { return type(TypeDesc.of(TypeDesc.Kind.OBJECT, layout)); }
    public int enumType(int enumIndex) { return type(TypeDesc.of(TypeDesc.Kind.ENUM, enumIndex)); }
    public int boxType(int primKind) { return type(TypeDesc.of(TypeDesc.Kind.BOX, primKind)); }
    public int funcType(int[] params, int ret) { return type(TypeDesc.func(params, ret)); }

    public TypeDesc typeAt(int index) {
        return types.get(index);
    }

    // ------------------------------------------------------------------------ layouts and enums

    public int layout(Layout l) {
        layouts.add(l);
        return layouts.size() - 1;
    }

    /** Replaces a layout declared earlier (recursive types: declare first, fill in the fields later). */
    public void setLayout(int index, Layout l) {
        layouts.set(index, l);
    }

    public Layout layoutAt(int index) {
        return layouts.get(index);
    }

    public int enumDesc(EnumDesc e) {
        enums.add(e);
        return enums.size() - 1;
    }

    public void setEnum(int index, EnumDesc e) {
        enums.set(index, e);
    }

    public EnumDesc enumAt(int index) {
        return enums.get(index);
    }

    public int layoutCount() {
        return layouts.size();
    }

    public int enumCount() {
        return enums.size();
    }

    // -------------------------------------------------------------------------------- constants

    public int primConstant(long bits) {
        return primIndex.computeIfAbsent(bits, b -> {
            primConstants.add(b);
            return primConstants.size() - 1;
        });
    }

    public int floatConstant(double v) {
        return primConstant(Double.doubleToRawLongBits(v));
    }

    public int refConstant(RefConstant k) {
        return refIndex.computeIfAbsent(k, c -> {
            refConstants.add(c);
            return refConstants.size() - 1;
        });
    }

    public int stringConstant(String s) {
        return refConstant(RefConstant.string(s));
    }

    // -------------------------------------------------------------------------------- functions

    /** Reserves a function index (so calls can name it before its body is built). */
    public int declareFunction() {
        functions.add(null);
        return functions.size() - 1;
    }

    public FunctionBuilder function(int index, String name, int[] params, int ret, int closureLayout) {
        return new FunctionBuilder(index, name, params, ret, closureLayout);
    }

    public int functionCount() {
        return functions.size();
    }

    public void entry(int function) {
        this.entry = function;
    }

    public Program build() {
        for (int i = 0; i < functions.size(); i++) {
            if (functions.get(i) == null) {
                throw new IllegalStateException("function " + i + " was declared but never built");
            }
        }
        long[] prims = new long[primConstants.size()];
        for (int i = 0; i < prims.length; i++) {
            prims[i] = primConstants.get(i);
        }
        return new Program(sourceName, types, layouts, enums, functions, prims, refConstants, entry);
    }

    /** A jump target inside one function. */
    public static final class Label {
        int position = -1;
        final List<int[]> uses = new ArrayList<>(); // {instruction start, patch word, format}
    }

    /** Builds one function's registers and code. */
    public final class FunctionBuilder {
        private static final int F_SJ = 0;
        private static final int F_SBX = 1;
        private static final int F_EXT = 2;
        private static final int F_TABLE = 3;

        private final int index;
        private final String name;
        private final int[] params;
        private final int ret;
        private final int closureLayout;
        private final List<Integer> refRegs = new ArrayList<>();
        private final List<Integer> primRegs = new ArrayList<>();
        private int[] code = new int[64];
        private int[] lines = new int[64];
        private int[] columns = new int[64];
        private int size;
        private int line;
        private int column;
        private final List<Label> labels = new ArrayList<>();
        private final List<Integer> prologue = new ArrayList<>();

        FunctionBuilder(int index, String name, int[] params, int ret, int closureLayout) {
            this.index = index;
            this.name = name;
            this.params = params.clone();
            this.ret = ret;
            this.closureLayout = closureLayout;
        }

        public int index() {
            return index;
        }

        /** A new ref register of {@code type}. */
        public int refReg(int type) {
            refRegs.add(type);
            return refRegs.size() - 1;
        }

        /** A new prim register of {@code type}. */
        public int primReg(int type) {
            primRegs.add(type);
            return primRegs.size() - 1;
        }

        public int refRegCount() {
            return refRegs.size();
        }

        public int primRegCount() {
            return primRegs.size();
        }

        public int refRegType(int r) {
            return refRegs.get(r);
        }

        public int primRegType(int p) {
            return primRegs.get(p);
        }

        /** The source position given to the words emitted from now on. */
        public FunctionBuilder at(int line, int column) {
            this.line = line;
            this.column = column;
            return this;
        }

        /** Appends one word; returns its position. */
        public int emit(int word) {
            if (size == code.length) {
                code = Arrays.copyOf(code, size * 2);
                lines = Arrays.copyOf(lines, size * 2);
                columns = Arrays.copyOf(columns, size * 2);
            }
            code[size] = word;
            lines[size] = line;
            columns[size] = column;
            return size++;
        }

        public int abc(int op, int a, int b, int c) {
            return emit(Op.abc(op, a, b, c));
        }

        public int asbx(int op, int a, int sbx) {
            return emit(Op.asbx(op, a, sbx));
        }

        /**
         * Adds a one-word instruction to the function's prologue: it runs once at entry, before the
         * code emitted with {@link #emit} (jump offsets are relative, so prepending keeps them right).
         * Meant for loading constants into registers that loops then only read.
         */
        public void prologue(int word) {
            prologue.add(word);
        }

        /** The current position (the next word's). */
        public int position() {
            return size;
        }

        public Label label() {
            Label l = new Label();
            labels.add(l);
            return l;
        }

        public void place(Label l) {
            if (l.position >= 0) {
                throw new IllegalStateException("label placed twice");
            }
            l.position = size;
        }

        /** JMP or LOOP to a label. */
        public void jump(int op, Label target) {
            int at = emit(Op.sj(op, 0));
            target.uses.add(new int[] {at, at, F_SJ});
        }

        /** JT, JF, JNULL, JNNULL or FORLOOP on register {@code a} to a label. */
        public void branch(int op, int a, Label target) {
            int at = emit(Op.asbx(op, a, 0));
            target.uses.add(new int[] {at, at, F_SBX});
        }

        /** JLTI, JLEI, JEQI, JNEI on p[a], p[b] to a label. */
        public void compareBranch(int op, int a, int b, Label target) {
            int at = emit(Op.abc(op, a, b, 0));
            int ext = emit(0);
            target.uses.add(new int[] {at, ext, F_EXT});
        }

        /** SWITCH on p[a] with one label per case. */
        public void switchTable(int a, Label[] cases) {
            int at = emit(Op.asbx(Op.SWITCH, a, cases.length));
            for (Label c : cases) {
                int w = emit(0);
                c.uses.add(new int[] {at, w, F_TABLE, cases.length});
            }
        }

        /** An instruction with one extension word (CALL, CALLC, CALLB, CASTV, ISTYPE, CAST). */
        public int withExt(int op, int a, int b, int c, int ext) {
            int at = emit(Op.abc(op, a, b, c));
            emit(ext);
            return at;
        }

        public FunctionCode build() {
            for (Label l : labels) {
                if (l.uses.isEmpty()) {
                    continue;
                }
                if (l.position < 0) {
                    throw new IllegalStateException("label used but never placed in " + name);
                }
                for (int[] u : l.uses) {
                    int at = u[0];
                    switch (u[2]) {
                        case F_SJ -> code[at] = Op.sj(code[at] & 0xFF, l.position - (at + 1));
                        case F_SBX -> code[at] = Op.asbx(code[at] & 0xFF, Op.a(code[at]), l.position - (at + 1));
                        case F_EXT -> code[u[1]] = l.position - (at + 2);
                        default -> code[u[1]] = l.position - (at + 1 + u[3]);
                    }
                }
            }
            int n = prologue.size();
            int[] allCode = new int[n + size];
            int[] allLines = new int[n + size];
            int[] allColumns = new int[n + size];
            for (int i = 0; i < n; i++) {
                allCode[i] = prologue.get(i);
                allLines[i] = size > 0 ? lines[0] : 0;
                allColumns[i] = size > 0 ? columns[0] : 0;
            }
            System.arraycopy(code, 0, allCode, n, size);
            System.arraycopy(lines, 0, allLines, n, size);
            System.arraycopy(columns, 0, allColumns, n, size);
            FunctionCode f = new FunctionCode(name, params, ret, closureLayout, toArray(refRegs), toArray(primRegs),
                    allCode, allLines, allColumns);
            functions.set(index, f);
            return f;
        }
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
