package org.korlang.os.common;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/*
 * Translates a portable enum (one constant or a set of them) into one kernel's bits.
 *
 * The codec is built from a complete map: every constant of the enum must have a value, so a table
 * that forgets one fails when it is built (at class initialisation of the port), not when a caller
 * happens to pass the forgotten flag. Values are looked up by ordinal in an int array.
 */

/** Maps the constants of a portable enum to one kernel's numeric values. */
public final class FlagCodec<E extends Enum<E>> {
    private final Class<E> type;
    private final int[] values;

    private FlagCodec(Class<E> type, int[] values) {
        this.type = type;
        this.values = values;
    }

    /** A codec for {@code type}; {@code values} must name every constant of the enum. */
    public static <E extends Enum<E>> FlagCodec<E> of(Class<E> type, Map<E, Integer> values) {
        Objects.requireNonNull(type, "type");
        EnumMap<E, Integer> complete = new EnumMap<>(type);
        complete.putAll(values);
        E[] constants = type.getEnumConstants();
        int[] table = new int[constants.length];
        for (E constant : constants) {
            Integer value = complete.get(constant);
            if (value == null) {
                throw new IllegalArgumentException("kernel table has no value for " + type.getSimpleName() + "." + constant);
            }
            table[constant.ordinal()] = value;
        }
        return new FlagCodec<>(type, table);
    }

    /** The value of one constant. */
    public int value(E constant) {
        Objects.requireNonNull(constant, () -> type.getSimpleName() + " must not be null");
        return values[constant.ordinal()];
    }

    /** The bitwise or of the values of every constant in {@code set}. */
    public int bits(Set<E> set) {
        Objects.requireNonNull(set, () -> "set of " + type.getSimpleName() + " must not be null");
        int bits = 0;
        for (E constant : set) {
            bits |= value(constant);
        }
        return bits;
    }
}
