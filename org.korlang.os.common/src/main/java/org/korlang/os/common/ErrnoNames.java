package org.korlang.os.common;

import java.util.Arrays;
import java.util.Map;

/*
 * One kernel's errno numbering: number → symbolic name.
 *
 * Stored as a dense array indexed by number (errno values are small: Linux < 134, Darwin < 107).
 * A number the table does not name is reported as "E<n>", so that an unexpected errno is still
 * visible and never confused with a known one.
 */

/** The symbolic names of one kernel's errno values. */
public final class ErrnoNames {
    private final String[] names;

    private ErrnoNames(String[] names) {
        this.names = names;
    }

    /** A table from number to name; numbers must be positive. */
    public static ErrnoNames of(Map<Integer, String> byNumber) {
        int max = byNumber.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        String[] names = new String[max + 1];
        byNumber.forEach((number, name) -> {
            if (number <= 0) {
                throw new IllegalArgumentException("errno numbers are positive: " + number);
            }
            names[number] = name;
        });
        return new ErrnoNames(names);
    }

    /** The name of {@code errno}, or {@code "E<n>"} for a number this table does not know. */
    public String name(int errno) {
        if (errno > 0 && errno < names.length && names[errno] != null) {
            return names[errno];
        }
        return "E" + errno;
    }

    /** The number whose name is {@code name}, or -1. */
    public int number(String name) {
        return Arrays.asList(names).indexOf(name);
    }
}
