package org.korlang.gc.spi.scan;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;

/**
 * The one loop over an object's reference slots, used by every collector and the verifier: marking
 * ({@code spi.trace.Marking}), the minor collection's evacuation
 * ({@code internal.generational.Evacuation}), a copying policy switch ({@code internal.core.Migration}),
 * the heap verifier ({@code internal.core.HeapVerifier}) and the semispace bundle's Cheney scan.
 *
 * <h2>Which slots</h2>
 * <ul>
 * <li>A fixed layout of 1 to {@link ObjectHeader#HEADER_REF_SLOTS} slots: the header's layout cache
 * says which of them hold references — no type-table lookup (most objects are this small).</li>
 * <li>Any other fixed layout (0 slots, or more than the header describes): the object model's
 * {@link ObjectModel#referenceOffsets reference offsets} of its type.</li>
 * <li>A reference array: every element, {@code object + ARRAY_BASE + 8 i} for {@code i < length}
 * (the length word read through {@link HeapMemory}, after checking that the whole array lies inside
 * the heap's memory).</li>
 * <li>A primitive array: none.</li>
 * </ul>
 * Slots are visited in ascending address order, each once; a slot holding 0 is visited too (the
 * visitor reads it). The scanner reads only the header (given) and an array's length; it never reads
 * or writes a slot itself.
 *
 * <h2>Why a static method and a one-method interface</h2>
 * This loop is the inner loop of every collection. {@link #forEach} is small and static, so the JIT
 * inlines it into each caller's scan loop, and with it the caller's {@link SlotVisitor} (one
 * implementation per call site, so the call is monomorphic there); the rarer layouts go through a
 * separate method so that the common path stays under the inlining limits. Nothing is allocated per
 * object: the caller keeps one visitor per GC thread.
 */
public final class ReferenceSlots {

    private ReferenceSlots() {
    }

    /**
     * Calls {@code visitor} with the address of every reference slot of the object at {@code object},
     * whose header word is {@code header} (not forwarded; GC bits may be set).
     *
     * @throws HeapCorruptionException if the header's type is not an object type (a gap, a free cell,
     *         an unregistered id), or a reference array extends outside {@code memory}
     */
    public static void forEach(long object, long header, ObjectModel model, HeapMemory memory, SlotVisitor visitor) {
        int slots = (int) (header >>> ObjectHeader.SLOTS_SHIFT) & 0xFFFF;
        if (slots != 0 && slots <= ObjectHeader.HEADER_REF_SLOTS) {
            // small fixed layout: the header's layout cache names the reference slots
            long bits = (header >>> ObjectHeader.REFS_SHIFT) & 0x3F;
            while (bits != 0) {
                visitor.visit(object + ObjectHeader.HEADER_BYTES + ((long) Long.numberOfTrailingZeros(bits) << 3));
                bits &= bits - 1;
            }
            return;
        }
        forEachByType(object, header, model, memory, visitor);
    }

    /** Layouts the header cannot describe: through the object model. */
    private static void forEachByType(long object, long header, ObjectModel model, HeapMemory memory, SlotVisitor visitor) {
        int type = ObjectHeader.typeId(header);
        int kind = model.scanKind(type);
        if (kind == ObjectModel.FIXED) {
            for (int off : model.referenceOffsets(type)) {
                visitor.visit(object + off);
            }
        } else if (kind == ObjectModel.REFERENCE_ARRAY) {
            long length = memory.getLong(object + 8);
            long end = object + ObjectHeader.ARRAY_BASE + (length << 3);
            if (!memory.contains(object, end - object)) {
                throw new HeapCorruptionException(String.format("array 0x%x of length %d extends outside the heap", object,
                        length));
            }
            for (long s = object + ObjectHeader.ARRAY_BASE; s < end; s += 8) {
                visitor.visit(s);
            }
        } else if (kind != ObjectModel.PRIMITIVE_ARRAY) {
            throw new HeapCorruptionException(String.format("scanning 0x%x: not an object (header 0x%x, %s)", object, header,
                    model.typeName(type)));
        }
    }
}
