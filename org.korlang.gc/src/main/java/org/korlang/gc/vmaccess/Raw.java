package org.korlang.gc.vmaccess;

/**
 * Unchecked access to the managed heap's memory by raw address, for the Korlang VM only: the
 * accesses its verifier proved (a field of a register whose type has that field, an element below
 * the length it just compared). Static so that HotSpot inlines each to a single machine move.
 * Nothing here checks anything; a wrong address corrupts the JVM.
 */
public final class Raw {

    /** The same raw access the heap uses (its own copy: this package knows none of the heap's internals). */
    private static final sun.misc.Unsafe U = loadUnsafe();

    private static sun.misc.Unsafe loadUnsafe() {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Raw() {
    }

    public static long getLong(long address) {
        return U.getLong(address);
    }

    public static void putLong(long address, long value) {
        U.putLong(address, value);
    }

    public static double getDouble(long address) {
        return U.getDouble(address);
    }

    public static void putDouble(long address, double value) {
        U.putDouble(address, value);
    }

    public static byte getByte(long address) {
        return U.getByte(address);
    }

    public static void putByte(long address, byte value) {
        U.putByte(address, value);
    }

    /** Copies {@code bytes} from {@code from} to {@code to} (ranges may overlap). */
    public static void copy(long from, long to, long bytes) {
        U.copyMemory(from, to, bytes);
    }

    /** Copies {@code length} bytes from the heap into a Java array. */
    public static void copyToArray(long from, byte[] to, int offset, int length) {
        U.copyMemory(null, from, to, sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET + offset, length);
    }

    /** Copies {@code length} bytes of a Java array into the heap. */
    public static void copyFromArray(byte[] from, int offset, long to, int length) {
        U.copyMemory(from, sun.misc.Unsafe.ARRAY_BYTE_BASE_OFFSET + offset, null, to, length);
    }

    /**
     * Element {@code index} of an int array without the bounds check: the VM reads its verified code
     * arrays this way, where the verifier proved every pc in range.
     */
    public static int intAt(int[] array, int index) {
        return U.getInt(array, INT_BASE + ((long) index << 2));
    }

    private static final long INT_BASE = sun.misc.Unsafe.ARRAY_INT_BASE_OFFSET;

    /** Zeroes {@code bytes}. */
    public static void zero(long address, long bytes) {
        U.setMemory(address, bytes, (byte) 0);
    }
}
