package org.korlang.sync;

import java.nio.ByteBuffer;

/*
 * One cache line (64 bytes, 64-byte aligned) of native memory handed out by the FutexArena:
 * the unit of allocation for every primitive. A primitive keeps all its words in its own line,
 * so two primitives never share a cache line (no false sharing between unrelated locks) and a
 * line is freed as a whole when its owner becomes unreachable.
 *
 * Word i of a line is the 4 bytes at byte offset 4*i; a 64-bit cell uses an 8-aligned offset.
 * The line knows its slab's buffer (the accessor that checks bounds and alignment), its byte
 * offset in that buffer and its native address (what the kernel's futex calls are given).
 */
final class Line {
    /** Bytes per line; also the alignment of every line. */
    static final int BYTES = 64;
    /** 32-bit words per line. */
    static final int WORDS = BYTES / Integer.BYTES;

    final Slab slab;
    /** Index of this line in its slab. */
    final int index;
    /** The slab's buffer (shared by all lines of the slab; absolute indexes only). */
    final ByteBuffer buffer;
    /** Byte offset of this line's first byte in {@link #buffer}. */
    final int offset;
    /** Native address of this line's first byte. */
    final long address;

    Line(Slab slab, int index) {
        this.slab = slab;
        this.index = index;
        this.buffer = slab.buffer;
        this.offset = index * BYTES;
        this.address = slab.address + offset;
    }

    /** Byte offset in {@link #buffer} of 32-bit word {@code word}. */
    int wordOffset(int word) {
        checkWord(word);
        return offset + word * Integer.BYTES;
    }

    /** Native address of 32-bit word {@code word}. */
    long wordAddress(int word) {
        checkWord(word);
        return address + (long) word * Integer.BYTES;
    }

    private static void checkWord(int word) {
        if (word < 0 || word >= WORDS) {
            throw new IndexOutOfBoundsException("word " + word + " outside a line of " + WORDS + " words");
        }
    }
}
