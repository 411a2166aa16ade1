package org.korlang.vm.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import org.korlang.gc.vmaccess.Raw;
import org.korlang.lang.bytecode.EnumDesc;
import org.korlang.lang.bytecode.Layout;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.TypeDesc;

/**
 * Operations on values by their dynamic (heap) type: the text {@code print}/{@code str}/{@code @{}}
 * show, value equality ({@link Op#EQV}) and type tests ({@link Op#ISTYPE}). None allocates in the heap
 * (text is built in a Java buffer and then copied into one heap string by the caller), so raw
 * references stay valid throughout.
 *
 * <h2>Text</h2>
 * As docs/language.md §13 (D52, D53, D38): integers in decimal; floats as the shortest text that
 * reads back to the same double ({@link FloatFormat}); {@code true}/{@code false}; chars and strings
 * as their text at top level but quoted and escaped inside containers ({@code ["a", 'b']});
 * {@code null}; arrays {@code [1, 2]}; structs {@code Point { x: 1.0, y: 2.0 }}; enum values
 * {@code Shape.Circle(…)} or {@code Color.Red}; tuples {@code (1, "a")}; functions {@code <fun>}; the
 * stdlib's collections by their contents in iteration order — Map {@code {"a": 1}} (empty
 * {@code {:}}), Set {@code {1, 2}} (empty {@code {}}), Deque {@code Deque[1, 2]}. An
 * object reached again through a cycle (or nested deeper than {@link #MAX_DEPTH}) prints as
 * {@code ...}.
 */
public final class Values {

    static final byte[] NULL_TEXT = "null".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_DEPTH = 64;

    private Values() {
    }

    /** The text of a primitive of kind {@code kind} (Op.KIND_*). */
    public static byte[] primText(long bits, int kind) {
        return switch (kind) {
            case Op.KIND_INT -> Long.toString(bits).getBytes(StandardCharsets.US_ASCII);
            case Op.KIND_FLOAT -> FloatFormat.text(Double.longBitsToDouble(bits)).getBytes(StandardCharsets.US_ASCII);
            case Op.KIND_BOOL -> (bits != 0 ? "true" : "false").getBytes(StandardCharsets.US_ASCII);
            default -> new String(Character.toChars((int) bits)).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The text of a reference (null included). */
    public static byte[] text(Interpreter in, long ref) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(in, out, ref, 0, new java.util.HashSet<>());
        return out.toByteArray();
    }

    /** A primitive inside a container: chars quoted. */
    private static void nestedPrim(ByteArrayOutputStream out, long bits, int kind) {
        if (kind == Op.KIND_CHAR) {
            out.write('\'');
            escape(out, new String(Character.toChars((int) bits)), '\'');
            out.write('\'');
        } else {
            out.writeBytes(primText(bits, kind));
        }
    }

    private static void escape(ByteArrayOutputStream out, String s, char quote) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 0 -> sb.append("\\0");
                default -> {
                    if (cp == quote) {
                        sb.append('\\').append((char) cp);
                    } else if (cp < 0x20 || cp == 0x7F) {
                        sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        ascii(out, sb.toString());
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Interpreter in, ByteArrayOutputStream out, long ref, int depth, java.util.Set<Long> path) {
        if (ref == 0) {
            out.writeBytes(NULL_TEXT);
            return;
        }
        RuntimeTypes rt = in.rt;
        int t = (int) (Raw.getLong(ref) >>> 32);
        if (t == rt.string.id()) {
            if (depth == 0) {
                out.writeBytes(Strings.bytes(ref));
            } else {
                out.write('"');
                escape(out, Strings.text(ref), '"');
                out.write('"');
            }
            return;
        }
        if (depth > MAX_DEPTH || path.contains(ref)) {
            ascii(out, "...");
            return;
        }
        int box = rt.boxKind(t);
        if (box >= 0) {
            if (depth == 0) {
                out.writeBytes(primText(Raw.getLong(ref + 8), box));
            } else {
                nestedPrim(out, Raw.getLong(ref + 8), box);
            }
            return;
        }
        path.add(ref);
        try {
            int arr = rt.arrayKind(t);
            if (arr >= 0) {
                long n = Raw.getLong(ref + 8);
                long back = Raw.getLong(ref + 16);
                out.write('[');
                for (long i = 0; i < n; i++) {
                    if (i > 0) {
                        ascii(out, ", ");
                    }
                    long e = Raw.getLong(back + 16 + 8 * i);
                    if (arr == Op.KIND_REF) {
                        write(in, out, e, depth + 1, path);
                    } else {
                        nestedPrim(out, e, arr);
                    }
                }
                out.write(']');
                return;
            }
            Program p = in.program.program;
            int li = in.program.layoutOf(t);
            if (li < 0) {
                ascii(out, "<object>");
                return;
            }
            Layout l = p.layouts().get(li);
            switch (l.kind()) {
                case CLOSURE -> ascii(out, "<fun>");
                case CELL -> field(in, out, ref, l, 0, depth, path);
                case STRUCT -> {
                    if (collection(in, out, ref, l, depth, path)) {
                        return;
                    }
                    ascii(out, l.name());
                    if (l.fieldTypes().length == 0) {
                        ascii(out, " {}");
                        return;
                    }
                    ascii(out, " { ");
                    for (int f = 0; f < l.fieldTypes().length; f++) {
                        if (f > 0) {
                            ascii(out, ", ");
                        }
                        ascii(out, l.fieldNames()[f] + ": ");
                        field(in, out, ref, l, f, depth, path);
                    }
                    ascii(out, " }");
                }
                case VARIANT, TUPLE -> {
                    if (l.kind() == Layout.Kind.VARIANT) {
                        ascii(out, l.name());
                        if (l.fieldTypes().length == 0) {
                            return;
                        }
                    }
                    out.write('(');
                    for (int f = 0; f < l.fieldTypes().length; f++) {
                        if (f > 0) {
                            ascii(out, ", ");
                        }
                        field(in, out, ref, l, f, depth, path);
                    }
                    out.write(')');
                }
            }
        } finally {
            path.remove(ref);
        }
    }

    /**
     * The stdlib's collections (structs of collections.kor; a program cannot declare a type with
     * these names) print by their contents, not their representation: {@code {"a": 1, "b": 2}}
     * (empty {@code {:}}), {@code {1, 2}} (empty {@code {}}), {@code Deque[1, 2]}, in iteration order.
     * Returns false for any other struct.
     */
    private static boolean collection(Interpreter in, ByteArrayOutputStream out, long ref, Layout l, int depth,
            java.util.Set<Long> path) {
        switch (l.name()) {
            case "Map" -> {
                long ks = refField(ref, l, "ks");
                long vs = refField(ref, l, "vs");
                long live = refField(ref, l, "live");
                long n = Raw.getLong(ks + 8);
                int written = 0;
                out.write('{');
                for (long i = 0; i < n; i++) {
                    if (element(live, i) == 0) {
                        continue;
                    }
                    if (written++ > 0) {
                        ascii(out, ", ");
                    }
                    writeElement(in, out, ks, i, depth, path);
                    ascii(out, ": ");
                    writeElement(in, out, vs, i, depth, path);
                }
                if (written == 0) {
                    out.write(':');
                }
                out.write('}');
                return true;
            }
            case "Set" -> {
                long map = refField(ref, l, "map");
                Layout ml = in.program.program.layouts().get(in.program.layoutOf((int) (Raw.getLong(map) >>> 32)));
                long ks = refField(map, ml, "ks");
                long live = refField(map, ml, "live");
                long n = Raw.getLong(ks + 8);
                int written = 0;
                out.write('{');
                for (long i = 0; i < n; i++) {
                    if (element(live, i) != 0) {
                        if (written++ > 0) {
                            ascii(out, ", ");
                        }
                        writeElement(in, out, ks, i, depth, path);
                    }
                }
                out.write('}');
                return true;
            }
            case "Deque" -> {
                long items = refField(ref, l, "items");
                long head = Raw.getLong(ref + 8 + 8L * l.slotOf(fieldIndex(l, "head")));
                long n = Raw.getLong(items + 8);
                ascii(out, "Deque[");
                for (long i = head; i < n; i++) {
                    if (i > head) {
                        ascii(out, ", ");
                    }
                    writeElement(in, out, items, i, depth, path);
                }
                out.write(']');
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static int fieldIndex(Layout l, String name) {
        String[] names = l.fieldNames();
        for (int f = 0; f < names.length; f++) {
            if (names[f].equals(name)) {
                return f;
            }
        }
        throw new IllegalStateException("collection layout " + l.name() + " has no field " + name);
    }

    /** A reference field by name (the collections' arrays are never null). */
    private static long refField(long ref, Layout l, String name) {
        return Raw.getLong(ref + 8 + 8L * l.slotOf(fieldIndex(l, name)));
    }

    /** The raw bits of element {@code i} of an array. */
    private static long element(long array, long i) {
        return Raw.getLong(Raw.getLong(array + 16) + 16 + 8 * i);
    }

    /** Element {@code i} of an array, as inside a container. */
    private static void writeElement(Interpreter in, ByteArrayOutputStream out, long array, long i, int depth,
            java.util.Set<Long> path) {
        int kind = in.rt.arrayKind((int) (Raw.getLong(array) >>> 32));
        long e = element(array, i);
        if (kind == Op.KIND_REF) {
            write(in, out, e, depth + 1, path);
        } else {
            nestedPrim(out, e, kind);
        }
    }

    private static void field(Interpreter in, ByteArrayOutputStream out, long ref, Layout l, int f, int depth,
            java.util.Set<Long> path) {
        long bits = Raw.getLong(ref + 8 + 8L * l.slotOf(f));
        TypeDesc type = in.program.program.type(l.fieldTypes()[f]);
        if (type.isPrim()) {
            nestedPrim(out, bits, type.primCode());
        } else {
            write(in, out, bits, depth + 1, path);
        }
    }

    /** Value equality ({@link Op#EQV}); iterative, so deep enum chains cannot overflow the Java stack. */
    public static boolean equal(Interpreter in, long a, long b) {
        ArrayDeque<long[]> work = new ArrayDeque<>();
        work.push(new long[] {a, b});
        RuntimeTypes rt = in.rt;
        while (!work.isEmpty()) {
            long[] pair = work.pop();
            long x = pair[0];
            long y = pair[1];
            if (x == y) {
                continue;
            }
            if (x == 0 || y == 0) {
                return false;
            }
            long hx = Raw.getLong(x) >>> 32;
            long hy = Raw.getLong(y) >>> 32;
            if (hx != hy) {
                return false;
            }
            int t = (int) hx;
            if (t == rt.string.id()) {
                if (!Strings.equal(x, y)) {
                    return false;
                }
                continue;
            }
            int box = rt.boxKind(t);
            if (box >= 0) {
                long vx = Raw.getLong(x + 8);
                long vy = Raw.getLong(y + 8);
                if (box == Op.KIND_FLOAT ? Double.longBitsToDouble(vx) != Double.longBitsToDouble(vy) : vx != vy) {
                    return false;
                }
                continue;
            }
            int li = in.program.layoutOf(t);
            if (li < 0) {
                return false; // arrays and foreign objects: identity, and x != y
            }
            Layout l = in.program.program.layouts().get(li);
            if (l.kind() != Layout.Kind.VARIANT && l.kind() != Layout.Kind.TUPLE) {
                return false; // structs, closures, cells: identity
            }
            for (int f = 0; f < l.fieldTypes().length; f++) {
                long off = 8 + 8L * l.slotOf(f);
                TypeDesc type = in.program.program.type(l.fieldTypes()[f]);
                long vx = Raw.getLong(x + off);
                long vy = Raw.getLong(y + off);
                if (type.isPrim()) {
                    if (type.kind() == TypeDesc.Kind.FLOAT ? Double.longBitsToDouble(vx) != Double.longBitsToDouble(vy)
                            : vx != vy) {
                        return false;
                    }
                } else {
                    work.push(new long[] {vx, vy});
                }
            }
        }
        return true;
    }

    /** Whether {@code ref} is non-null and of program type {@code type} (types the verifier allows). */
    public static boolean isOfType(Interpreter in, long ref, int type) {
        if (ref == 0) {
            return false;
        }
        int t = (int) (Raw.getLong(ref) >>> 32);
        TypeDesc d = in.program.program.type(type);
        return switch (d.kind()) {
            case STRING -> t == in.rt.string.id();
            case BOX -> t == in.rt.boxes[d.arg()].id();
            case OBJECT -> t == in.program.layoutTypes[d.arg()].id();
            case ENUM -> {
                EnumDesc e = in.program.program.enums().get(d.arg());
                for (int v : e.variants()) {
                    if (in.program.layoutTypes[v].id() == t) {
                        yield true;
                    }
                }
                yield false;
            }
            case ANY -> true;
            case TASK -> t == in.rt.task.id();
            case CHANNEL -> t == in.rt.channel.id();
            default -> false;
        };
    }

    /** The printable dynamic type of a non-null reference. */
    public static String typeName(Interpreter in, long ref) {
        int t = (int) (Raw.getLong(ref) >>> 32);
        RuntimeTypes rt = in.rt;
        if (t == rt.string.id()) {
            return "String";
        }
        if (rt.boxKind(t) >= 0) {
            return RuntimeTypes.KIND_NAMES[rt.boxKind(t)];
        }
        if (rt.arrayKind(t) >= 0) {
            return "array";
        }
        if (t == rt.task.id()) {
            return "Task";
        }
        if (t == rt.channel.id()) {
            return "Channel";
        }
        int li = in.program.layoutOf(t);
        return li < 0 ? "object" : in.program.program.layouts().get(li).name();
    }

    /** A printable name of a program type. */
    public static String staticTypeName(Program p, int type) {
        TypeDesc d = p.type(type);
        return switch (d.kind()) {
            case INT -> "Int";
            case FLOAT -> "Float";
            case BOOL -> "Bool";
            case CHAR -> "Char";
            case VOID -> "Void";
            case STRING -> "String";
            case ANY -> "Any";
            case BOX -> RuntimeTypes.KIND_NAMES[d.arg()] + "?";
            case ARRAY -> "[" + staticTypeName(p, d.arg()) + "]";
            case OBJECT -> p.layouts().get(d.arg()).name();
            case ENUM -> p.enums().get(d.arg()).name();
            case FUNC -> "function";
            case TASK -> "Task<" + staticTypeName(p, d.arg()) + ">";
            case CHANNEL -> "Channel<" + staticTypeName(p, d.arg()) + ">";
        };
    }
}
