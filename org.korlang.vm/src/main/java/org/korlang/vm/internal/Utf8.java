package org.korlang.vm.internal;

import org.korlang.gc.vmaccess.Raw;

/** UTF-8 decoding of heap strings (which are valid UTF-8: every boundary that makes one checks it). */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Decodes the char starting at byte {@code i} of string {@code s} (length {@code n}); returns the
     * code point in the low 32 bits and its byte length in the high 32. A malformed sequence (which
     * no valid string holds) decodes as U+FFFD of length 1.
     */
    static long decodeAt(long s, long i, long n) {
        long base = s + Strings.DATA;
        int b0 = Raw.getByte(base + i) & 0xFF;
        int len;
        int cp;
        if (b0 < 0x80) {
            return b0 | (1L << 32);
        } else if (b0 >= 0xC2 && b0 < 0xE0) {
            len = 2;
            cp = b0 & 0x1F;
        } else if (b0 >= 0xE0 && b0 < 0xF0) {
            len = 3;
            cp = b0 & 0x0F;
        } else if (b0 >= 0xF0 && b0 < 0xF5) {
            len = 4;
            cp = b0 & 0x07;
        } else {
            return 0xFFFD | (1L << 32);
        }
        if (i + len > n) {
            return 0xFFFD | (1L << 32);
        }
        for (int k = 1; k < len; k++) {
            int b = Raw.getByte(base + i + k) & 0xFF;
            if ((b & 0xC0) != 0x80) {
                return 0xFFFD | (1L << 32);
            }
            cp = cp << 6 | (b & 0x3F);
        }
        return cp | ((long) len << 32);
    }
}
