package org.korlang.lang.bytecode;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/*
 * The bytecode file (`bin/korlang compile prog.kor -o prog.kbc`, run by `bin/korlang run prog.kbc`
 * without the front end): a Program written field by field, big-endian.
 *
 *   header     the 8 bytes MAGIC ("KORLBC" 0x00 0x1A), int FORMAT_VERSION, int instructionSet()
 *   program    string sourceName
 *              types      count, then each: byte kind, int arg, ints params, int ret
 *              layouts    count, then each: string name, byte kind, ints fieldTypes,
 *                         count + strings fieldNames, int owner, int tag
 *              enums      count, then each: string name, ints variants
 *              functions  count, then each: string name, ints params, int ret, int closure,
 *                         ints refRegs, ints primRegs, ints code, ints lines, ints columns
 *              longs primConstants
 *              refConstants count, then each: byte kind, byte hasText (+ string text), int layout
 *              int entry
 *   strings are an int byte count and UTF-8; "ints"/"longs" are a count and the values.
 *
 * instructionSet() is a fingerprint of the names of every opcode, builtin and kind enum in their
 * numbering: a file written by a compiler whose numbering differs is refused as foreign rather than
 * run with shifted meanings. Reading checks only the shape — every count against the bytes left (so
 * a corrupt count cannot make us allocate gigabytes), every enum ordinal, valid UTF-8, nothing after
 * the end — and throws ProgramFileException; what the program means is the VM verifier's business,
 * which checks a loaded Program as it checks a freshly compiled one (docs/bytecode.md).
 */

/** Reads and writes a {@link Program} as a bytecode file ({@code .kbc}). */
public final class ProgramFile {

    /** The first bytes of every bytecode file. */
    public static final byte[] MAGIC = {'K', 'O', 'R', 'L', 'B', 'C', 0, 0x1A};
    /** The layout of the file; bumped when the layout above changes. */
    public static final int FORMAT_VERSION = 1;

    private ProgramFile() {
    }

    /** Whether {@code bytes} start like a bytecode file (not whether the rest is valid). */
    public static boolean looksLikeBytecode(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The fingerprint of this build's numbering of opcodes, builtins and kinds. */
    public static int instructionSet() {
        StringBuilder sb = new StringBuilder();
        for (int op = 0; op < Op.COUNT; op++) {
            sb.append(Op.name(op)).append(',');
        }
        for (Builtin b : Builtin.values()) {
            sb.append(b.name()).append(',');
        }
        for (Enum<?>[] kinds : new Enum<?>[][] {TypeDesc.Kind.values(), Layout.Kind.values(), RefConstant.Kind.values()}) {
            for (Enum<?> k : kinds) {
                sb.append(k.name()).append(',');
            }
            sb.append(';');
        }
        return sb.toString().hashCode();
    }

    /** The bytecode file of {@code program}. */
    public static byte[] write(Program program) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(instructionSet());
            string(out, program.sourceName());
            out.writeInt(program.types().size());
            for (TypeDesc t : program.types()) {
                out.writeByte(t.kind().ordinal());
                out.writeInt(t.arg());
                ints(out, t.params());
                out.writeInt(t.ret());
            }
            out.writeInt(program.layouts().size());
            for (Layout l : program.layouts()) {
                string(out, l.name());
                out.writeByte(l.kind().ordinal());
                ints(out, l.fieldTypes());
                out.writeInt(l.fieldNames().length);
                for (String n : l.fieldNames()) {
                    string(out, n);
                }
                out.writeInt(l.owner());
                out.writeInt(l.tag());
            }
            out.writeInt(program.enums().size());
            for (EnumDesc e : program.enums()) {
                string(out, e.name());
                ints(out, e.variants());
            }
            out.writeInt(program.functions().size());
            for (FunctionCode f : program.functions()) {
                string(out, f.name());
                ints(out, f.params());
                out.writeInt(f.ret());
                out.writeInt(f.closure());
                ints(out, f.refRegs());
                ints(out, f.primRegs());
                ints(out, f.code());
                ints(out, f.lines());
                ints(out, f.columns());
            }
            long[] prims = program.primConstants();
            out.writeInt(prims.length);
            for (long v : prims) {
                out.writeLong(v);
            }
            out.writeInt(program.refConstants().size());
            for (RefConstant k : program.refConstants()) {
                out.writeByte(k.kind().ordinal());
                out.writeBoolean(k.text() != null);
                if (k.text() != null) {
                    string(out, k.text());
                }
                out.writeInt(k.layout());
            }
            out.writeInt(program.entry());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The program in a bytecode file. {@link ProgramFileException} when the bytes are not one (no
     * header), come from another format or instruction set, or are truncated or corrupt.
     */
    public static Program read(byte[] file) {
        if (!looksLikeBytecode(file)) {
            throw new ProgramFileException("not a Korlang bytecode file (it does not start with the KORLBC header)");
        }
        Reader in = new Reader(ByteBuffer.wrap(file, MAGIC.length, file.length - MAGIC.length));
        try {
            int version = in.buf.getInt();
            if (version != FORMAT_VERSION) {
                throw new ProgramFileException("bytecode file format " + version + ", this build reads format " + FORMAT_VERSION);
            }
            int set = in.buf.getInt();
            if (set != instructionSet()) {
                throw new ProgramFileException("written by a compiler with another instruction set (fingerprint "
                        + Integer.toHexString(set) + ", this build " + Integer.toHexString(instructionSet()) + "): compile it again");
            }
            String sourceName = in.string();
            int n = in.count(10, "types");
            List<TypeDesc> types = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                TypeDesc.Kind kind = in.ordinal(TypeDesc.Kind.values(), "type kind");
                int arg = in.buf.getInt();
                int[] params = in.ints("type parameters");
                types.add(new TypeDesc(kind, arg, params, in.buf.getInt()));
            }
            n = in.count(21, "layouts");
            List<Layout> layouts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = in.string();
                Layout.Kind kind = in.ordinal(Layout.Kind.values(), "layout kind");
                int[] fieldTypes = in.ints("field types");
                String[] fieldNames = new String[in.count(4, "field names")];
                for (int f = 0; f < fieldNames.length; f++) {
                    fieldNames[f] = in.string();
                }
                if (fieldNames.length != fieldTypes.length) {
                    throw new ProgramFileException("layout " + name + " has " + fieldTypes.length + " field types and "
                            + fieldNames.length + " names");
                }
                layouts.add(new Layout(name, kind, fieldTypes, fieldNames, in.buf.getInt(), in.buf.getInt()));
            }
            n = in.count(8, "enums");
            List<EnumDesc> enums = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                enums.add(new EnumDesc(in.string(), in.ints("variants")));
            }
            n = in.count(36, "functions");
            List<FunctionCode> functions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = in.string();
                int[] params = in.ints("parameters");
                int ret = in.buf.getInt();
                int closure = in.buf.getInt();
                int[] refRegs = in.ints("ref registers");
                int[] primRegs = in.ints("prim registers");
                int[] code = in.ints("code");
                int[] lines = in.ints("lines");
                int[] columns = in.ints("columns");
                if (lines.length != code.length || columns.length != code.length) {
                    throw new ProgramFileException("function " + name + " has " + code.length + " code words but "
                            + lines.length + " lines and " + columns.length + " columns");
                }
                functions.add(new FunctionCode(name, params, ret, closure, refRegs, primRegs, code, lines, columns));
            }
            long[] prims = new long[in.count(8, "constants")];
            for (int i = 0; i < prims.length; i++) {
                prims[i] = in.buf.getLong();
            }
            n = in.count(6, "reference constants");
            List<RefConstant> refs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                RefConstant.Kind kind = in.ordinal(RefConstant.Kind.values(), "constant kind");
                String text = in.buf.get() != 0 ? in.string() : null;
                refs.add(new RefConstant(kind, text, in.buf.getInt()));
            }
            int entry = in.buf.getInt();
            if (in.buf.hasRemaining()) {
                throw new ProgramFileException(in.buf.remaining() + " bytes after the end of the program");
            }
            return new Program(sourceName, types, layouts, enums, functions, prims, refs, entry);
        } catch (BufferUnderflowException e) {
            throw new ProgramFileException("truncated: the file ends inside the program");
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static void ints(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    /** Reading with every count checked against the bytes that are left. */
    private static final class Reader {
        final ByteBuffer buf;

        Reader(ByteBuffer buf) {
            this.buf = buf;
        }

        /** A count of items that take at least {@code minBytes} each. */
        int count(int minBytes, String what) {
            int n = buf.getInt();
            if (n < 0 || (long) n * minBytes > buf.remaining()) {
                throw new ProgramFileException("corrupt: " + n + " " + what + " cannot fit in the " + buf.remaining() + " bytes left");
            }
            return n;
        }

        int[] ints(String what) {
            int[] v = new int[count(4, what)];
            for (int i = 0; i < v.length; i++) {
                v[i] = buf.getInt();
            }
            return v;
        }

        String string() {
            byte[] b = new byte[count(1, "string bytes")];
            buf.get(b);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new ProgramFileException("corrupt: a string is not valid UTF-8");
            }
        }

        <E extends Enum<E>> E ordinal(E[] values, String what) {
            int o = buf.get() & 0xFF;
            if (o >= values.length) {
                throw new ProgramFileException("corrupt: " + what + " " + o + " does not exist");
            }
            return values[o];
        }
    }
}
