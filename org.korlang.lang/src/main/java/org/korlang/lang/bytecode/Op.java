package org.korlang.lang.bytecode;

/**
 * The Korlang v1 instruction set: opcodes, encodings and their sizes. The full semantics of every
 * instruction are in {@code docs/bytecode.md}; this class is the one place that numbers them.
 *
 * <h2>Encoding</h2>
 * Code is an {@code int[]} of 32-bit words. An instruction is one word {@code op | A<<8 | B<<16 | C<<24}
 * (each operand 8 bits, unsigned), sometimes with the 16-bit forms {@code sBx = word >> 16} (signed) or
 * {@code Bx = word >>> 16}, or the 24-bit jump {@code sJ = word >> 8}, followed by {@link #extWords}
 * extension words (a function index, a type index, a jump offset, a jump table). Jump offsets count
 * words from the word after the whole instruction ({@code pc} after decoding), as in Lua.
 *
 * <h2>Register files</h2>
 * A frame has {@code refRegs} reference registers {@code r0..} and {@code primRegs} primitive registers
 * {@code p0..}, each at most 256; each register has one declared type for the whole function (see
 * {@link FunctionCode}). Prim registers hold raw 64-bit words: Int as long, Float as the double's
 * bits, Bool as 0/1, Char as the code point. Ref registers hold heap references or 0 (null).
 */
public final class Op {

    private Op() {
    }

    // ---- moves and constants
    public static final int NOP = 0;
    /** p[A] = p[B]. */
    public static final int MOVP = 1;
    /** r[A] = r[B]. */
    public static final int MOVR = 2;
    /** p[A] = sBx. */
    public static final int LOADI = 3;
    /** p[A] = primConstants[Bx]. */
    public static final int LOADKP = 4;
    /** r[A] = the interned constant Bx (a string constant, or an enum's payload-free variant). */
    public static final int LOADKR = 5;
    /** r[A] = null. */
    public static final int LOADNULL = 6;

    // ---- Int (64-bit, wrapping)
    public static final int ADDI = 10;
    public static final int SUBI = 11;
    public static final int MULI = 12;
    /** p[A] = p[B] / p[C]; "division by zero" if p[C] == 0 (MIN / -1 wraps to MIN). */
    public static final int DIVI = 13;
    /** p[A] = p[B] % p[C] (sign of the dividend); "division by zero" if p[C] == 0. */
    public static final int REMI = 14;
    public static final int ANDI = 15;
    public static final int ORI = 16;
    public static final int XORI = 17;
    /** p[A] = p[B] << (p[C] & 63). */
    public static final int SHLI = 18;
    /** p[A] = p[B] >> (p[C] & 63) (arithmetic). */
    public static final int SHRI = 19;
    /** p[A] = -p[B]. */
    public static final int NEGI = 20;
    /** p[A] = p[B] + sC, sC the signed 8-bit C operand. */
    public static final int ADDIK = 21;
    /** p[A] = ~p[B]. */
    public static final int NOTI = 22;

    // ---- Float
    public static final int ADDF = 30;
    public static final int SUBF = 31;
    public static final int MULF = 32;
    public static final int DIVF = 33;
    /** p[A] = p[B] % p[C] as Java's (IEEE fmod, sign of the dividend). */
    public static final int REMF = 34;
    public static final int NEGF = 35;

    // ---- comparisons into a Bool register: p[A] = p[B] op p[C]
    public static final int EQI = 40;
    public static final int NEI = 41;
    public static final int LTI = 42;
    public static final int LEI = 43;
    public static final int EQF = 44;
    public static final int NEF = 45;
    public static final int LTF = 46;
    public static final int LEF = 47;
    /** p[A] = r[B] == r[C] (identity; null equals null). */
    public static final int EQR = 48;
    /** p[A] = r[B] != r[C] (identity). */
    public static final int NER = 49;
    /** p[A] = r[B] and r[C] are equal strings (null-safe). */
    public static final int EQS = 50;
    /**
     * p[A] = r[B] == r[C] by value, by the objects' dynamic types: strings by bytes, boxes by value,
     * enum values by variant and payload (recursively), tuples by elements, everything else
     * (structs, arrays, closures) by identity; null equals only null.
     */
    public static final int EQV = 51;
    /** p[A] = 1 - p[B] (Bool not). */
    public static final int NOT = 52;

    // ---- conversions
    public static final int I2F = 55;
    /** p[A] = (long) Float p[B] (toward zero; NaN → 0; saturating). */
    public static final int F2I = 56;
    /** p[A] = p[B] as Char; "invalid char" runtime error unless a Unicode scalar value. */
    public static final int I2C = 57;

    // ---- jumps
    /** pc += sJ; forward only (a backward jump must be {@link #LOOP}). */
    public static final int JMP = 60;
    /** pc += sJ, a loop back-edge: safepoint poll and reduction count. */
    public static final int LOOP = 61;
    /** if p[A] != 0: pc += sBx (forward). */
    public static final int JT = 62;
    /** if p[A] == 0: pc += sBx (forward). */
    public static final int JF = 63;
    /** if r[A] == null: pc += sBx (forward). */
    public static final int JNULL = 64;
    /** if r[A] != null: pc += sBx (forward). */
    public static final int JNNULL = 65;
    /** if p[A] < p[B] (Int): pc += ext (forward); 1 ext word. */
    public static final int JLTI = 66;
    /** if p[A] <= p[B] (Int): pc += ext (forward); 1 ext word. */
    public static final int JLEI = 67;
    /** if p[A] == p[B] (Int/Bool/Char): pc += ext (forward); 1 ext word. */
    public static final int JEQI = 68;
    /** if p[A] != p[B] (Int/Bool/Char): pc += ext (forward); 1 ext word. */
    public static final int JNEI = 69;
    /**
     * Counted loop back-edge: p[A] += 1; if p[A] < p[A+1]: pc += sBx (backward, with a safepoint
     * poll and reduction count).
     */
    public static final int FORLOOP = 70;
    /**
     * Jump table: with n = Bx, n ext words follow; if 0 <= p[A] < n: pc += ext[p[A]] (offsets counted
     * from the word after the table, forward only); otherwise fall through.
     */
    public static final int SWITCH = 71;

    // ---- calls
    /**
     * Calls function ext[0]: its ref parameters are copied from r[A], r[A+1], …, its prim parameters
     * from p[B], p[B+1], …; its result goes to register C of the kind of its return type (ignored for
     * Void). 1 ext word.
     */
    public static final int CALL = 75;
    /**
     * Calls the closure in r[A] (null → runtime error): the callee's ref parameters (the closure itself
     * first) come from r[A], r[A+1], …, prim parameters from p[B], …; result to C. ext[0] = the
     * function type (a {@link TypeDesc.Kind#FUNC} type index) the verifier checks the operands against.
     */
    public static final int CALLC = 76;
    /** Calls builtin ext[0] & 0xFFFF with type operand ext[0] >>> 16; operands as {@link #CALL}. */
    public static final int CALLB = 77;
    /** Returns from a Void function. */
    public static final int RET = 78;
    /** Returns p[A]. */
    public static final int RETP = 79;
    /** Returns r[A]. */
    public static final int RETR = 80;

    // ---- objects (structs, tuples, enum variants, closures, cells, boxes)
    /** r[A] = a new zeroed object of layout Bx (a variant's tag and a closure's function are set). */
    public static final int NEW = 85;
    /** p[A] = slot C of r[B] (null → runtime error). */
    public static final int GETP = 86;
    /** r[A] = slot C of r[B]. */
    public static final int GETR = 87;
    /** slot B of r[A] = p[C]. */
    public static final int SETP = 88;
    /** slot B of r[A] = r[C] (write barrier). */
    public static final int SETR = 89;
    /** p[A] = the variant index of enum value r[B]. */
    public static final int TAG = 90;
    /** r[A] = r[B], which must be of variant layout ext[0] (runtime error otherwise); 1 ext word. */
    public static final int CASTV = 91;
    /** r[A] = r[B]; "unexpected null" runtime error if null ({@code x!!}). */
    public static final int NOTNULL = 92;
    /** r[A] = a box of p[B] of prim kind C (0 Int, 1 Float, 2 Bool, 3 Char). */
    public static final int BOX = 93;
    /** p[A] = the value in box r[B] ("unexpected null" if null). */
    public static final int UNBOX = 94;
    /** p[A] = whether r[B] is non-null and its dynamic type is type ext[0]; 1 ext word. */
    public static final int ISTYPE = 95;
    /** r[A] = r[B] if null or of type ext[0], else runtime error "cannot cast"; 1 ext word. */
    public static final int CAST = 96;

    // ---- arrays ([T]: a header object with length and backing store)
    /** r[A] = a new array of p[B] zero/null elements, element class C (0 Int, 1 Float, 2 Bool, 3 Char, 4 ref). */
    public static final int NEWARR = 100;
    /** p[A] = length of array r[B]. */
    public static final int ALEN = 101;
    /** p[A] = r[B][p[C]] (bounds-checked). */
    public static final int AGETP = 102;
    /** r[A] = r[B][p[C]]. */
    public static final int AGETR = 103;
    /** r[A][p[B]] = p[C]. */
    public static final int ASETP = 104;
    /** r[A][p[B]] = r[C] (write barrier). */
    public static final int ASETR = 105;
    /** r[A].push(p[B]). */
    public static final int APUSHP = 106;
    /** r[A].push(r[B]). */
    public static final int APUSHR = 107;

    // ---- strings (immutable UTF-8)
    /** p[A] = byte length of string r[B]. */
    public static final int SLEN = 110;
    /** r[A] = r[B] + r[C]. */
    public static final int CONCAT = 111;
    /** r[A] = r[B] + r[B+1] + … + r[B+C-1] (one allocation). */
    public static final int CONCATN = 112;
    /** r[A] = the text of p[B], prim kind C (0 Int, 1 Float, 2 Bool, 3 Char) as {@code str} prints it. */
    public static final int TOSTRP = 113;
    /** r[A] = the text of r[B] as {@code str} prints it ("null" for null), by its dynamic type. */
    public static final int TOSTRR = 114;
    /**
     * String iteration step: p[A] = the char that starts at byte offset p[C] of r[B]; p[C] += its
     * UTF-8 length. The caller compares p[C] with the length first.
     */
    public static final int SNEXT = 115;

    /** The number of opcode values (all below this). */
    public static final int COUNT = 120;

    private static final String[] NAMES = new String[COUNT];
    private static final int[] EXT = new int[COUNT];

    static {
        for (java.lang.reflect.Field f : Op.class.getFields()) {
            if (f.getType() == int.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())
                    && !f.getName().equals("COUNT") && !f.getName().startsWith("KIND_")) {
                try {
                    NAMES[f.getInt(null)] = f.getName();
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        for (int op : new int[] {JLTI, JLEI, JEQI, JNEI, CALL, CALLC, CALLB, CASTV, ISTYPE, CAST}) {
            EXT[op] = 1;
        }
    }

    /** The mnemonic of {@code op}, or null if it is not an opcode. */
    public static String name(int op) {
        return op >= 0 && op < COUNT ? NAMES[op] : null;
    }

    /** Whether {@code op} is an opcode. */
    public static boolean valid(int op) {
        return name(op) != null;
    }

    /** The words an instruction occupies, given its first word (and, for SWITCH, its table size). */
    public static int size(int word) {
        int op = word & 0xFF;
        if (op == SWITCH) {
            return 1 + (word >>> 16);
        }
        return 1 + EXT[op];
    }

    // ---- encoders
    public static int abc(int op, int a, int b, int c) {
        return op | (a & 0xFF) << 8 | (b & 0xFF) << 16 | (c & 0xFF) << 24;
    }

    public static int asbx(int op, int a, int sbx) {
        return op | (a & 0xFF) << 8 | (sbx & 0xFFFF) << 16;
    }

    public static int sj(int op, int sj) {
        return op | sj << 8;
    }

    // ---- decoders
    public static int op(int w) {
        return w & 0xFF;
    }

    public static int a(int w) {
        return (w >>> 8) & 0xFF;
    }

    public static int b(int w) {
        return (w >>> 16) & 0xFF;
    }

    public static int c(int w) {
        return w >>> 24;
    }

    /** Signed C (ADDIK). */
    public static int sc(int w) {
        return w >> 24;
    }

    public static int sbx(int w) {
        return w >> 16;
    }

    public static int bx(int w) {
        return w >>> 16;
    }

    public static int sj(int w) {
        return w >> 8;
    }

    /** Prim kind codes used by BOX, TOSTRP and NEWARR. */
    public static final int KIND_INT = 0;
    public static final int KIND_FLOAT = 1;
    public static final int KIND_BOOL = 2;
    public static final int KIND_CHAR = 3;
    /** Element class of a reference array (NEWARR). */
    public static final int KIND_REF = 4;
}
