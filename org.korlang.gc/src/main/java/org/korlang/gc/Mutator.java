package org.korlang.gc;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A thread's view of the heap: its allocation buffer, its handle scopes and its safepoint state.
 * Confined to the attaching thread. Detach with {@link #close()}. Scope, safepoint, allocation slow
 * paths and detach check the calling thread ({@link HandleMisuseException}); the field accessors and
 * the allocation fast path do not, to stay cheap.
 *
 * <h2>References</h2>
 * Every method that takes a reference validates it: {@code 0} is the null reference and gives
 * {@link InvalidReferenceException} when dereferenced; a reference that does not point at a live
 * object of this heap gives {@link InvalidReferenceException}; with verify on, a reference obtained
 * before the last collection gives {@link StaleReferenceException}. Slots and indices are checked
 * against the object's layout ({@link LayoutViolationException}).
 *
 * <h2>Safepoints</h2>
 * Allocation may collect. Every raw reference held across an {@code allocate*}, {@link #poll()} or
 * {@link #block()} is stale; keep such references in handles.
 */
@ProviderType
public interface Mutator extends AutoCloseable {

    /** The heap this mutator is attached to. */
    Heap heap();

    // ------------------------------------------------------------------ allocation

    /** Allocates a zeroed fixed-layout object. */
    long allocate(TypeId type);

    /**
     * Allocates a fixed-layout object whose first reference slot (in slot order) is initialized
     * from a handle, the rest zeroed — the managed counterpart of a constructor {@code new T(x)}.
     * The handle is read after the allocation, so it sees the object even if the allocation
     * collected. {@link LayoutViolationException} if the type has no reference slot.
     */
    long allocate(TypeId type, int refHandle0);

    /**
     * Like {@link #allocate(TypeId, int)} for the first two reference slots ({@code new T(x, y)}).
     */
    long allocate(TypeId type, int refHandle0, int refHandle1);

    /** Allocates a zeroed array of {@code length} elements (an array type). */
    long allocateArray(TypeId type, int length);

    /** Allocates a zeroed fixed-layout object that the collector never moves (header flag pinned). */
    long allocatePinned(TypeId type);

    /** The type of the object {@code ref} points at. */
    TypeId typeOf(long ref);

    // ------------------------------------------------------------------ fixed-layout fields

    long getLong(long ref, int slot);

    void putLong(long ref, int slot, long value);

    double getDouble(long ref, int slot);

    void putDouble(long ref, int slot, double value);

    /** Reads a reference slot; {@code 0} for null. */
    long getRef(long ref, int slot);

    /** Writes a reference slot (through the write barrier); {@code value} may be {@code 0}. */
    void putRef(long ref, int slot, long value);

    // ------------------------------------------------------------------ arrays

    /** The element count of an array. */
    int length(long array);

    long getRefElement(long array, int index);

    void putRefElement(long array, int index, long value);

    /** Element of an 8-byte primitive array. */
    long getLongElement(long array, int index);

    void putLongElement(long array, int index, long value);

    /** Element of an 8-byte primitive array, as a double. */
    double getDoubleElement(long array, int index);

    void putDoubleElement(long array, int index, double value);

    /** Element of a 4-byte primitive array. */
    int getIntElement(long array, int index);

    void putIntElement(long array, int index, int value);

    /** Element of a 2-byte primitive array. */
    short getShortElement(long array, int index);

    void putShortElement(long array, int index, short value);

    /** Element of a 1-byte primitive array. */
    byte getByteElement(long array, int index);

    void putByteElement(long array, int index, byte value);

    // ------------------------------------------------------------------ handles

    /**
     * Opens a handle scope. Handles created until it closes belong to it; scopes close in LIFO
     * order ({@link HandleMisuseException} otherwise). Use with try-with-resources.
     */
    HandleScope openScope();

    /**
     * The lightweight form of a scope for hot code: returns a mark (an opaque number) of this
     * mutator's handle stack; {@link #release(int)} with it drops every handle created since. Marks
     * nest like scopes (LIFO) and may be used inside an open {@link HandleScope}, not across its
     * boundary; closing a scope drops the marks taken inside it.
     */
    int mark();

    /**
     * Drops the handles created since {@code mark} was taken ({@link #mark()}), and the mark itself
     * with every mark taken after it. {@link HandleMisuseException} if the mark is not outstanding
     * (released already, dropped with an outer mark or a closed scope, or never given out) or was taken
     * outside the innermost open scope.
     */
    void release(int mark);

    /** Creates a handle for {@code ref} (may be 0) in the innermost open scope. */
    int handle(long ref);

    /** The current reference held by a live handle of this mutator. */
    long get(int handle);

    /** Replaces the reference held by a live handle. */
    void set(int handle, long ref);

    /** Creates a global handle (a root until closed, usable from any mutator). */
    GlobalHandle newGlobal(long ref);

    /** The current reference held by a global handle. */
    long get(GlobalHandle handle);

    /** Replaces the reference held by a global handle. */
    void set(GlobalHandle handle, long ref);

    // ------------------------------------------------------------------ root areas

    /**
     * Allocates a {@link RootArea} of {@code rootWords} reference words and {@code dataWords} primitive
     * words (all zero, live count 0), pinned, and registers it as roots. A safepoint, like any
     * allocation. {@link IllegalArgumentException} for negative sizes or more than
     * {@link RootArea#MAX_WORDS} words in all.
     *
     * @since 1.2
     */
    RootArea newRootArea(int rootWords, int dataWords);

    /** The live count of an area: how many leading reference words are roots. @since 1.2 */
    int liveRoots(RootArea area);

    /**
     * Sets the live count of an area (0..{@link RootArea#rootWords()}); words newly covered must have
     * been written since the last collection (or be 0). @since 1.2
     */
    void liveRoots(RootArea area, int count);

    /** Reads reference word {@code index} of an area (0 for null). @since 1.2 */
    long getRoot(RootArea area, int index);

    /** Writes reference word {@code index} of an area (no write barrier needed). @since 1.2 */
    void setRoot(RootArea area, int index, long ref);

    /** Reads data word {@code index} of an area. @since 1.2 */
    long getData(RootArea area, int index);

    /** Writes data word {@code index} of an area. @since 1.2 */
    void setData(RootArea area, int index, long bits);

    // ------------------------------------------------------------------ safepoints

    /** A safepoint: if a collection is pending, stops here until it is done. */
    void poll();

    /**
     * Declares this mutator blocked (e.g. around a blocking call): collections proceed without
     * waiting for it. It must not touch the heap until the region is closed; closing waits for a
     * running collection to finish.
     */
    BlockedRegion block();

    /** Detaches from the heap; the mutator's handles die with it. */
    @Override
    void close();
}
