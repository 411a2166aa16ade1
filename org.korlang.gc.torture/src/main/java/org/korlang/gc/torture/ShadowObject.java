package org.korlang.gc.torture;

import java.util.HashMap;
import java.util.Map;

/**
 * What one heap object must contain, as the torture's shadow model knows it: its shape and length,
 * and every primitive slot or element and every reference slot or element that was written since
 * it was allocated. Anything not written must read as zero or null (the heap hands out zeroed
 * memory). Sparse maps, so that a 256 KiB array costs the model only what was written into it.
 * References are kept as the target's shadow id ({@code 0} = null).
 */
final class ShadowObject {

    final long id;
    final Shapes.Shape shape;
    /** Element count of an array; slot count of a fixed object. */
    final int length;
    /** Written primitive slots or elements: index → value (sign-extended to 64 bits). */
    final Map<Integer, Long> prims = new HashMap<>();
    /** Written reference slots or elements: index → target id (0 = null). */
    final Map<Integer, Long> refs = new HashMap<>();

    ShadowObject(long id, Shapes.Shape shape, int length) {
        this.id = id;
        this.shape = shape;
        this.length = length;
    }

    /** Whether position {@code i} holds a reference. */
    boolean isRef(int i) {
        return shape.isArray() ? shape.kind == org.korlang.gc.LayoutKind.REFERENCE_ARRAY : shape.isRef[i];
    }

    /** The expected primitive at {@code i}. */
    long prim(int i) {
        Long v = prims.get(i);
        return v == null ? 0 : v;
    }

    /** The expected reference target id at {@code i} (0 = null). */
    long ref(int i) {
        Long v = refs.get(i);
        return v == null ? 0 : v;
    }

    /** Whether the first 8 data bytes of this object carry its id (never overwritten). */
    boolean carriesId() {
        return shape.isArray() ? shape.kind != org.korlang.gc.LayoutKind.REFERENCE_ARRAY
                && (long) length * shape.elementSize >= 8 : shape.idSlot >= 0;
    }

    /** Positions that hold (part of) the id, which mutations leave alone. */
    boolean isIdPosition(int i) {
        if (!carriesId()) {
            return false;
        }
        return shape.isArray() ? (long) i * shape.elementSize < 8 : i == shape.idSlot;
    }

    /** The value of the id's part at position {@code i} (elements narrower than 8 bytes hold a slice). */
    long idPart(int i) {
        if (!shape.isArray()) {
            return id;
        }
        int w = shape.elementSize;
        long part = id >>> (8 * w * i);
        return switch (w) {
            case 1 -> (byte) part;
            case 2 -> (short) part;
            case 4 -> (int) part;
            default -> id;
        };
    }

    @Override
    public String toString() {
        return "#" + id + " " + shape + (shape.isArray() ? "[" + length + "]" : "");
    }
}
