package org.korlang.lang.bytecode;

/**
 * A reference constant, interned into the heap when the program loads ({@link Op#LOADKR}).
 *
 * @param kind   what to intern
 * @param text   STRING: its text
 * @param layout VARIANT: a variant layout without fields (its one shared value); CLOSURE: a closure
 *               layout without captures (a named function used as a value)
 */
public record RefConstant(Kind kind, String text, int layout) {

    public enum Kind { STRING, VARIANT, CLOSURE }

    public static RefConstant string(String text) {
        return new RefConstant(Kind.STRING, text, -1);
    }

    public static RefConstant variant(int layout) {
        return new RefConstant(Kind.VARIANT, null, layout);
    }

    public static RefConstant closure(int layout) {
        return new RefConstant(Kind.CLOSURE, null, layout);
    }
}
