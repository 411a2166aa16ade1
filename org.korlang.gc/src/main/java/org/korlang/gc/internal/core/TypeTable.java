package org.korlang.gc.internal.core;

import static org.korlang.gc.spi.ObjectHeader.ARRAY_BASE;
import static org.korlang.gc.spi.ObjectHeader.TYPE_FILLER;
import static org.korlang.gc.spi.ObjectHeader.TYPE_FILLER_WORD;
import static org.korlang.gc.spi.ObjectHeader.TYPE_FREE_CELL;

import java.util.Arrays;

import org.korlang.gc.LayoutKind;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;

/**
 * An immutable snapshot of the type registry, in flat arrays indexed by type id, shaped for the
 * two hot readers: the mutator's checked accessors and the collectors' one slot scanner
 * ({@code org.korlang.gc.spi.scan.ReferenceSlots}).
 *
 * <h2>The mutator's word pair</h2>
 * {@link #fast} holds two longs per type: {@code fast[2t]} = fixed slot count (low 32 bits; 0 for
 * arrays and special ids), kind (bits 32..35) and element shift (bits 36..39); {@code fast[2t+1]} =
 * bitmap of the reference slots among the first 64. A field access is then "slot <u slots and the
 * bit says reference (or not)": two loads from one cache line. Types with more than 64 slots take a
 * slow path through {@link #refMaps}. Special ids (invalid, free cell, fillers) have an all-zero pair,
 * so every access to them fails the slot check.
 *
 * <p>Registration copies the arrays (copy-on-write); readers keep whichever snapshot they have,
 * since an id, once given, never changes meaning.
 */
public final class TypeTable implements ObjectModel {

    public static final int KIND_FIXED = 1;
    public static final int KIND_REF_ARRAY = 2;
    public static final int KIND_PRIM_ARRAY = 3;

    final TypeId[] ids;
    /** Two words per type, see the class comment. */
    public final long[] fast;
    final long[][] refMaps;
    final int[][] refOffsets;
    final long[] fixedSizes;
    final int[] scanKinds;
    final int count;
    private final Arena memory;

    TypeTable(Arena memory) {
        this(memory, new TypeId[ObjectHeader.FIRST_USER_TYPE], ObjectHeader.FIRST_USER_TYPE);
    }

    private TypeTable(Arena memory, TypeId[] ids, int count) {
        this.memory = memory;
        this.ids = ids;
        this.count = count;
        this.fast = new long[ids.length * 2];
        this.refMaps = new long[ids.length][];
        this.refOffsets = new int[ids.length][];
        this.fixedSizes = new long[ids.length];
        this.scanKinds = new int[ids.length];
        Arrays.fill(scanKinds, INVALID);
        scanKinds[TYPE_FREE_CELL] = GAP;
        scanKinds[TYPE_FILLER] = GAP;
        scanKinds[TYPE_FILLER_WORD] = GAP;
        for (int t = ObjectHeader.FIRST_USER_TYPE; t < count; t++) {
            fill(t, ids[t]);
        }
    }

    private void fill(int t, TypeId id) {
        TypeLayout l = id.layout();
        switch (l.kind()) {
            case FIXED -> {
                int[] refs = l.referenceSlots();
                long[] map = new long[(l.slots() + 63) >>> 6];
                int[] offs = new int[refs.length];
                for (int i = 0; i < refs.length; i++) {
                    map[refs[i] >>> 6] |= 1L << refs[i];
                    offs[i] = ObjectHeader.HEADER_BYTES + refs[i] * 8;
                }
                fast[2 * t] = l.slots() | ((long) KIND_FIXED << 32);
                fast[2 * t + 1] = map.length > 0 ? map[0] : 0;
                refMaps[t] = map;
                refOffsets[t] = offs;
                fixedSizes[t] = id.fixedSize();
                scanKinds[t] = FIXED;
            }
            case REFERENCE_ARRAY -> {
                fast[2 * t] = ((long) KIND_REF_ARRAY << 32) | (3L << 36);
                refOffsets[t] = new int[0];
                scanKinds[t] = REFERENCE_ARRAY;
            }
            case PRIMITIVE_ARRAY -> {
                fast[2 * t] = ((long) KIND_PRIM_ARRAY << 32) | ((long) Integer.numberOfTrailingZeros(l.elementSize()) << 36);
                refOffsets[t] = new int[0];
                scanKinds[t] = PRIMITIVE_ARRAY;
            }
            default -> throw new AssertionError(l.kind());
        }
    }

    /** A new table with {@code id} added at index {@code id.id()} (== count). */
    TypeTable with(TypeId id) {
        TypeId[] grown = Arrays.copyOf(ids, Math.max(ids.length, count + 1 + (count >>> 1)));
        grown[count] = id;
        return new TypeTable(memory, grown, count + 1);
    }

    public int count() {
        return count;
    }

    /** The registered type with this id, or null (special or unknown id). */
    public TypeId typeId(int t) {
        return t >= 0 && t < count ? ids[t] : null;
    }

    /** The initial header of objects of a type: id plus the layout cache bits. */
    static long headerFor(int id, TypeLayout l) {
        long h = ObjectHeader.make(id);
        switch (l.kind()) {
            case FIXED -> {
                h |= (long) l.slots() << ObjectHeader.SLOTS_SHIFT;
                for (int s : l.referenceSlots()) {
                    if (s < ObjectHeader.HEADER_REF_SLOTS) {
                        h |= 1L << (ObjectHeader.REFS_SHIFT + s);
                    }
                }
            }
            case REFERENCE_ARRAY -> h |= (long) ObjectHeader.ARRAY_CODE_REFERENCES << ObjectHeader.REFS_SHIFT;
            case PRIMITIVE_ARRAY -> h |= (long) (ObjectHeader.ARRAY_CODE_PRIMITIVE
                    | Integer.numberOfTrailingZeros(l.elementSize())) << ObjectHeader.REFS_SHIFT;
            default -> throw new AssertionError(l.kind());
        }
        return h;
    }

    /** The header of a type id (registered or special) without GC bits. */
    public long headerOf(int t) {
        return t >= ObjectHeader.FIRST_USER_TYPE && t < count ? ids[t].header() : ObjectHeader.make(t);
    }

    static long fixedSizeOf(TypeLayout l) {
        return l.kind() == LayoutKind.FIXED ? ObjectHeader.HEADER_BYTES + 8L * l.slots() : 0;
    }

    /** Whether slot {@code slot} (any index) of fixed type {@code t} is a reference. */
    public boolean isReferenceSlot(int t, int slot) {
        long[] map = refMaps[t];
        return map != null && (map[slot >>> 6] & (1L << slot)) != 0;
    }

    // ------------------------------------------------------------------------- ObjectModel

    @Override
    public int scanKind(int typeId) {
        return typeId >= 0 && typeId < count ? scanKinds[typeId] : INVALID;
    }

    @Override
    public int[] referenceOffsets(int typeId) {
        return refOffsets[typeId];
    }

    @Override
    public long sizeOf(long address, long header) {
        int t = ObjectHeader.typeId(header);
        if (t < 0 || t >= count) {
            return -1;
        }
        long info = fast[2 * t];
        switch ((int) (info >>> 32) & 0xF) {
            case KIND_FIXED:
                return fixedSizes[t];
            case KIND_REF_ARRAY:
            case KIND_PRIM_ARRAY: {
                long len = memory.getLong(address + 8);
                return ARRAY_BASE + ObjectHeader.align(len << ((info >>> 36) & 0xF));
            }
            default:
                if (t == TYPE_FILLER) {
                    return memory.getLong(address + 8);
                }
                if (t == TYPE_FILLER_WORD) {
                    return 8;
                }
                return -1;
        }
    }

    @Override
    public long sizeFor(int t, long length) {
        long info = fast[2 * t];
        return switch ((int) (info >>> 32) & 0xF) {
            case KIND_FIXED -> fixedSizes[t];
            case KIND_REF_ARRAY, KIND_PRIM_ARRAY -> ARRAY_BASE + ObjectHeader.align(length << ((info >>> 36) & 0xF));
            default -> -1;
        };
    }

    @Override
    public String typeName(int t) {
        return switch (t) {
            case ObjectHeader.TYPE_INVALID -> "<invalid 0>";
            case TYPE_FREE_CELL -> "<free cell>";
            case TYPE_FILLER -> "<filler>";
            case TYPE_FILLER_WORD -> "<filler word>";
            default -> t >= ObjectHeader.FIRST_USER_TYPE && t < count ? ids[t].name() : "<unknown type " + t + ">";
        };
    }
}
