package org.korlang.gc;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A thread's view of the heap: its allocation buffer, its handle scopes and its safepoint state.
 * Detach with {@link #close()}.
 *
 * <h2>Misuse, for every method</h2>
 * <ul>
 * <li>Confined to the attaching thread: every method checks the calling thread and throws
 * {@link HandleMisuseException} on another one (one load and compare on the fast paths).</li>
 * <li>A detached mutator, or one inside a {@link #block() blocked region}, throws
 * {@link StaleReferenceException} saying which ("this mutator is detached" / "is blocked") from
 * every method except {@link #heap()} and {@link #close()} (and {@link #block()}'s region's
 * {@code close}).</li>
 * <li>A {@code null} {@link TypeId} gives {@link NullPointerException}.</li>
 * </ul>
 *
 * <h2>References</h2>
 * A reference ({@code long}) is accepted only if it is the start of a live object of this heap, as
 * recorded by the heap: {@code 0} (null), an address outside the heap, a misaligned one, one inside
 * an object (also one aimed at a header-shaped value written into an array), one where an object died,
 * one of another heap — {@link InvalidReferenceException}; one to an object the collector moved away,
 * or (with {@link HeapConfig#verify()} on) any reference obtained before the last collection —
 * {@link StaleReferenceException}, a subtype. Without verify, a raw reference kept across a
 * collection may also denote whatever object lives at that address now (it is an object start, so
 * memory stays safe; keep references in handles). Slots and indices are checked against the object's
 * layout: {@link LayoutViolationException}. A reference stored into the heap (field, element,
 * handle, global) passes the same checks, so the heap graph holds only object starts.
 *
 * <h2>Safepoints</h2>
 * Allocation may collect. Every raw reference held across an {@code allocate*}, {@link #poll()} or
 * {@link #block()} is stale; keep such references in handles.
 */
@ProviderType
public interface Mutator extends AutoCloseable {

    /** The heap this mutator is attached to (answers also when detached, from any thread). */
    Heap heap();

    // ------------------------------------------------------------------ allocation

    /**
     * Allocates a zeroed fixed-layout object.
     *
     * @throws IllegalArgumentException if {@code type} was not registered with this heap or is an
     *                                  array type
     * @throws HeapExhaustedException   if the object does not fit the heap limit even after a full
     *                                  collection (the heap is unchanged)
     */
    long allocate(TypeId type);

    /**
     * Allocates a fixed-layout object whose first reference slot (in slot order) is initialized
     * from a handle, the rest zeroed — the managed counterpart of a constructor {@code new T(x)}.
     * The handle is read after the allocation, so it sees the object even if the allocation
     * collected.
     *
     * @throws HandleMisuseException    if {@code refHandle0} is not a live handle of this mutator
     * @throws LayoutViolationException if the type has no reference slot
     * @throws IllegalArgumentException as {@link #allocate(TypeId)}
     * @throws HeapExhaustedException   as {@link #allocate(TypeId)}
     */
    long allocate(TypeId type, int refHandle0);

    /**
     * Like {@link #allocate(TypeId, int)} for the first two reference slots ({@code new T(x, y)}).
     *
     * @throws LayoutViolationException if the type has fewer than two reference slots
     */
    long allocate(TypeId type, int refHandle0, int refHandle1);

    /**
     * Allocates a zeroed array of {@code length} elements (an array type).
     *
     * @throws IllegalArgumentException if {@code length} is negative, or {@code type} is a fixed
     *                                  layout or not registered with this heap
     * @throws HeapExhaustedException   if the array does not fit the heap limit even after a full
     *                                  collection (at once if it is larger than the limit)
     */
    long allocateArray(TypeId type, int length);

    /**
     * Allocates a zeroed fixed-layout object that the collector never moves (header flag pinned).
     *
     * @throws IllegalArgumentException if {@code type} is an array type or not registered here
     * @throws HeapExhaustedException   as {@link #allocate(TypeId)}
     */
    long allocatePinned(TypeId type);

    /**
     * The type of the object {@code ref} points at.
     *
     * @throws InvalidReferenceException if {@code ref} is not an object start (see "References")
     */
    TypeId typeOf(long ref);

    // ------------------------------------------------------------------ fixed-layout fields

    /**
     * Reads primitive slot {@code slot} of a fixed-layout object.
     *
     * @throws InvalidReferenceException if {@code ref} is not an object start
     * @throws LayoutViolationException  if the object is an array, {@code slot} is outside its
     *                                   slots, or the slot holds a reference
     */
    long getLong(long ref, int slot);

    /** Writes a primitive slot; misuse as {@link #getLong}. */
    void putLong(long ref, int slot, long value);

    /** Reads a primitive slot as a double; misuse as {@link #getLong}. */
    double getDouble(long ref, int slot);

    /** Writes a primitive slot as a double; misuse as {@link #getLong}. */
    void putDouble(long ref, int slot, double value);

    /**
     * Reads a reference slot; {@code 0} for null.
     *
     * @throws InvalidReferenceException if {@code ref} is not an object start
     * @throws LayoutViolationException  if the object is an array, {@code slot} is outside its
     *                                   slots, or the slot holds primitive bits
     */
    long getRef(long ref, int slot);

    /**
     * Writes a reference slot (through the write barrier); {@code value} may be {@code 0}.
     *
     * @throws InvalidReferenceException if {@code ref}, or a non-zero {@code value}, is not an
     *                                   object start
     * @throws LayoutViolationException  as {@link #getRef}
     */
    void putRef(long ref, int slot, long value);

    // ------------------------------------------------------------------ arrays

    /**
     * The element count of an array.
     *
     * @throws InvalidReferenceException if {@code array} is not an object start
     * @throws LayoutViolationException  if the object is not an array
     */
    int length(long array);

    /**
     * Element of a reference array.
     *
     * @throws InvalidReferenceException if {@code array} is not an object start
     * @throws LayoutViolationException  if it is not a reference array, or {@code index} is outside
     *                                   {@code [0, length)}
     */
    long getRefElement(long array, int index);

    /**
     * Writes an element of a reference array (through the write barrier).
     *
     * @throws InvalidReferenceException if {@code array}, or a non-zero {@code value}, is not an
     *                                   object start
     * @throws LayoutViolationException  as {@link #getRefElement}
     */
    void putRefElement(long array, int index, long value);

    /**
     * Element of an 8-byte primitive array.
     *
     * @throws InvalidReferenceException if {@code array} is not an object start
     * @throws LayoutViolationException  if it is not a primitive array of 8-byte elements, or
     *                                   {@code index} is outside {@code [0, length)}
     */
    long getLongElement(long array, int index);

    /** Writes an element of an 8-byte primitive array; misuse as {@link #getLongElement}. */
    void putLongElement(long array, int index, long value);

    /** Element of an 8-byte primitive array, as a double; misuse as {@link #getLongElement}. */
    double getDoubleElement(long array, int index);

    /** Writes an element of an 8-byte primitive array as a double; misuse as {@link #getLongElement}. */
    void putDoubleElement(long array, int index, double value);

    /** Element of a 4-byte primitive array; misuse as {@link #getLongElement} for 4-byte elements. */
    int getIntElement(long array, int index);

    /** Writes an element of a 4-byte primitive array; misuse as {@link #getIntElement}. */
    void putIntElement(long array, int index, int value);

    /** Element of a 2-byte primitive array; misuse as {@link #getLongElement} for 2-byte elements. */
    short getShortElement(long array, int index);

    /** Writes an element of a 2-byte primitive array; misuse as {@link #getShortElement}. */
    void putShortElement(long array, int index, short value);

    /** Element of a 1-byte primitive array; misuse as {@link #getLongElement} for 1-byte elements. */
    byte getByteElement(long array, int index);

    /** Writes an element of a 1-byte primitive array; misuse as {@link #getByteElement}. */
    void putByteElement(long array, int index, byte value);

    // ------------------------------------------------------------------ handles

    /**
     * Opens a handle scope. Handles created until it closes belong to it; scopes close in LIFO
     * order ({@link HandleMisuseException} otherwise, and for a scope closed twice). Use with
     * try-with-resources.
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
     * with every mark taken after it.
     *
     * @throws HandleMisuseException if the mark is not outstanding (released already, dropped with an
     *                               outer mark or a closed scope, or never given out) or was taken
     *                               outside the innermost open scope
     */
    void release(int mark);

    /**
     * Creates a handle for {@code ref} (may be 0) in the innermost open scope (or below any scope).
     *
     * @throws InvalidReferenceException if a non-zero {@code ref} is not an object start
     */
    int handle(long ref);

    /**
     * The current reference held by a live handle of this mutator.
     *
     * @throws HandleMisuseException if {@code handle} is not live (its scope or mark was released, or
     *                               it was never given out)
     */
    long get(int handle);

    /**
     * Replaces the reference held by a live handle.
     *
     * @throws HandleMisuseException     as {@link #get(int)}
     * @throws InvalidReferenceException if a non-zero {@code ref} is not an object start
     */
    void set(int handle, long ref);

    /**
     * Creates a global handle (a root until closed, usable from any mutator of this heap).
     *
     * @throws InvalidReferenceException if a non-zero {@code ref} is not an object start
     */
    GlobalHandle newGlobal(long ref);

    /**
     * The current reference held by a global handle.
     *
     * @throws HandleMisuseException if the handle is closed, null, or of another heap
     */
    long get(GlobalHandle handle);

    /**
     * Replaces the reference held by a global handle.
     *
     * @throws HandleMisuseException     as {@link #get(GlobalHandle)}
     * @throws InvalidReferenceException if a non-zero {@code ref} is not an object start
     */
    void set(GlobalHandle handle, long ref);

    // ------------------------------------------------------------------ root areas
    // Misuse of every root-area method: an area that is closed, null or of another heap —
    // HandleMisuseException; a word index or live count outside the area — LayoutViolationException;
    // plus the thread and state rules above.

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
     * been written since the last collection (or be 0).
     *
     * @throws InvalidReferenceException if a newly covered word no longer names an object start (it
     *                                   was left from before a collection); the count is unchanged
     * @since 1.2
     */
    void liveRoots(RootArea area, int count);

    /** Reads reference word {@code index} of an area (0 for null). @since 1.2 */
    long getRoot(RootArea area, int index);

    /**
     * Writes reference word {@code index} of an area (no write barrier needed).
     *
     * @throws InvalidReferenceException if a non-zero {@code ref} is not an object start
     * @since 1.2
     */
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
     * waiting for it. It must not touch the heap or its handles until the region is closed (every
     * call but {@link #heap()} and {@link #close()} throws {@link StaleReferenceException} meanwhile);
     * closing waits for a running collection to finish. A thread waiting for another mutator's
     * thread must be blocked, or the collection that thread starts waits for it forever.
     */
    BlockedRegion block();

    /**
     * Detaches from the heap; the mutator's handles, scopes and marks die with it. Idempotent.
     *
     * @throws HandleMisuseException from another thread, while attached
     */
    @Override
    void close();
}
