package org.korlang.gc.spi;

/**
 * The layout of the 64-bit header word that starts every object, and pure functions over it.
 *
 * <pre>
 *  63                        32 31      10   9    8    7   6..3   2    1    0
 * +---------------------------+-----------+-----------+----+----+----+------+----+----+----+
 * |         type id           | refs/kind |   slots   |FIN |PIN |REM | age  |MARK|BUSY|FWD |
 * |                           |  31..26   |  25..10   |    |    |    |      |    |    |    |
 * +---------------------------+-----------+-----------+----+----+----+------+----+----+----+
 *  forwarded (FWD=1):  bits 63..3 = forwarding address (objects are 8-byte aligned)
 * </pre>
 *
 * <ul>
 * <li><b>type id</b> in the high half: one shift extracts it, and a zeroed word (fresh memory) reads
 * as type 0, which is never registered — so a reference into zeroed or poisoned memory is caught
 * by the type check of the access layer.</li>
 * <li><b>FWD</b>: the object has been evacuated; the rest of the word is the new address. Being the
 * lowest bit, an 8-aligned address plus 1 encodes it and every other state bit is then 0.</li>
 * <li><b>BUSY</b>: reserved for a policy that must claim an object exclusively before copying it
 * (e.g. an incremental copier). The generational evacuator does not need it: its GC threads copy
 * speculatively and install FWD with one CAS; the loser of a race discards its copy.</li>
 * <li><b>MARK</b>: set by CAS during marking (parallel markers race on it), cleared by the sweep.</li>
 * <li><b>age</b>: minor collections survived, 0..15 — enough for any tenuring threshold.</li>
 * <li><b>REM</b>: the object is in the remembered set (its old-to-young stores were logged); the barrier
 * tests it to log each object once.</li>
 * <li><b>PIN</b>: the collector must not move the object (it was allocated in a non-moving space).</li>
 * <li><b>FIN</b>: reserved for finalization (not used yet).</li>
 * <li><b>slots</b> and <b>refs/kind</b>: a copy of the type's layout, written at allocation and never
 * changed: for a fixed layout the slot count and which of slots 0..5 hold references; for an
 * array slots = 0 and bits 31..26 hold {@code kind << 2 | log2(element size)}. It lets the mutator
 * validate a field access from the header word alone — one load, no type-table lookup — which is
 * most of what makes checked access affordable. Slots 6 and up, and 0-slot objects, take the
 * type table. Gaps and free cells have all zeros here, so every access to them fails.</li>
 * </ul>
 * Arrays keep their element count in the word after the header (a 64-bit word keeps elements
 * 8-byte aligned).
 */
public final class ObjectHeader {

    private ObjectHeader() {
    }

    public static final long FORWARDED = 1L;
    public static final long BUSY = 1L << 1;
    public static final long MARKED = 1L << 2;
    public static final int AGE_SHIFT = 3;
    public static final long AGE_MASK = 0xFL << AGE_SHIFT;
    public static final int MAX_AGE = 15;
    public static final long REMEMBERED = 1L << 7;
    public static final long PINNED = 1L << 8;
    public static final long FINALIZABLE = 1L << 9;
    /** Bits that a copy of an object keeps; GC state bits are dropped. */
    public static final long COPY_MASK = ~(FORWARDED | BUSY | MARKED | REMEMBERED | AGE_MASK);
    public static final int TYPE_SHIFT = 32;
    public static final int SLOTS_SHIFT = 10;
    public static final long SLOTS_MASK = 0xFFFFL << SLOTS_SHIFT;
    public static final int REFS_SHIFT = 26;
    /** How many leading slots the header's reference bits describe. */
    public static final int HEADER_REF_SLOTS = 6;
    /** The layout cache: slots and refs/kind. */
    public static final long LAYOUT_MASK = 0x3FFFFFL << SLOTS_SHIFT;
    /** Array kind codes in bits 31..26 (with the element shift in the low two bits). */
    public static final int ARRAY_CODE_REFERENCES = 2 << 2 | 3;
    public static final int ARRAY_CODE_PRIMITIVE = 3 << 2;

    /** Type 0: never registered; zeroed memory. */
    public static final int TYPE_INVALID = 0;
    /** A free cell of a free-list space: word 1 holds the next free cell (0 ends the list). */
    public static final int TYPE_FREE_CELL = 1;
    /** A dead gap in a bump space: word 1 holds the gap's total size in bytes (at least 16). */
    public static final int TYPE_FILLER = 2;
    /** A dead 8-byte gap. */
    public static final int TYPE_FILLER_WORD = 3;
    /** The first id given to registered types. */
    public static final int FIRST_USER_TYPE = 16;

    /** Bytes of the header word. */
    public static final int HEADER_BYTES = 8;
    /** Bytes before the first element of an array (header + length word). */
    public static final int ARRAY_BASE = 16;

    public static long make(int typeId) {
        return (long) typeId << TYPE_SHIFT;
    }

    public static int typeId(long header) {
        return (int) (header >>> TYPE_SHIFT);
    }

    public static boolean isForwarded(long header) {
        return (header & FORWARDED) != 0;
    }

    public static long forwardee(long header) {
        return header & ~7L;
    }

    public static int age(long header) {
        return (int) ((header & AGE_MASK) >>> AGE_SHIFT);
    }

    public static long withAge(long header, int age) {
        return (header & ~AGE_MASK) | ((long) Math.min(age, MAX_AGE) << AGE_SHIFT);
    }

    public static boolean isMarked(long header) {
        return (header & MARKED) != 0;
    }

    /** Rounds a byte count up to the 8-byte object alignment. */
    public static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
