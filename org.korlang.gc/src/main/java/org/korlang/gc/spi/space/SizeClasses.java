package org.korlang.gc.spi.space;

/**
 * Size classes of the segregated free-list space: 16 to 8192 bytes, spaced so that rounding wastes
 * at most 25% (8-byte steps up to 64, then four classes per power of two).
 */
public final class SizeClasses {

    private static final int[] SIZES = {16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448,
        512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192};
    /** The largest cell. */
    public static final int MAX = 8192;
    /** Number of classes. */
    public static final int COUNT = SIZES.length;
    private static final byte[] BY_SIZE8 = new byte[MAX / 8 + 1];

    static {
        int c = 0;
        for (int s8 = 0; s8 <= MAX / 8; s8++) {
            while (SIZES[c] < s8 * 8) {
                c++;
            }
            BY_SIZE8[s8] = (byte) c;
        }
    }

    private SizeClasses() {
    }

    /** The class of an object of {@code bytes} (1 to {@link #MAX}). */
    public static int classOf(long bytes) {
        if (bytes <= 0 || bytes > MAX) {
            throw new IllegalArgumentException("no size class holds " + bytes + " bytes (1.." + MAX + ")");
        }
        return BY_SIZE8[(int) ((bytes + 7) >>> 3)];
    }

    /** The cell size of a class. */
    public static int size(int sizeClass) {
        return SIZES[sizeClass];
    }

    /** Worst-case cell bytes over object bytes (an 8-byte object takes a 16-byte cell; otherwise at most 1.25). */
    public static final double MAX_WASTE_FACTOR = 2.0;
}
