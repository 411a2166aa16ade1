package org.korlang.gc;

/**
 * A registered type of one heap: its numeric id (stored in every object header), its layout and,
 * for fixed layouts, the object size in bytes. Obtained from {@link Heap#registerType}; only valid
 * with the heap that issued it.
 */
public final class TypeId {

    private final Object registry;
    private final int id;
    private final TypeLayout layout;
    private final long fixedSize;
    private final long header;

    /**
     * Made by the heap's type registry. {@code registry} identifies the issuing heap (so that an id
     * is never used with another heap); {@code header} is the initial header word of its objects.
     */
    public TypeId(Object registry, int id, TypeLayout layout, long fixedSize, long header) {
        this.registry = registry;
        this.id = id;
        this.layout = layout;
        this.fixedSize = fixedSize;
        this.header = header;
    }

    /** The header word a new object of this type starts with (see {@code org.korlang.gc.spi.ObjectHeader}). */
    public long header() {
        return header;
    }

    /** The numeric id stored in object headers. */
    public int id() {
        return id;
    }

    public String name() {
        return layout.name();
    }

    public TypeLayout layout() {
        return layout;
    }

    /** Object size in bytes for fixed layouts (header included); 0 for arrays. */
    public long fixedSize() {
        return fixedSize;
    }

    /** Whether this id was issued by {@code registry}. */
    public boolean issuedBy(Object registry) {
        return this.registry == registry;
    }

    @Override
    public String toString() {
        return layout.name() + "#" + id;
    }
}
