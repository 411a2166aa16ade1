package org.korlang.vm.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.korlang.gc.RootArea;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.VmAccess;
import org.korlang.lang.bytecode.Builtin;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.TypeDesc;
import org.korlang.vm.Console;

/**
 * The builtins ({@link Builtin}, called by {@link Op#CALLB}): the prelude and the methods of String
 * and arrays. Each reads its arguments from the caller's registers and writes its result into
 * register C, always through the current chunk's re-read address and the frame offsets the
 * interpreter saved before the call — so an allocation (a safepoint that may move the chunk) in the
 * middle of a builtin is harmless. A builtin that must keep a new object across a second allocation
 * keeps it in a register (the result register) or a scratch word above the frame ({@link Stack#SCRATCH}).
 *
 * <p>Output is buffered here (8 KiB) and handed to the {@link Console} when full, at a newline if the
 * console is interactive (a terminal), on {@code readLine}, before standard-error output, at exit and
 * before a runtime error report. The stdlib's system builtins (issue #13) are in
 * {@link StdlibBuiltins}; {@code readLine} and every other call that may block in the kernel go
 * through {@link StdlibBuiltins#blocking}.
 */
public final class Builtins {

    private final Console console;
    /** stdlib (#13): the system builtins (files, environment, clocks, heap, …). */
    private final StdlibBuiltins stdlib;
    private final byte[] out = new byte[8192];
    private int outCount;
    /** Exit code requested by {@code exit(n)}, or -1. */
    int exitRequested = -1;

    public Builtins(Console console) {
        this(console, null, null, java.util.List.of());
    }

    /**
     * Builtins whose stdlib part reaches the kernel through {@code os} (null: the stdlib's system
     * builtins fail with a runtime error) and sees {@code heap} and the program's {@code args}.
     */
    public Builtins(Console console, org.korlang.os.Os os, org.korlang.gc.Heap heap, java.util.List<String> args) {
        this.console = console;
        this.stdlib = new StdlibBuiltins(this, console, os, heap, args);
    }

    // ------------------------------------------------------------------------ output

    synchronized void emit(byte[] bytes) {
        if (bytes.length > out.length - outCount) {
            flush();
            if (bytes.length > out.length) {
                console.write(bytes, 0, bytes.length);
                return;
            }
        }
        System.arraycopy(bytes, 0, out, outCount, bytes.length);
        outCount += bytes.length;
    }

    synchronized void emit(byte b) {
        if (outCount == out.length) {
            flush();
        }
        out[outCount++] = b;
    }

    public synchronized void flush() {
        if (outCount > 0) {
            console.write(out, 0, outCount);
            outCount = 0;
        }
        console.flush();
    }

    // ------------------------------------------------------------------------ frame access

    static long cb(Interpreter in) {
        return VmAccess.address(in.stack.currentChunk());
    }

    static long ref(Interpreter in, int reg) {
        return Raw.getLong(cb(in) + in.savedRbOff + 8L * reg);
    }

    static long prim(Interpreter in, int reg) {
        return Raw.getLong(cb(in) + in.savedPbOff + 8L * reg);
    }

    static double flt(Interpreter in, int reg) {
        return Double.longBitsToDouble(prim(in, reg));
    }

    static void setRef(Interpreter in, int reg, long v) {
        Raw.putLong(cb(in) + in.savedRbOff + 8L * reg, v);
    }

    static void setPrim(Interpreter in, int reg, long v) {
        Raw.putLong(cb(in) + in.savedPbOff + 8L * reg, v);
    }

    static void setFloat(Interpreter in, int reg, double v) {
        setPrim(in, reg, Double.doubleToRawLongBits(v));
    }

    /** Keeps {@code v} in scratch word {@code i} above the frame, as a root. */
    static void scratch(Interpreter in, int i, long v) {
        RootArea c = in.stack.currentChunk();
        long ca = VmAccess.address(c);
        long word = in.savedRbOff + in.savedFn.refBytes + 8L * i;
        Raw.putLong(ca + word, v);
        long live = (word + 8 - VmAccess.AREA_ROOTS) >> 3;
        if (Raw.getLong(ca + VmAccess.AREA_LIVE) < live) {
            Raw.putLong(ca + VmAccess.AREA_LIVE, live);
        }
    }

    static long scratch(Interpreter in, int i) {
        return Raw.getLong(cb(in) + in.savedRbOff + in.savedFn.refBytes + 8L * i);
    }

    static String str(Interpreter in, int reg) {
        long s = ref(in, reg);
        if (s == 0) {
            throw new KorlangError("null value");
        }
        return Strings.text(s);
    }

    static void setString(Interpreter in, int reg, String text) {
        long s = Strings.allocate(in.raw, in.rt, text);
        setRef(in, reg, s);
    }

    // ------------------------------------------------------------------------ dispatch

    /**
     * Runs builtin {@code id}; returns 0, or non-zero when a task builtin (#12) parked the calling
     * task (then the interpreter returns {@link Interpreter#SUSPENDED} without touching the task).
     */
    private static final Builtin[] ALL = Builtin.values();

    int call(Interpreter in, int id, int type, int w) {
        int a = (w >>> 8) & 0xFF;
        int b = (w >>> 16) & 0xFF;
        int c = w >>> 24;
        Builtin bi = ALL[id]; // the verifier proved the id
        if (bi.ordinal() >= Builtin.SPAWN.ordinal() && bi.ordinal() <= Builtin.SLEEP.ordinal()) {
            return in.task.runtime.builtin(in, bi, type, a, b, c) ? 1 : 0; // tasks and channels (#12)
        }
        switch (bi) {
            case PRINT, PRINTLN -> {
                TypeDesc t = in.program.program.type(type);
                byte[] text = t.isPrim() ? Values.primText(prim(in, b), t.primCode()) : Values.text(in, ref(in, a));
                synchronized (this) { // one line stays whole when tasks print at once
                    emit(text);
                    if (bi == Builtin.PRINTLN) {
                        emit((byte) '\n');
                        if (console.interactive()) {
                            flush();
                        }
                    }
                }
            }
            case READLINE -> {
                flush();
                byte[] line = stdlib.blocking(in, console::readLine);
                if (line == null) {
                    setRef(in, c, 0);
                } else if (!validUtf8(line)) {
                    throw new KorlangError("readLine: standard input is not valid UTF-8");
                } else {
                    setRef(in, c, Strings.allocate(in.raw, in.rt, line));
                }
            }
            case ASSERT -> {
                if (prim(in, b) == 0) {
                    throw new KorlangError("assertion failed: " + str(in, a));
                }
            }
            case ASSERT1 -> {
                if (prim(in, b) == 0) {
                    throw new KorlangError("assertion failed");
                }
            }
            case PANIC -> throw new KorlangError(str(in, a));
            case EXIT -> {
                exitRequested = (int) prim(in, b);
                throw new ExitRequest();
            }
            case POW -> setFloat(in, c, Math.pow(flt(in, b), flt(in, b + 1)));
            case SQRT -> setFloat(in, c, Math.sqrt(flt(in, b)));
            case ABSI -> setPrim(in, c, Math.abs(prim(in, b)));
            case ABSF -> setFloat(in, c, Math.abs(flt(in, b)));
            case MINI -> setPrim(in, c, Math.min(prim(in, b), prim(in, b + 1)));
            case MAXI -> setPrim(in, c, Math.max(prim(in, b), prim(in, b + 1)));
            case MINF -> setFloat(in, c, Math.min(flt(in, b), flt(in, b + 1)));
            case MAXF -> setFloat(in, c, Math.max(flt(in, b), flt(in, b + 1)));
            case FLOOR -> setFloat(in, c, Math.floor(flt(in, b)));
            case CEIL -> setFloat(in, c, Math.ceil(flt(in, b)));
            case NOW -> {
                stdlib.awaitPort(in);
                setPrim(in, c, stdlib.nowMillis());
            }
            case SIN -> setFloat(in, c, Math.sin(flt(in, b)));
            case COS -> setFloat(in, c, Math.cos(flt(in, b)));
            case TAN -> setFloat(in, c, Math.tan(flt(in, b)));
            case ATAN2 -> setFloat(in, c, Math.atan2(flt(in, b), flt(in, b + 1)));
            case EXP -> setFloat(in, c, Math.exp(flt(in, b)));
            case LOG -> setFloat(in, c, Math.log(flt(in, b)));
            case ARRAY_POP -> arrayPop(in, type, a, c);
            case STR_CHARS -> {
                String s = str(in, a);
                int[] cps = s.codePoints().toArray();
                long arr = newPrimArray(in, c, Op.KIND_CHAR, cps.length);
                long back = Raw.getLong(arr + 16);
                for (int i = 0; i < cps.length; i++) {
                    Raw.putLong(back + 16 + 8L * i, cps[i]);
                }
            }
            case STR_CHARCOUNT -> setPrim(in, c, str(in, a).codePointCount(0, str(in, a).length()));
            case STR_SLICE -> {
                String s = str(in, a);
                long from = prim(in, b);
                long to = prim(in, b + 1);
                int n = s.codePointCount(0, s.length());
                if (from < 0 || to > n || from > to) {
                    throw new KorlangError("slice " + from + ".." + to + " out of bounds for length " + n);
                }
                int i = s.offsetByCodePoints(0, (int) from);
                int j = s.offsetByCodePoints(i, (int) (to - from));
                setString(in, c, s.substring(i, j));
            }
            case STR_SPLIT -> {
                String s = str(in, a);
                String sep = str(in, a + 1);
                if (sep.isEmpty()) {
                    throw new KorlangError("empty separator");
                }
                List<String> parts = split(s, sep);
                stringArray(in, c, parts);
            }
            case STR_TRIM -> setString(in, c, str(in, a).strip());
            case STR_REPLACE -> {
                String s = str(in, a);
                String from = str(in, a + 1);
                String to = str(in, a + 2);
                setString(in, c, from.isEmpty() ? insertBetweenChars(s, to) : s.replace(from, to));
            }
            case STR_CONTAINS -> setPrim(in, c, str(in, a).contains(str(in, a + 1)) ? 1 : 0);
            case STR_STARTSWITH -> setPrim(in, c, str(in, a).startsWith(str(in, a + 1)) ? 1 : 0);
            case STR_ENDSWITH -> setPrim(in, c, str(in, a).endsWith(str(in, a + 1)) ? 1 : 0);
            case STR_INDEXOF -> {
                String s = str(in, a);
                int i = s.indexOf(str(in, a + 1));
                setBox(in, c, Op.KIND_INT, i < 0 ? null : (long) s.codePointCount(0, i));
            }
            case STR_TOUPPER -> setString(in, c, asciiCase(str(in, a), true));
            case STR_TOLOWER -> setString(in, c, asciiCase(str(in, a), false));
            case STR_BYTES -> {
                long s = ref(in, a);
                if (s == 0) {
                    throw new KorlangError("null value");
                }
                byte[] bytes = Strings.bytes(s);
                long arr = newPrimArray(in, c, Op.KIND_INT, bytes.length);
                long back = Raw.getLong(arr + 16);
                for (int i = 0; i < bytes.length; i++) {
                    Raw.putLong(back + 16 + 8L * i, bytes[i] & 0xFF);
                }
            }
            case STR_FROMUTF8 -> {
                long arr = ref(in, a);
                if (arr == 0) {
                    throw new KorlangError("null value");
                }
                int n = (int) Raw.getLong(arr + 8);
                long back = Raw.getLong(arr + 16);
                byte[] bytes = new byte[n];
                for (int i = 0; i < n; i++) {
                    long v = Raw.getLong(back + 16 + 8L * i);
                    if (v < 0 || v > 255) {
                        setRef(in, c, 0);
                        return 0;
                    }
                    bytes[i] = (byte) v;
                }
                if (!validUtf8(bytes)) {
                    setRef(in, c, 0);
                } else {
                    setRef(in, c, Strings.allocate(in.raw, in.rt, bytes));
                }
            }
            case STR_TOINT -> {
                String s = str(in, a);
                Long v = parseInt(s);
                setBox(in, c, Op.KIND_INT, v == null ? null : v);
            }
            case STR_TOFLOAT -> {
                Double v = parseFloat(str(in, a));
                setBox(in, c, Op.KIND_FLOAT, v == null ? null : Double.doubleToRawLongBits(v));
            }
            case STR_COMPARE -> {
                long x = ref(in, a);
                long y = ref(in, a + 1);
                if (x == 0 || y == 0) {
                    throw new KorlangError("null value");
                }
                setPrim(in, c, Integer.signum(java.util.Arrays.compareUnsigned(Strings.bytes(x), Strings.bytes(y))));
            }
            default -> stdlib.call(in, bi, type, a, b, c);
        }
        return 0;
    }

    private void setBox(Interpreter in, int reg, int kind, Long bits) {
        if (bits == null) {
            setRef(in, reg, 0);
            return;
        }
        long box = in.raw.allocateRaw(in.rt.boxes[kind]);
        Raw.putLong(box + 8, bits);
        setRef(in, reg, box);
    }

    /** Decimal floats with optional sign, fraction and exponent, or inf/infinity/nan (any case); no spaces. */
    static Double parseFloat(String s) {
        if (s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return Double.parseDouble(s);
        }
        String t = s.toLowerCase(java.util.Locale.ROOT);
        boolean negative = t.startsWith("-");
        String body = t.startsWith("+") || negative ? t.substring(1) : t;
        return switch (body) {
            case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> null;
        };
    }

    /** {@code s.replace("", x)}: x between every two chars and at both ends (as Python and Kotlin do). */
    static String insertBetweenChars(String s, String x) {
        StringBuilder sb = new StringBuilder(x);
        s.codePoints().forEach(cp -> sb.appendCodePoint(cp).append(x));
        return sb.toString();
    }

    /** Decimal integers with an optional sign, no spaces, in range. */
    static Long parseInt(String s) {
        String t = s;
        if (!t.matches("[+-]?\\d+")) {
            return null;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String asciiCase(String s, boolean upper) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (upper && ch >= 'a' && ch <= 'z') {
                ch -= 32;
            } else if (!upper && ch >= 'A' && ch <= 'Z') {
                ch += 32;
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    static List<String> split(String s, String sep) {
        List<String> parts = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
            return parts;
        }
        int from = 0;
        while (true) {
            int i = s.indexOf(sep, from);
            if (i < 0) {
                parts.add(s.substring(from));
                return parts;
            }
            parts.add(s.substring(from, i));
            from = i + sep.length();
        }
    }

    static boolean validUtf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** A new prim array of {@code n} elements stored in register {@code reg}; returns it (valid until the next safepoint). */
    static long newPrimArray(Interpreter in, int reg, int kind, int n) {
        long header = in.raw.allocateRaw(in.rt.arrays[kind]);
        setRef(in, reg, header);
        if (n > 0) {
            long back = in.raw.allocateArrayRaw(in.rt.longs, n);
            header = ref(in, reg);
            in.raw.storeRef(header, header + 16, back);
            Raw.putLong(header + 8, n);
        }
        return ref(in, reg);
    }

    /** A new [String] of {@code parts} in register {@code reg}: the array is kept in scratch while strings are made. */
    static void stringArray(Interpreter in, int reg, List<String> parts) {
        int n = parts.size();
        long header = in.raw.allocateRaw(in.rt.arrays[Op.KIND_REF]);
        scratch(in, 0, header);
        if (n > 0) {
            long back = in.raw.allocateArrayRaw(in.rt.refs, n);
            header = scratch(in, 0);
            in.raw.storeRef(header, header + 16, back);
            Raw.putLong(header + 8, n);
        }
        for (int i = 0; i < n; i++) {
            long s = Strings.allocate(in.raw, in.rt, parts.get(i));
            header = scratch(in, 0);
            long back = Raw.getLong(header + 16);
            in.raw.storeRef(back, back + 16 + 8L * i, s);
        }
        setRef(in, reg, scratch(in, 0));
    }

    private static void arrayPop(Interpreter in, int type, int a, int c) {
        long arr = ref(in, a);
        if (arr == 0) {
            throw new KorlangError("null value");
        }
        long n = Raw.getLong(arr + 8);
        if (n == 0) {
            setRef(in, c, 0);
            return;
        }
        long back = Raw.getLong(arr + 16);
        long slot = back + 16 + 8 * (n - 1);
        long v = Raw.getLong(slot);
        Raw.putLong(arr + 8, n - 1);
        TypeDesc arrayType = in.program.program.type(type);
        TypeDesc elem = in.program.program.type(arrayType.arg());
        if (elem.isRef()) {
            Raw.putLong(slot, 0); // let the element go
            setRef(in, c, v);
        } else {
            long box = in.raw.allocateRaw(in.rt.boxes[elem.primCode()]);
            Raw.putLong(box + 8, v);
            setRef(in, c, box);
        }
    }

    /** A line of stdin, read in the scheduler's blocking section (#12: the worker goes on with other tasks). */
    /** Thrown by {@code exit(n)}: unwinds the interpreter; the run ends with that status. */
    static final class ExitRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExitRequest() {
            super(null, null, false, false);
        }
    }
}
