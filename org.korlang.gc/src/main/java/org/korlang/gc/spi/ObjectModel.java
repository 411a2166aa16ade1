package org.korlang.gc.spi;

/**
 * The heap's object model for collectors: sizes and reference slots of objects by their header's
 * type id. Type ids are those of the heap's registry plus the special ids of {@link ObjectHeader}.
 */
public interface ObjectModel {

    /** Scan kind: a fixed layout with reference offsets {@link #referenceOffsets}. */
    int FIXED = 0;
    /** Scan kind: an array of references (elements from {@link ObjectHeader#ARRAY_BASE}). */
    int REFERENCE_ARRAY = 1;
    /** Scan kind: a primitive array (no references). */
    int PRIMITIVE_ARRAY = 2;
    /** Scan kind: a filler or free cell (dead, parseable gap). */
    int GAP = 3;
    /** Scan kind: not a type at all (corruption or a wild reference). */
    int INVALID = 4;

    /** One of {@link #FIXED}, {@link #REFERENCE_ARRAY}, {@link #PRIMITIVE_ARRAY}, {@link #GAP}, {@link #INVALID}. */
    int scanKind(int typeId);

    /** Byte offsets (from the object start) of the reference slots of a fixed-layout type. */
    int[] referenceOffsets(int typeId);

    /** The size in bytes of the object (or gap) at {@code address}, whose header is {@code header}. */
    long sizeOf(long address, long header);

    /** The size in bytes of an object of {@code typeId} with {@code length} elements (ignored for fixed layouts). */
    long sizeFor(int typeId, long length);

    /** A printable name of a type id (for diagnostics). */
    String typeName(int typeId);
}
