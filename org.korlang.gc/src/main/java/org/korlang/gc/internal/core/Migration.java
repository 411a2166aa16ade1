package org.korlang.gc.internal.core;

import java.util.Arrays;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Roots;

/**
 * Carries every live object of the old plan into a new plan (a policy switch, world stopped).
 *
 * <h2>Algorithm (Cheney over a log)</h2>
 * Every root is copied into memory from {@link GcPlan#allocateForMigration}; the old object's header
 * becomes a forwarding word, the copy gets the header without GC state bits (PIN and the layout
 * cache stay), and the copy is appended to a log. A scan index walks the log in order (breadth first,
 * like Cheney's scan pointer — the log replaces the contiguous to-space, because the new plan's
 * memory need not be contiguous) and copies each reference slot's target the same way. When the scan
 * index reaches the end of the log, every reachable object has been copied once and every slot and
 * root points into the new plan. Unreachable objects are not copied: a switch is also a collection.
 *
 * <h2>Failure without damage</h2>
 * The log keeps the old address and the original header of every copy. If the new plan runs out
 * of memory midway ({@link org.korlang.gc.HeapExhaustedException}), {@link #rollBack} rewrites the
 * original headers (old objects' slots were never changed: only copies are scanned) and maps every
 * root that already points at a copy back to its original; the heap then goes on with the old plan.
 * The log costs 24 bytes of Java heap per live object for the duration of the switch (about 270 MB
 * for 256 MiB of 24-byte objects) — the price of being able to undo.
 *
 * <h2>Checks</h2>
 * Every reference followed is checked to be an aligned object start inside the heap with a typed,
 * unforwarded header, as in marking; a violation is {@link HeapCorruptionException}.
 */
final class Migration {

    private static final sun.misc.Unsafe U = Arena.UNSAFE;

    private final Arena mem;
    private final TypeTable types;
    private final GcPlan target;
    private long[] oldAddress = new long[1024];
    private long[] oldHeader = new long[1024];
    private long[] newAddress = new long[1024];
    private int count;
    private long bytes;

    Migration(Arena mem, TypeTable types, GcPlan target) {
        this.mem = mem;
        this.types = types;
        this.target = target;
    }

    /** Copies everything reachable from {@code roots}; returns the bytes copied. */
    long run(Roots roots) {
        int parts = roots.partitions();
        for (int p = 0; p < parts; p++) {
            roots.visit(p, this::copy);
        }
        for (int scan = 0; scan < count; scan++) {
            scan(newAddress[scan]);
        }
        return bytes;
    }

    int objects() {
        return count;
    }

    private long copy(long v) {
        if ((v & 7) != 0 || !mem.contains(v, 16)) {
            throw new HeapCorruptionException(String.format("reference 0x%x points outside the heap", v));
        }
        long h = U.getLong(v);
        if ((h & ObjectHeader.FORWARDED) != 0) {
            return ObjectHeader.forwardee(h);
        }
        int kind = types.scanKind(ObjectHeader.typeId(h));
        if (kind == ObjectModel.GAP || kind == ObjectModel.INVALID) {
            throw new HeapCorruptionException(String.format("reference 0x%x to a non-object (header 0x%x, %s)", v, h,
                    types.typeName(ObjectHeader.typeId(h))));
        }
        long size = types.sizeOf(v, h);
        long n = target.allocateForMigration(size);
        if (!mem.contains(n, size)) {
            throw new HeapCorruptionException(String.format("plan %s gave migration memory 0x%x outside the heap",
                    target.policyName(), n));
        }
        U.putLong(n, h & ObjectHeader.COPY_MASK);
        if (size <= 64) { // small objects: word copies beat the copyMemory call
            for (long o = 8; o < size; o += 8) {
                U.putLong(n + o, U.getLong(v + o));
            }
        } else {
            U.copyMemory(v + 8, n + 8, size - 8);
        }
        U.putLong(v, n | ObjectHeader.FORWARDED);
        if (count == newAddress.length) {
            int len = count * 2;
            oldAddress = Arrays.copyOf(oldAddress, len);
            oldHeader = Arrays.copyOf(oldHeader, len);
            newAddress = Arrays.copyOf(newAddress, len);
        }
        oldAddress[count] = v;
        oldHeader[count] = h;
        newAddress[count] = n;
        count++;
        bytes += size;
        return n;
    }

    private void scan(long o) {
        long h = U.getLong(o);
        int slots = (int) (h >>> ObjectHeader.SLOTS_SHIFT) & 0xFFFF;
        if (slots != 0 && slots <= ObjectHeader.HEADER_REF_SLOTS) {
            // the header's layout cache names the reference slots: no type-table lookup
            long bits = (h >>> ObjectHeader.REFS_SHIFT) & 0x3F;
            while (bits != 0) {
                long s = o + 8 + ((long) Long.numberOfTrailingZeros(bits) << 3);
                long v = U.getLong(s);
                if (v != 0) {
                    U.putLong(s, copy(v));
                }
                bits &= bits - 1;
            }
            return;
        }
        int t = ObjectHeader.typeId(h);
        int kind = types.scanKind(t);
        if (kind == ObjectModel.FIXED) {
            for (int off : types.referenceOffsets(t)) {
                long v = U.getLong(o + off);
                if (v != 0) {
                    U.putLong(o + off, copy(v));
                }
            }
        } else if (kind == ObjectModel.REFERENCE_ARRAY) {
            long len = U.getLong(o + 8);
            long end = o + ObjectHeader.ARRAY_BASE + (len << 3);
            if (!mem.contains(o, end - o)) {
                throw new HeapCorruptionException(String.format("array 0x%x of length %d extends outside the heap", o, len));
            }
            for (long s = o + ObjectHeader.ARRAY_BASE; s < end; s += 8) {
                long v = U.getLong(s);
                if (v != 0) {
                    U.putLong(s, copy(v));
                }
            }
        }
    }

    /**
     * Undoes a partial migration: original headers back; every copy's header becomes a forwarding
     * word back to its original (copies are garbage from now on), so each root that already points
     * at a copy is mapped back with one header read — no table, nothing allocated.
     */
    void rollBack(Roots roots) {
        for (int i = 0; i < count; i++) {
            U.putLong(oldAddress[i], oldHeader[i]);
            U.putLong(newAddress[i], oldAddress[i] | ObjectHeader.FORWARDED);
        }
        int parts = roots.partitions();
        for (int p = 0; p < parts; p++) {
            roots.visit(p, r -> {
                long h = U.getLong(r);
                return (h & ObjectHeader.FORWARDED) != 0 ? ObjectHeader.forwardee(h) : r;
            });
        }
    }
}
