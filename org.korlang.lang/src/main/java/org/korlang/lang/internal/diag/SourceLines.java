package org.korlang.lang.internal.diag;

import java.util.Arrays;

/**
 * The line structure of a source text: where each line starts, so that a diagnostic can quote
 * its line. Line terminators are {@code \n}, {@code \r\n} and a lone {@code \r}; the quoted text
 * excludes them.
 */
public final class SourceLines {
    private final String text;
    private int[] starts = new int[16];
    private int count;

    public SourceLines(String text) {
        this.text = text;
        add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                add(i + 1);
            } else if (c == '\r') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                add(i + 1);
            }
        }
    }

    private void add(int start) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = start;
    }

    /** The 1-based line and column (in code points) of a char offset. */
    public org.korlang.lang.internal.typed.Pos positionOf(int offset) {
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        int col = text.codePointCount(starts[lo], Math.min(offset, text.length())) + 1;
        return new org.korlang.lang.internal.typed.Pos(lo + 1, col);
    }

    public int lineCount() {
        return count;
    }

    /** The text of 1-based {@code line} without its terminator. */
    public String lineText(int line) {
        int start = starts[line - 1];
        int end = line < count ? starts[line] : text.length();
        while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(start, end);
    }
}
