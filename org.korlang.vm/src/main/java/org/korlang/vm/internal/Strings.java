package org.korlang.vm.internal;

import java.nio.charset.StandardCharsets;

import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.RawMutator;

/**
 * Korlang strings in the heap: 1-byte primitive arrays of UTF-8 (length word = byte count, bytes from
 * offset 16). Helpers to make them from Java bytes and read them back; allocation is a safepoint.
 */
public final class Strings {

    static final int DATA = 16;

    private Strings() {
    }

    /** A new heap string holding {@code utf8}. */
    public static long allocate(RawMutator raw, RuntimeTypes types, byte[] utf8) {
        long s = raw.allocateArrayRaw(types.string, utf8.length);
        Raw.copyFromArray(utf8, 0, s + DATA, utf8.length);
        return s;
    }

    public static long allocate(RawMutator raw, RuntimeTypes types, String text) {
        return allocate(raw, types, text.getBytes(StandardCharsets.UTF_8));
    }

    public static int length(long s) {
        return (int) Raw.getLong(s + 8);
    }

    public static byte[] bytes(long s) {
        int n = length(s);
        byte[] b = new byte[n];
        Raw.copyToArray(s + DATA, b, 0, n);
        return b;
    }

    public static String text(long s) {
        return new String(bytes(s), StandardCharsets.UTF_8);
    }

    public static boolean equal(long a, long b) {
        if (a == b) {
            return true;
        }
        if (a == 0 || b == 0) {
            return false;
        }
        long n = Raw.getLong(a + 8);
        if (n != Raw.getLong(b + 8)) {
            return false;
        }
        long i = 0;
        for (; i + 8 <= n; i += 8) {
            if (Raw.getLong(a + DATA + i) != Raw.getLong(b + DATA + i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (Raw.getByte(a + DATA + i) != Raw.getByte(b + DATA + i)) {
                return false;
            }
        }
        return true;
    }
}
