package org.korlang.gc.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.korlang.gc.Heap;
import org.korlang.gc.LayoutKind;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;

/**
 * The shapes of the torture's objects, registered with one heap, and the random choice of a shape
 * and size.
 *
 * <h2>Coverage</h2>
 * Fixed layouts from 1 to 8192 slots — reference slots among the first six (validated from the
 * header) and beyond them (through the type table), and sizes on both sides of 8 KiB (the largest
 * size class and the large-object threshold) and of 64 KiB — and arrays of every element kind.
 * Array sizes are drawn so that every size class of the segregated space is hit exactly and one
 * word above, and so that both sides of each threshold (8 KiB, a quarter TLAB, 64 KiB) come up
 * often, with large arrays up to 256 KiB now and then.
 *
 * <h2>Identity</h2>
 * Every fixed object has a primitive slot that holds its shadow id ({@link Shape#idSlot}); every
 * primitive array of at least 8 data bytes holds it in its first 8 bytes. Those never change, so a
 * reference followed to the wrong object is caught by its id, not only by its contents.
 */
final class Shapes {

    /** The segregated space's cell sizes (org.korlang.gc's SizeClasses), hit exactly and one word above. */
    static final int[] CELL_SIZES = {16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448,
        512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192};

    /** One shape: a registered type and where its references and its id live. */
    static final class Shape {
        final TypeId type;
        final LayoutKind kind;
        /** Fixed: slot count. */
        final int slots;
        /** Fixed: whether each slot holds a reference. */
        final boolean[] isRef;
        /** Fixed: the reference slots, ascending. */
        final int[] refSlots;
        /** Fixed: the primitive slot holding the id; -1 if none. */
        final int idSlot;
        /** Arrays: bytes per element (8 for references). */
        final int elementSize;

        Shape(TypeId type) {
            this.type = type;
            TypeLayout l = type.layout();
            this.kind = l.kind();
            this.slots = l.slots();
            this.isRef = new boolean[slots];
            this.refSlots = l.referenceSlots();
            for (int s : refSlots) {
                isRef[s] = true;
            }
            int id = -1;
            for (int s = 0; s < slots && id < 0; s++) {
                if (!isRef[s]) {
                    id = s;
                }
            }
            this.idSlot = id;
            this.elementSize = l.elementSize();
        }

        boolean isArray() {
            return kind != LayoutKind.FIXED;
        }

        /** Bytes of an object of this shape with {@code length} elements. */
        long bytes(int length) {
            return isArray() ? 16 + (((long) length * elementSize + 7) & ~7L) : 8 + 8L * slots;
        }

        @Override
        public String toString() {
            return type.name();
        }
    }

    final List<Shape> fixed = new ArrayList<>();
    final Shape longs;
    final Shape ints;
    final Shape shorts;
    final Shape bytes;
    final Shape refs;
    private final long quarterTlab;

    Shapes(Heap heap) {
        // {slots, reference slots...}: header-cached reference bits, table-only ones (slot >= 6), and
        // sizes 16 B .. 64 KiB + 8 around each threshold
        int[][] layouts = {{1}, {2, 0}, {3, 0, 1}, {4, 3}, {6, 1, 4}, {7, 0, 6}, {16, 3, 9, 15}, {100, 0, 50, 99},
            {1023, 5}, {1024, 7, 1000}, {2000, 1999}, {8191, 1}, {8192, 8000}};
        for (int[] l : layouts) {
            int[] refSlots = java.util.Arrays.copyOfRange(l, 1, l.length);
            fixed.add(new Shape(heap.registerType(TypeLayout.fixed("F" + l[0]).slots(l[0]).references(refSlots).build())));
        }
        longs = new Shape(heap.registerType(TypeLayout.primitiveArray("long[]", 8)));
        ints = new Shape(heap.registerType(TypeLayout.primitiveArray("int[]", 4)));
        shorts = new Shape(heap.registerType(TypeLayout.primitiveArray("short[]", 2)));
        bytes = new Shape(heap.registerType(TypeLayout.primitiveArray("byte[]", 1)));
        refs = new Shape(heap.registerType(TypeLayout.referenceArray("Object[]")));
        quarterTlab = heap.config().tlabBytes() / 4;
    }

    /** A random array shape. */
    Shape anyArray(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> longs;
            case 1 -> ints;
            case 2 -> shorts;
            case 3 -> bytes;
            default -> refs;
        };
    }

    /** A random fixed shape, small ones far more often than the 8 KiB and 64 KiB ones. */
    Shape anyFixed(Random rnd) {
        int n = fixed.size();
        int i = rnd.nextInt(10) < 8 ? rnd.nextInt(8) : 8 + rnd.nextInt(n - 8);
        return fixed.get(i);
    }

    /**
     * A random object size in bytes: mostly small, regularly exactly a cell size or one word above,
     * and on both sides of 8 KiB, a quarter TLAB and 64 KiB; now and then up to 256 KiB.
     */
    long anySize(Random rnd) {
        int p = rnd.nextInt(100);
        if (p < 45) {
            return 16 + 8L * rnd.nextInt(64);
        }
        if (p < 65) {
            return CELL_SIZES[rnd.nextInt(CELL_SIZES.length)] + (rnd.nextBoolean() ? 0 : 8);
        }
        if (p < 75) {
            return 512 + 8L * rnd.nextInt(960);
        }
        if (p < 83) {
            return 8192 + 8L * (rnd.nextInt(7) - 3);
        }
        if (p < 89) {
            return Math.max(16, quarterTlab + 8L * (rnd.nextInt(7) - 3));
        }
        if (p < 95) {
            return 65536 + 8L * (rnd.nextInt(7) - 3);
        }
        return 65536 + 8L * rnd.nextInt(24576);
    }

    /** The element count that makes an array of {@code shape} at most {@code bytes} long (at least 0). */
    static int lengthFor(Shape shape, long bytes) {
        return (int) Math.max(0, (bytes - 16) / shape.elementSize);
    }
}
