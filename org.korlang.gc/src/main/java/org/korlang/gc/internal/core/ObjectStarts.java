package org.korlang.gc.internal.core;

/**
 * Where objects start: one bit per 8-byte word of the heap's reservation, set exactly at the first
 * word of every object. It is what lets the mutators' accessors prove that a reference points at an
 * object — not into the middle of one (say, at a header-shaped value written into a {@code long[]}),
 * not at a dead object's leftovers — before they trust the header they find there.
 *
 * <h2>Layout</h2>
 * The bitmap lives in native memory right after the heap's reservation (same mapping, outside every
 * region, so no plan's accessor can reach it): map word {@code i} holds the bits of heap words
 * {@code 64 i .. 64 i + 63}, i.e. of one 512-byte <em>granule</em>; bit {@code k} of it belongs to heap
 * address {@code base + 8 (64 i + k)}. For an address already validated as aligned and in range, the
 * word index {@code w = (a - base) >>> 3} gives the map word at {@code map + ((w >>> 6) << 3)} and the
 * bit as {@code (word >>> w) & 1} (Java masks the shift distance to 6 bits). One load, one shift,
 * one test: the mutator's check inlines that. 1/64 of the reservation, virtual: pages of the map are
 * touched only where the heap is.
 *
 * <h2>Invariant</h2>
 * A bit is set if and only if an object (a typed header, not a gap or free cell) starts at its word:
 * whoever creates an object sets its bit after writing its header (the mutators for what they allocate,
 * a policy switch for its copies, a plan for what its collector copies), whoever ends an object's life
 * at that address clears it (a sweep freeing a cell or a large object, a copying collector resetting
 * from-space, a region going back to the arena). The verifier checks that the set bits are exactly the
 * objects the plans enumerate.
 *
 * <h2>Concurrency</h2>
 * Bits are set and cleared with a CAS on their map word ({@link #set}, {@link #clear}): GC threads
 * copy in parallel and mutators allocate concurrently, and two objects of one granule may be created
 * by different threads. The exception is a granule that lies wholly inside memory one thread owns
 * exclusively — the aligned interior of a mutator's allocation buffer, a 64 KiB block owned by one
 * sweeper — where a plain read-modify-write ({@link #setOwned}, {@link #clearOwned}) cannot lose a
 * concurrent update because there is none: the mutators' bump-pointer fast path relies on that (see
 * MutatorImpl). Readers need no fence with respect to collections (the world is stopped then); a
 * mutator reading another mutator's fresh reference sees the bit if it sees the reference through
 * any synchronization that publishes the object's header (the bit is written before the reference is
 * handed out, like the header).
 */
public final class ObjectStarts {

    private static final sun.misc.Unsafe U = Arena.UNSAFE;

    /** Heap bytes one map word describes. */
    public static final long GRANULE = 512;

    /** First byte of the heap the map describes. */
    final long heapBase;
    /** First byte of the map. */
    public final long mapBase;
    /** Bytes of the map. */
    final long mapBytes;

    ObjectStarts(long heapBase, long mapBase, long mapBytes) {
        this.heapBase = heapBase;
        this.mapBase = mapBase;
        this.mapBytes = mapBytes;
    }

    /** Map bytes for a heap of {@code heapBytes}, rounded up to whole pages. */
    static long mapBytesFor(long heapBytes, long pageSize) {
        return Arena.roundUp(Arena.roundUp(heapBytes, GRANULE) / 64, pageSize);
    }

    /** The address of the map word holding the bit of heap address {@code a}. */
    private long word(long a) {
        return mapBase + (((a - heapBase) >>> 9) << 3);
    }

    private long bit(long a) {
        return 1L << ((a - heapBase) >>> 3);
    }

    /** Whether an object starts at {@code a} (aligned, inside the heap). */
    public boolean isSet(long a) {
        return (U.getLongVolatile(null, word(a)) & bit(a)) != 0;
    }

    /** Records an object start at {@code a} (aligned, inside the heap); atomic. */
    public void set(long a) {
        long w = word(a);
        long b = bit(a);
        while (true) {
            long v = U.getLongVolatile(null, w);
            if ((v & b) != 0 || U.compareAndSwapLong(null, w, v, v | b)) {
                return;
            }
        }
    }

    /** {@link #set} for a granule no other thread can write meanwhile (plain read-modify-write). */
    public void setOwned(long a) {
        long w = word(a);
        U.putLong(w, U.getLong(w) | bit(a));
    }

    /** Forgets the object start at {@code a}; atomic. */
    public void clear(long a) {
        clearBits(word(a), bit(a));
    }

    /** {@link #clear} for a granule no other thread can write meanwhile. */
    public void clearOwned(long a) {
        long w = word(a);
        U.putLong(w, U.getLong(w) & ~bit(a));
    }

    /**
     * Forgets every object start in {@code [from, to)} (both aligned, inside the heap). The partial
     * map words at either end are cleared atomically, the whole words between with plain stores: the
     * caller owns the range (no object in it is being created meanwhile).
     */
    public void clearRange(long from, long to) {
        if (to <= from) {
            return;
        }
        long firstBit = (from - heapBase) >>> 3;
        long endBit = (to - heapBase) >>> 3; // exclusive
        long firstWord = mapBase + ((firstBit >>> 6) << 3);
        long lastWord = mapBase + (((endBit - 1) >>> 6) << 3);
        long headMask = -1L << firstBit; // bits firstBit & 63 .. 63
        long tailMask = -1L >>> (63 - ((endBit - 1) & 63)); // bits 0 .. (endBit - 1) & 63
        if (firstWord == lastWord) {
            clearBits(firstWord, headMask & tailMask);
            return;
        }
        clearBits(firstWord, headMask);
        if (lastWord - firstWord > 8) {
            U.setMemory(firstWord + 8, lastWord - firstWord - 8, (byte) 0);
        }
        clearBits(lastWord, tailMask);
    }

    private static void clearBits(long w, long mask) {
        while (true) {
            long v = U.getLongVolatile(null, w);
            if ((v & mask) == 0 || U.compareAndSwapLong(null, w, v, v & ~mask)) {
                return;
            }
        }
    }

    /** Visits every recorded start in {@code [from, to)} (granule-aligned), ascending (world stopped). */
    void forEachSet(long from, long to, java.util.function.LongConsumer visitor) {
        for (long w = word(from), end = word(to); w < end; w += 8) {
            long v = U.getLong(w);
            while (v != 0) {
                long granule = heapBase + ((w - mapBase) << 6);
                visitor.accept(granule + ((long) Long.numberOfTrailingZeros(v) << 3));
                v &= v - 1;
            }
        }
    }
}
