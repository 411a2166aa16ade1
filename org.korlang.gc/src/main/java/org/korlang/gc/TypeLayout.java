package org.korlang.gc;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * The description of a type's objects, registered with {@link Heap#registerType}. Immutable.
 *
 * <p>A fixed-layout object has {@code slots} 8-byte word slots (slot 0 at the first word after the
 * header); the slots listed as references hold object references (or 0), every other slot holds
 * primitive bits. Arrays carry their length; reference arrays hold references, primitive arrays
 * hold elements of {@link #elementSize()} bytes.
 *
 * <pre>{@code
 * TypeLayout node = TypeLayout.fixed("Node").slots(3).references(0, 1).build();
 * TypeLayout longs = TypeLayout.primitiveArray("long[]", 8);
 * TypeLayout refs = TypeLayout.referenceArray("Object[]");
 * }</pre>
 */
public final class TypeLayout {

    /** The most word slots a fixed-layout type may have. */
    public static final int MAX_SLOTS = (1 << 16) - 1;

    private final String name;
    private final LayoutKind kind;
    private final int slots;
    private final BitSet references;
    private final int elementSize;

    private TypeLayout(String name, LayoutKind kind, int slots, BitSet references, int elementSize) {
        this.name = name;
        this.kind = kind;
        this.slots = slots;
        this.references = references;
        this.elementSize = elementSize;
    }

    /** Starts a fixed-layout type. */
    public static Builder fixed(String name) {
        return new Builder(checkName(name));
    }

    /** An array-of-references type. */
    public static TypeLayout referenceArray(String name) {
        return new TypeLayout(checkName(name), LayoutKind.REFERENCE_ARRAY, 0, new BitSet(), 8);
    }

    /** A primitive array type with elements of 1, 2, 4 or 8 bytes. */
    public static TypeLayout primitiveArray(String name, int elementSize) {
        if (elementSize != 1 && elementSize != 2 && elementSize != 4 && elementSize != 8) {
            throw new IllegalArgumentException("element size must be 1, 2, 4 or 8 bytes, not " + elementSize);
        }
        return new TypeLayout(checkName(name), LayoutKind.PRIMITIVE_ARRAY, 0, new BitSet(), elementSize);
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a type name must not be blank");
        }
        return name;
    }

    public String name() {
        return name;
    }

    public LayoutKind kind() {
        return kind;
    }

    /** Word slots of a fixed-layout type (0 for arrays). */
    public int slots() {
        return slots;
    }

    /** Whether {@code slot} of a fixed-layout type holds a reference. */
    public boolean isReference(int slot) {
        return kind == LayoutKind.FIXED && slot >= 0 && slot < slots && references.get(slot);
    }

    /** The reference slots of a fixed-layout type, ascending. */
    public int[] referenceSlots() {
        return references.stream().toArray();
    }

    /** Element size in bytes (8 for reference arrays, 0 for fixed layouts). */
    public int elementSize() {
        return kind == LayoutKind.FIXED ? 0 : elementSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeLayout t && t.name.equals(name) && t.kind == kind && t.slots == slots
                && t.references.equals(references) && t.elementSize == elementSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, slots, references, elementSize);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FIXED -> name + "{slots=" + slots + ", refs=" + Arrays.toString(referenceSlots()) + "}";
            case REFERENCE_ARRAY -> name + "[ref]";
            case PRIMITIVE_ARRAY -> name + "[" + elementSize + "-byte]";
        };
    }

    /** Builds a fixed-layout type. */
    public static final class Builder {
        private final String name;
        private int slots = -1;
        private final BitSet references = new BitSet();

        private Builder(String name) {
            this.name = name;
        }

        /** The number of 8-byte word slots, 0 to {@link #MAX_SLOTS}. */
        public Builder slots(int count) {
            if (count < 0 || count > MAX_SLOTS) {
                throw new IllegalArgumentException("slot count must be in [0, " + MAX_SLOTS + "], not " + count);
            }
            this.slots = count;
            return this;
        }

        /** Declares slots that hold references. */
        public Builder references(int... referenceSlots) {
            for (int s : referenceSlots) {
                if (s < 0 || s >= MAX_SLOTS) {
                    throw new IllegalArgumentException("reference slot out of range: " + s);
                }
                references.set(s);
            }
            return this;
        }

        public TypeLayout build() {
            if (slots < 0) {
                throw new IllegalStateException("slots(...) was not given for type " + name);
            }
            if (references.length() > slots) {
                throw new IllegalArgumentException("type " + name + " has " + slots + " slots but declares reference slot "
                        + (references.length() - 1));
            }
            return new TypeLayout(name, LayoutKind.FIXED, slots, (BitSet) references.clone(), 0);
        }
    }
}
