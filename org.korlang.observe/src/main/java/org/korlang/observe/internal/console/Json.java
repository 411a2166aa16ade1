package org.korlang.observe.internal.console;

import java.util.Collection;
import java.util.Locale;

/**
 * A minimal JSON writer for the console's endpoint: objects, arrays, strings (escaped for JSON and
 * safe inside HTML: {@code <}, {@code >} and {@code &} as {@code \\u} escapes), numbers, booleans and
 * null. Commas are placed by the writer; callers only open, name and close.
 */
final class Json {

    private final StringBuilder out = new StringBuilder(4096);
    /** Whether the next value in the open container needs a comma before it. */
    private boolean comma;

    Json open() {
        value();
        out.append('{');
        comma = false;
        return this;
    }

    Json close() {
        out.append('}');
        comma = true;
        return this;
    }

    Json openArray() {
        value();
        out.append('[');
        comma = false;
        return this;
    }

    Json closeArray() {
        out.append(']');
        comma = true;
        return this;
    }

    /** The name of the next member of an object. */
    Json name(String name) {
        value();
        string(name);
        out.append(':');
        comma = false;
        return this;
    }

    Json value(String s) {
        value();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        comma = true;
        return this;
    }

    Json value(long n) {
        value();
        out.append(n);
        comma = true;
        return this;
    }

    Json value(double d) {
        value();
        out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null");
        comma = true;
        return this;
    }

    Json value(boolean b) {
        value();
        out.append(b);
        comma = true;
        return this;
    }

    Json nullValue() {
        value();
        out.append("null");
        comma = true;
        return this;
    }

    Json strings(Collection<String> values) {
        openArray();
        values.forEach(this::value);
        return closeArray();
    }

    Json longs(Collection<? extends Number> values) {
        openArray();
        values.forEach(v -> value(v.longValue()));
        return closeArray();
    }

    private void value() {
        if (comma) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
