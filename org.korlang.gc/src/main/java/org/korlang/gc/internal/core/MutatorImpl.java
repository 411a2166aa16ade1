package org.korlang.gc.internal.core;

import static org.korlang.gc.spi.ObjectHeader.FORWARDED;
import static org.korlang.gc.spi.ObjectHeader.PINNED;
import static org.korlang.gc.spi.ObjectHeader.REMEMBERED;

import java.util.Arrays;

import org.korlang.gc.BlockedRegion;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HandleMisuseException;
import org.korlang.gc.HandleScope;
import org.korlang.gc.Heap;
import org.korlang.gc.InvalidReferenceException;
import org.korlang.gc.LayoutKind;
import org.korlang.gc.LayoutViolationException;
import org.korlang.gc.Mutator;
import org.korlang.gc.RootArea;
import org.korlang.gc.StaleReferenceException;
import org.korlang.gc.TypeId;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.MutatorView;
import org.korlang.gc.spi.ObjectHeader;

/**
 * One attached thread: its TLAB, handle stack, barrier log and safepoint state, and every checked
 * access of the heap's objects.
 *
 * <h2>Reference tags</h2>
 * A raw reference given to the caller is the object's address XOR-combined with {@link #tag} in bits
 * 48..63 (addresses use 47 bits). The tag is 0 normally; with verify on it is derived from the
 * collection count, so a reference kept across a collection carries an old tag. Every access first
 * computes {@code address = ref ^ tag}: a foreign tag leaves high bits set and the address then
 * fails the heap's range check — one XOR buys stale-reference detection, and the slow path only has
 * to explain the failure. While the mutator is blocked or detached the tag is {@link #DEAD_TAG} and
 * {@link #wordLimit} is 0, so no reference passes the range check, whatever its bits.
 *
 * <h2>Checked access: what a reference must prove</h2>
 * Before {@code Unsafe} touches an object, its reference must be shown to be the start of a live
 * object of this heap; then the header says what the access may reach. The fast path, inlined into
 * every accessor:
 * <ol>
 * <li>{@code w = rotateRight((ref ^ tag) - base, 3) <u wordLimit}: aligned, inside the reservation
 * below its guard zone (the guard covers any fixed slot of an object that starts there) — one rotate,
 * one compare;</li>
 * <li>the object-start bit of word {@code w} is set ({@link ObjectStarts}): one load from the side
 * bitmap, one shift, one test. This is what refuses an interior pointer, even one aimed at a forged
 * header inside a {@code long[]}, and an address where an object died;</li>
 * <li>one header load: not forwarded; for a fixed slot, slot below the slot count cached in the
 * header (an array's is 0, so no fixed-slot accessor reaches into one) and the header's reference
 * bit for the slot matching the accessor (slots 6 and up go through the type table); for an element,
 * the header's kind code (reference or element size), then the index against the stored length,
 * then the element address against the reservation.</li>
 * </ol>
 * Any failure goes to {@link #objectAddress}, the slow path, which checks everything again (with a
 * volatile read of the start bit) and either confirms the object or throws the exception that says
 * why. Stored references (fields, elements, handles) pass the same start check plus a registered,
 * unforwarded type, so the heap graph only ever holds object starts.
 *
 * <p>Why a bitmap: the alternatives were cheaper to maintain but not sound for every space —
 * size-class arithmetic proves cell starts in the segregated space but not in bump-allocated eden,
 * survivors or semispace, where objects of any size abut; a card/crossing map needs a walk from the
 * card's first object to the reference. The bitmap is one load per check (its words cover 512-byte
 * granules, so consecutive objects share cache lines) and costs 1/64 of the touched heap; its time
 * cost has not been measured in isolation yet (README, "Heap guarantees").
 *
 * <h2>Allocation</h2>
 * Bump pointer in {@code [tlabTop, tlabEnd)}; the plan hands out zeroed buffers (one memset per
 * TLAB, measured faster here than zeroing each object, which pays a read-for-ownership per line),
 * so the fast path writes only the header (and an array's length) and the object's start bit. Only
 * objects of at most {@link #bufferObjectLimit} bytes (the smaller of the large-object threshold and
 * a quarter TLAB) may take the fast path: a larger one belongs in the large-object space or outside
 * the buffer, and a plan's promotion relies on that (no young object is larger than the largest size
 * class). The fast path sets start bits with a plain read-modify-write, which is only safe where no
 * other thread writes the same bitmap word: so it runs only inside the buffer's granule-aligned
 * interior {@code [tlabFastStart, tlabFastEnd)} (a granule there holds objects of this buffer only);
 * objects in the head and tail granules, which a neighbouring buffer or another thread's allocation
 * outside a buffer may share, go through the slow path, whose bit is set with a CAS. In GC-stress mode and
 * while blocked {@code tlabEnd} is kept at {@code tlabTop} so every allocation takes the slow path,
 * which counts allocations (and refuses a blocked mutator).
 *
 * <h2>Write barrier</h2>
 * After a reference store: if the stored address lies in the plan's barrier range (the young
 * generation) and the holder does not, the holder is logged once (header bit REMEMBERED) in this
 * mutator's buffer. Two unsigned compares on the fast path.
 *
 * <h2>Safepoint states</h2>
 * {@link #state} is RUNNING, STOPPED (at a safepoint or blocked) or DETACHED. Leaving STOPPED writes
 * RUNNING and then re-reads the heap's stop flag (both volatile), the mirror image of the collector,
 * which writes the flag and then reads the states: one of the two always sees the other (Dekker).
 */
public final class MutatorImpl implements Mutator, MutatorView, org.korlang.gc.vmaccess.RawMutator {

    static final long TAG_MASK = 0xFFFFL << 48;
    static final long DEAD_TAG = 0x7FFFL << 48;
    static final int RUNNING = 0;
    static final int STOPPED = 1;
    static final int DETACHED = 2;

    private static final sun.misc.Unsafe U = Arena.UNSAFE;

    private final ManagedHeap heap;
    private final TypeRegistry registry;
    private final long base;
    private final long size;
    private final long span8;
    /**
     * Object starts pass {@code rotateRight(a - base, 3) <u wordLimit}: the rotation turns the byte
     * offset of an aligned address into its word index and moves the low bits of a misaligned one to
     * the top, so one unsigned compare checks range and alignment. The arena's guard covers the fixed
     * slots of any object start that passes. 0 while the mutator is blocked or detached: then nothing
     * passes, whatever the reference.
     */
    private long wordLimit;
    /** {@link #wordLimit} of a running mutator: the words of the reservation below its guard zone. */
    private final long objectWords;
    /** The object-start bitmap's first byte (see {@link ObjectStarts}). */
    private final long startsMap;
    private final ObjectStarts starts;
    private int typeCount;
    private final int id;
    private final Thread owner;
    private final boolean verify;
    private final int stressEvery;
    /** The largest object allocated in a buffer: min(large-object threshold, TLAB / 4). */
    private final long bufferObjectLimit;

    long tlabTop;
    /** The fast path allocates below this: {@link #tlabFastEnd} once it may, else {@link #tlabTop}. */
    long tlabEnd;
    private long tlabHardEnd;
    private long tlabStart;
    /**
     * The granule-aligned interior {@code [tlabFastStart, tlabFastEnd)} of the buffer: object-start
     * map words no other thread writes, so the fast path sets bits with a plain read-modify-write.
     */
    private long tlabFastStart;
    private long tlabFastEnd;

    long tag;
    private long barrierLow;
    private long barrierSpan;

    private long[] remBuf = new long[256];
    private int remCount;

    long[] handles = new long[256];
    int handleTop;
    private int[] scopeMarks = new int[16];
    /** {@link #markDepth} when each open scope was opened. */
    private int[] scopeMarkDepths = new int[16];
    /** One reusable scope object per depth: opening a scope allocates nothing. */
    private Scope[] scopes = new Scope[16];
    private int scopeDepth;
    /**
     * Outstanding marks ({@link #mark()}): the handle-stack height each one was taken at; a mark is
     * its index here, so a mark is released once — releasing it drops it and every mark above it.
     */
    private int[] marks = new int[16];
    private int markDepth;
    /** Marks below this index were taken outside the innermost open scope: out of reach. */
    private int markFloor;

    volatile int state = STOPPED;
    private Object planData;
    private long allocatedBytes;
    private int stressCountdown;
    private long stressCollections;
    private final Blocked blockedRegion = new Blocked();
    private boolean blocked;

    MutatorImpl(ManagedHeap heap, int id, Thread owner) {
        this.heap = heap;
        this.registry = heap.registry();
        this.base = heap.arena().base;
        this.size = heap.arena().size;
        this.span8 = size - 8;
        this.objectWords = heap.arena().objectSpan() >>> 3;
        this.starts = heap.arena().starts();
        this.startsMap = starts.mapBase;
        this.id = id;
        this.owner = owner;
        this.verify = heap.config().verify();
        this.stressEvery = heap.config().stressEvery();
        this.stressCountdown = stressEvery;
        this.bufferObjectLimit = Math.min(heap.config().largeObjectBytes(), heap.config().tlabBytes() / 4);
        this.typeCount = registry.table().count();
        this.tag = DEAD_TAG;
    }

    // =========================================================================== allocation

    @Override
    public long allocate(TypeId type) {
        long sz = type.fixedSize();
        long top = tlabTop;
        long nt = top + sz;
        if (nt > tlabEnd || sz == 0 || sz > bufferObjectLimit || !type.issuedBy(registry)
                || Thread.currentThread() != owner) {
            return allocateSlow(type, -1, false, false);
        }
        tlabTop = nt;
        U.putLong(top, type.header());
        long o = top - base; // the start bit: a granule of the buffer's interior, ours alone
        long w = startsMap + ((o >>> 9) << 3);
        U.putLong(w, U.getLong(w) | (1L << (o >>> 3)));
        return top | tag;
    }

    @Override
    public long allocate(TypeId type, int refHandle0) {
        if (Integer.compareUnsigned(refHandle0, handleTop) >= 0) {
            throw deadHandle(refHandle0);
        }
        long obj = allocate(type);
        long a = obj ^ tag;
        long v0 = handles[refHandle0];
        long h = type.header(); // the layout bits just written, without reading them back
        long bits = (h >>> ObjectHeader.REFS_SHIFT) & 0x3F;
        if (((h >>> ObjectHeader.SLOTS_SHIFT) & 0xFFFF) == 0 || bits == 0) {
            initSlow(a, type, v0, 0, 1);
        } else {
            U.putLong(a + 8 + ((long) Long.numberOfTrailingZeros(bits) << 3), v0);
            initBarrier(a, v0, 0);
        }
        return obj;
    }

    @Override
    public long allocate(TypeId type, int refHandle0, int refHandle1) {
        int top = handleTop;
        if (Integer.compareUnsigned(refHandle0, top) >= 0 || Integer.compareUnsigned(refHandle1, top) >= 0) {
            throw deadHandle(Integer.compareUnsigned(refHandle0, top) >= 0 ? refHandle0 : refHandle1);
        }
        long obj = allocate(type);
        long a = obj ^ tag;
        long[] hs = handles;
        long v0 = hs[refHandle0];
        long v1 = hs[refHandle1];
        long h = type.header(); // the layout bits just written, without reading them back
        long bits = (h >>> ObjectHeader.REFS_SHIFT) & 0x3F;
        if (((h >>> ObjectHeader.SLOTS_SHIFT) & 0xFFFF) == 0 || Long.bitCount(bits) < 2) {
            initSlow(a, type, v0, v1, 2);
        } else {
            U.putLong(a + 8 + ((long) Long.numberOfTrailingZeros(bits) << 3), v0);
            bits &= bits - 1;
            U.putLong(a + 8 + ((long) Long.numberOfTrailingZeros(bits) << 3), v1);
            initBarrier(a, v0, v1);
        }
        return obj;
    }

    /** Initializing stores into a fresh object need the barrier only if it was not allocated young. */
    private void initBarrier(long a, long v0, long v1) {
        long lo = barrierLow;
        long span = barrierSpan;
        if (Long.compareUnsigned(a - lo, span) >= 0
                && (Long.compareUnsigned(v0 - lo, span) < 0 || Long.compareUnsigned(v1 - lo, span) < 0)) {
            remember(a);
        }
    }

    private void initSlow(long a, TypeId type, long v0, long v1, int count) {
        int[] refs = type.layout().referenceSlots();
        if (refs.length < count) {
            throw new LayoutViolationException(type.layout() + " has " + refs.length + " reference slot(s), not " + count);
        }
        U.putLong(a + 8 + ((long) refs[0] << 3), v0);
        if (count > 1) {
            U.putLong(a + 8 + ((long) refs[1] << 3), v1);
        }
        initBarrier(a, v0, v1);
    }

    @Override
    public long allocateArray(TypeId type, int length) {
        if (length < 0 || type.fixedSize() != 0 || !type.issuedBy(registry)) {
            return allocateSlow(type, length, false, true);
        }
        long sz = ObjectHeader.ARRAY_BASE
                + ObjectHeader.align((long) length << Integer.numberOfTrailingZeros(type.layout().elementSize()));
        long top = tlabTop;
        long nt = top + sz;
        if (nt > tlabEnd || sz > bufferObjectLimit || Thread.currentThread() != owner) {
            return allocateSlow(type, length, false, true);
        }
        tlabTop = nt;
        U.putLong(top, type.header());
        U.putLong(top + 8, length);
        long o = top - base;
        long w = startsMap + ((o >>> 9) << 3);
        U.putLong(w, U.getLong(w) | (1L << (o >>> 3)));
        return top | tag;
    }

    @Override
    public long allocatePinned(TypeId type) {
        return allocateSlow(type, -1, true, false);
    }

    private long allocateSlow(TypeId type, int length, boolean pinned, boolean arrayCall) {
        checkRunning();
        if (!type.issuedBy(registry)) {
            throw new IllegalArgumentException("type " + type + " was not registered with this heap");
        }
        boolean array = type.layout().kind() != LayoutKind.FIXED;
        if (array != arrayCall) {
            throw new IllegalArgumentException(type + (array ? " is an array type: use allocateArray"
                    : " is a fixed-layout type: use allocate"));
        }
        if (array && length < 0) {
            throw new IllegalArgumentException("negative array length " + length);
        }
        if (array && pinned) {
            throw new IllegalArgumentException("only fixed-layout objects can be allocated pinned");
        }
        long sz = array ? registry.table().sizeFor(type.id(), length) : type.fixedSize();
        pollSafepoint();
        if (stressEvery > 0 && --stressCountdown <= 0) {
            stressCountdown = stressEvery;
            stressCollections++;
            heap.collect(this, stressCollections % 8 == 0 ? CollectionKind.FULL : CollectionKind.YOUNG, GcCause.STRESS);
            refreshAfterSafepoint();
        }
        long addr;
        while (true) {
            GcPlan plan = heap.plan();
            try {
                if (pinned || sz > bufferObjectLimit) {
                    addr = plan.allocateOutsideBuffer(this, sz, pinned);
                    allocatedBytes += sz;
                } else {
                    if (tlabTop + sz > tlabHardEnd || tlabTop == 0) {
                        plan.retireBuffer(this);
                        plan.refillBuffer(this, sz);
                    }
                    addr = tlabTop;
                    tlabTop = addr + sz; // refreshAfterSafepoint enables the fast path once in the interior
                }
                break;
            } catch (PlanReplacedException replaced) {
                // a policy switch ran while this mutator waited inside the old plan (its buffer was
                // retired by the switch): allocate again from the new plan
                refreshAfterSafepoint();
            }
        }
        refreshAfterSafepoint();
        if (!heap.arena().contains(addr, sz)) {
            throw heap.arena().outside(addr, sz);
        }
        U.putLong(addr, type.header() | (pinned ? PINNED : 0));
        if (array) {
            U.putLong(addr + 8, length);
        }
        starts.set(addr); // atomic: this granule may be shared with another thread's objects
        return addr | tag;
    }

    // =========================================================================== raw access (vmaccess)

    /**
     * The checked fast path untagged: the VM's objects must be recorded object starts like any other,
     * or the checked accessors, handles and root areas would refuse them, and the VM must not bump
     * this mutator's buffer from another thread either. Both checks cost a few instructions per
     * allocation.
     */
    @Override
    public long allocateRaw(TypeId type) {
        return allocate(type) ^ tag;
    }

    @Override
    public long allocateArrayRaw(TypeId type, int length) {
        return allocateArray(type, length) ^ tag;
    }

    @Override
    public void storeRef(long holder, long slotAddress, long value) {
        U.putLong(slotAddress, value);
        long lo = barrierLow;
        long span = barrierSpan;
        if (Long.compareUnsigned(value - lo, span) < 0 && Long.compareUnsigned(holder - lo, span) >= 0) {
            remember(holder);
        }
    }

    @Override
    public void rememberBulk(long holder) {
        if (barrierSpan != 0 && Long.compareUnsigned(holder - barrierLow, barrierSpan) >= 0) {
            remember(holder);
        }
    }

    @Override
    public boolean safepointRequested() {
        return heap.stopRequested;
    }

    @Override
    public void safepoint() {
        if (heap.stopRequested) {
            stopAndWait();
        }
    }

    // =========================================================================== root areas

    @Override
    public RootArea newRootArea(int rootWords, int dataWords) {
        if (rootWords < 0 || dataWords < 0 || (long) rootWords + dataWords > RootArea.MAX_WORDS) {
            throw new IllegalArgumentException("a root area has 0.." + RootArea.MAX_WORDS + " words in all, not "
                    + rootWords + " roots + " + dataWords + " data words");
        }
        TypeId type = heap.rootAreaType(1 + rootWords + dataWords);
        long a = allocateSlow(type, -1, true, false) ^ tag;
        return heap.rootAreas().add(a, rootWords, dataWords);
    }

    private RootAreas.Area area(RootArea area) {
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign();
        }
        if (!(area instanceof RootAreas.Area a) || !a.ownedBy(heap.rootAreas())) {
            throw new HandleMisuseException(area + " is not a root area of this heap");
        }
        return a;
    }

    private static int checkIndex(int index, int words, String what) {
        if (index < 0 || index >= words) {
            throw new LayoutViolationException(what + " word " + index + " is outside 0.." + (words - 1));
        }
        return index;
    }

    @Override
    public int liveRoots(RootArea area) {
        return (int) U.getLong(area(area).checkedAddress() + 8);
    }

    /**
     * Raising the live count puts words the collector has not been updating under its scan: each
     * newly covered non-zero word must still be a recorded object start (the same check as every
     * stored reference), so a word left from before a collection is refused here instead of being
     * traced from a dead or moved address. A word that now names another live object is memory-safe
     * (every accessor checks the header); the contract asks the owner to write the words first.
     */
    @Override
    public void liveRoots(RootArea area, int count) {
        RootAreas.Area a = area(area);
        if (count < 0 || count > a.rootWords) {
            throw new LayoutViolationException("live count " + count + " is outside 0.." + a.rootWords);
        }
        long addr = a.checkedAddress();
        for (long k = Math.max(0, Math.min(U.getLong(addr + 8), a.rootWords)); k < count; k++) {
            long v = U.getLong(addr + 16 + 8 * k);
            if (v != 0) {
                try {
                    storedValue(v ^ tag);
                } catch (InvalidReferenceException e) { // stale ones included
                    throw new InvalidReferenceException("reference word " + k + " of " + a + " was not written since "
                            + "the last collection and no longer names an object (write or zero it before raising "
                            + "the live count over it): " + e.getMessage());
                }
            }
        }
        U.putLong(addr + 8, count);
    }

    @Override
    public long getRoot(RootArea area, int index) {
        RootAreas.Area a = area(area);
        long v = U.getLong(a.checkedAddress() + 16 + 8L * checkIndex(index, a.rootWords, "reference"));
        return v == 0 ? 0 : v | tag;
    }

    @Override
    public void setRoot(RootArea area, int index, long ref) {
        RootAreas.Area a = area(area);
        long v = ref == 0 ? 0 : storedValue(ref);
        U.putLong(a.checkedAddress() + 16 + 8L * checkIndex(index, a.rootWords, "reference"), v);
    }

    @Override
    public long getData(RootArea area, int index) {
        RootAreas.Area a = area(area);
        return U.getLong(a.checkedAddress() + 16 + 8L * (a.rootWords + checkIndex(index, a.dataWords, "data")));
    }

    @Override
    public void setData(RootArea area, int index, long bits) {
        RootAreas.Area a = area(area);
        U.putLong(a.checkedAddress() + 16 + 8L * (a.rootWords + checkIndex(index, a.dataWords, "data")), bits);
    }

    // =========================================================================== fixed fields

    /**
     * The checked address of a slot of a fixed-layout object; {@code wantRef} selects the slot kind.
     * Fast path: range check of the object start, then the header's layout cache (slot count and
     * reference bits of slots 0..5) — the guard zone of the arena covers the slot itself.
     */
    private long slotAddress(long ref, int slot, boolean wantRef) {
        long a = ref ^ tag;
        long w = Long.rotateRight(a - base, 3);
        if (Long.compareUnsigned(w, wordLimit) >= 0 || ((U.getLong(startsMap + ((w >>> 6) << 3)) >>> w) & 1) == 0
                || Thread.currentThread() != owner) {
            a = objectAddress(ref); // explains the failure (or confirms a start another thread just made)
        }
        long h = U.getLong(a);
        if (Integer.compareUnsigned(slot, ObjectHeader.HEADER_REF_SLOTS) >= 0) {
            return slotAddressSlow(ref, slot, wantRef);
        }
        long bit = 1L << (ObjectHeader.REFS_SHIFT + slot);
        // an array's header has slot count 0 and its kind code where a fixed layout keeps its
        // reference bits: the slot-count test is what keeps fixed-slot accessors out of arrays
        if ((h & (FORWARDED | bit)) != (wantRef ? bit : 0) || slot >= ((int) (h >>> ObjectHeader.SLOTS_SHIFT) & 0xFFFF)) {
            return slotAddressSlow(ref, slot, wantRef);
        }
        return a + 8 + ((long) slot << 3);
    }

    private long slotAddressSlow(long ref, int slot, boolean wantRef) {
        long a = objectAddress(ref);
        long h = U.getLong(a);
        int t = ObjectHeader.typeId(h);
        TypeTable table = registry.table();
        TypeId type = table.typeId(t);
        if (type.layout().kind() != LayoutKind.FIXED) {
            throw new LayoutViolationException(type + " is an array: use the element accessors, not slot " + slot);
        }
        if (slot < 0 || slot >= type.layout().slots()) {
            throw new LayoutViolationException("slot " + slot + " is outside " + type.layout() + " (object at 0x"
                    + Long.toHexString(a) + ")");
        }
        if (table.isReferenceSlot(t, slot) != wantRef) {
            throw slotKindMismatch(a, h, slot, wantRef);
        }
        long fa = a + 8 + ((long) slot << 3);
        if (Long.compareUnsigned(fa - base, span8) > 0) {
            throw heap.arena().outside(fa, 8);
        }
        return fa;
    }

    private LayoutViolationException slotKindMismatch(long a, long h, int slot, boolean wantRef) {
        TypeId type = registry.table().typeId(ObjectHeader.typeId(h));
        return new LayoutViolationException("slot " + slot + " of " + type.layout() + " holds "
                + (wantRef ? "primitive bits: use getLong/putLong" : "a reference: use getRef/putRef")
                + " (object at 0x" + Long.toHexString(a) + ")");
    }

    /**
     * Validates {@code ref} as a reference to a live object and returns its address (slow path that
     * explains every failure).
     */
    long objectAddress(long ref) {
        checkOwner();
        if (tag == DEAD_TAG) {
            throw notRunning();
        }
        if ((ref & TAG_MASK) != tag) {
            if (ref == 0) {
                throw new InvalidReferenceException("null reference");
            }
            if (verify && (ref & TAG_MASK) != 0) {
                throw new StaleReferenceException(String.format(
                        "stale reference 0x%x: it was obtained before collection #%d ended (a raw reference was kept "
                                + "across a safepoint; keep it in a handle)", ref & ~TAG_MASK, heap.collectionCount()));
            }
            throw new InvalidReferenceException(String.format("0x%x is not a reference of this heap", ref));
        }
        long a = ref ^ tag;
        if (a == 0) {
            throw new InvalidReferenceException("null reference");
        }
        if ((a & 7) != 0 || Long.compareUnsigned(a - base, objectWords << 3) > 0) {
            throw new InvalidReferenceException(String.format("0x%x is not a reference into this heap%s", a,
                    (a & 7) != 0 && heap.arena().contains(a, 8) ? " (misaligned: objects start at multiples of 8)" : ""));
        }
        long h = U.getLong(a); // inside the reservation: readable, whatever it holds
        if (!starts.isSet(a)) { // a volatile read: sees a start another thread published before the reference
            if ((h & FORWARDED) != 0) {
                throw new StaleReferenceException(String.format("0x%x points at an object the collector moved away: "
                        + "a raw reference was kept across a collection (keep it in a handle)", a));
            }
            throw new InvalidReferenceException(String.format("0x%x is not the start of an object (an address inside "
                    + "an object, or where an object died)", a));
        }
        if ((h & FORWARDED) != 0) {
            throw new StaleReferenceException(String.format("0x%x points at an object the collector moved away: "
                    + "a raw reference was kept across a collection (keep it in a handle)", a));
        }
        int t = ObjectHeader.typeId(h);
        TypeTable table = registry.table();
        typeCount = table.count();
        if (table.typeId(t) == null) {
            throw new InvalidReferenceException(String.format("0x%x does not point at a live object (header 0x%x, %s)",
                    a, h, table.typeName(t)));
        }
        return a;
    }


    @Override
    public long getLong(long ref, int slot) {
        return U.getLong(slotAddress(ref, slot, false));
    }

    @Override
    public void putLong(long ref, int slot, long value) {
        U.putLong(slotAddress(ref, slot, false), value);
    }

    @Override
    public double getDouble(long ref, int slot) {
        return Double.longBitsToDouble(U.getLong(slotAddress(ref, slot, false)));
    }

    @Override
    public void putDouble(long ref, int slot, double value) {
        U.putLong(slotAddress(ref, slot, false), Double.doubleToRawLongBits(value));
    }

    @Override
    public long getRef(long ref, int slot) {
        long v = U.getLong(slotAddress(ref, slot, true));
        return v == 0 ? 0 : v | tag;
    }

    @Override
    public void putRef(long ref, int slot, long value) {
        long fa = slotAddress(ref, slot, true);
        long v = value == 0 ? 0 : storedValue(value);
        U.putLong(fa, v);
        long lo = barrierLow;
        long span = barrierSpan;
        if (Long.compareUnsigned(v - lo, span) < 0 && Long.compareUnsigned(fa - lo, span) >= 0) {
            remember(ref ^ tag);
        }
    }

    /**
     * Validates a reference about to be stored (in a field or handle) and returns its address: an
     * aligned object start in the heap whose header is a registered type and not forwarded.
     */
    private long storedValue(long value) {
        long v = value ^ tag;
        long w = Long.rotateRight(v - base, 3);
        if (Long.compareUnsigned(w, wordLimit) >= 0 || ((U.getLong(startsMap + ((w >>> 6) << 3)) >>> w) & 1) == 0
                || Thread.currentThread() != owner) {
            return objectAddress(value);
        }
        long h = U.getLong(v);
        int t = (int) (h >>> ObjectHeader.TYPE_SHIFT);
        if ((h & FORWARDED) != 0 || t < ObjectHeader.FIRST_USER_TYPE || t >= typeCount) {
            return objectAddress(value);
        }
        return v;
    }

    private void remember(long holder) {
        long h = U.getLong(holder);
        if ((h & REMEMBERED) == 0) {
            U.putLong(holder, h | REMEMBERED);
            if (remCount == remBuf.length) {
                heap.remembered().addAll(remBuf, remCount);
                remCount = 0;
            }
            remBuf[remCount++] = holder;
        }
    }

    // =========================================================================== arrays

    private static final int CODE_REF = ObjectHeader.ARRAY_CODE_REFERENCES;

    private static int primCode(int shift) {
        return ObjectHeader.ARRAY_CODE_PRIMITIVE | shift;
    }

    /** Checked address of element {@code index} of an array whose kind/shift code is {@code code}. */
    private long elementAddress(long array, int index, int code, int width) {
        long a = array ^ tag;
        long w = Long.rotateRight(a - base, 3);
        if (Long.compareUnsigned(w, wordLimit) >= 0 || ((U.getLong(startsMap + ((w >>> 6) << 3)) >>> w) & 1) == 0
                || Thread.currentThread() != owner) {
            a = objectAddress(array);
        }
        long h = U.getLong(a);
        if ((h & (FORWARDED | ObjectHeader.SLOTS_MASK)) != 0 || ((int) (h >>> ObjectHeader.REFS_SHIFT) & 0x3F) != code) {
            return elementAddressSlow(array, index, code, width);
        }
        long len = U.getLong(a + 8);
        if (Long.compareUnsigned(index, len) >= 0) {
            throw new LayoutViolationException("index " + index + " is outside array of length " + len);
        }
        long ea = a + ObjectHeader.ARRAY_BASE + ((long) index << (code & 3));
        if (Long.compareUnsigned(ea - base, size - width) > 0) {
            throw heap.arena().outside(ea, width);
        }
        return ea;
    }

    private long elementAddressSlow(long array, int index, int code, int width) {
        long a = objectAddress(array);
        long h = U.getLong(a);
        if ((h & ObjectHeader.LAYOUT_MASK) != (registry.table().headerOf(ObjectHeader.typeId(h)) & ObjectHeader.LAYOUT_MASK)) {
            throw new InvalidReferenceException(String.format("object 0x%x has a damaged header 0x%x", a, h));
        }
        TypeId type = registry.table().typeId(ObjectHeader.typeId(h));
        String want = code == CODE_REF ? "a reference array" : "a primitive array of " + (1 << (code & 3)) + "-byte elements";
        throw new LayoutViolationException(type.layout() + " is not " + want);
    }

    @Override
    public int length(long array) {
        long a = objectAddress(array);
        TypeId type = registry.table().typeId(ObjectHeader.typeId(U.getLong(a)));
        if (type.layout().kind() == LayoutKind.FIXED) {
            throw new LayoutViolationException(type.layout() + " is not an array");
        }
        return (int) U.getLong(a + 8);
    }

    @Override
    public long getRefElement(long array, int index) {
        long v = U.getLong(elementAddress(array, index, CODE_REF, 8));
        return v == 0 ? 0 : v | tag;
    }

    @Override
    public void putRefElement(long array, int index, long value) {
        long ea = elementAddress(array, index, CODE_REF, 8);
        long v = value == 0 ? 0 : storedValue(value);
        U.putLong(ea, v);
        long lo = barrierLow;
        long span = barrierSpan;
        if (Long.compareUnsigned(v - lo, span) < 0 && Long.compareUnsigned(ea - lo, span) >= 0) {
            remember(array ^ tag);
        }
    }

    @Override
    public long getLongElement(long array, int index) {
        return U.getLong(elementAddress(array, index, primCode(3), 8));
    }

    @Override
    public void putLongElement(long array, int index, long value) {
        U.putLong(elementAddress(array, index, primCode(3), 8), value);
    }

    @Override
    public double getDoubleElement(long array, int index) {
        return Double.longBitsToDouble(U.getLong(elementAddress(array, index, primCode(3), 8)));
    }

    @Override
    public void putDoubleElement(long array, int index, double value) {
        U.putLong(elementAddress(array, index, primCode(3), 8), Double.doubleToRawLongBits(value));
    }

    @Override
    public int getIntElement(long array, int index) {
        return U.getInt(elementAddress(array, index, primCode(2), 4));
    }

    @Override
    public void putIntElement(long array, int index, int value) {
        U.putInt(elementAddress(array, index, primCode(2), 4), value);
    }

    @Override
    public short getShortElement(long array, int index) {
        return U.getShort(elementAddress(array, index, primCode(1), 2));
    }

    @Override
    public void putShortElement(long array, int index, short value) {
        U.putShort(elementAddress(array, index, primCode(1), 2), value);
    }

    @Override
    public byte getByteElement(long array, int index) {
        return U.getByte(elementAddress(array, index, primCode(0), 1));
    }

    @Override
    public void putByteElement(long array, int index, byte value) {
        U.putByte(elementAddress(array, index, primCode(0), 1), value);
    }

    @Override
    public TypeId typeOf(long ref) {
        long a = objectAddress(ref);
        return registry.table().typeId(ObjectHeader.typeId(U.getLong(a)));
    }

    // =========================================================================== handles

    @Override
    public HandleScope openScope() {
        if (Thread.currentThread() != owner) {
            checkOwner();
        }
        if (tag == DEAD_TAG) {
            throw notRunning();
        }
        int depth = scopeDepth;
        if (depth == scopeMarks.length) {
            scopeMarks = Arrays.copyOf(scopeMarks, depth * 2);
            scopeMarkDepths = Arrays.copyOf(scopeMarkDepths, depth * 2);
            scopes = Arrays.copyOf(scopes, depth * 2);
        }
        scopeMarks[depth] = handleTop;
        scopeMarkDepths[depth] = markDepth;
        markFloor = markDepth;
        Scope sc = scopes[depth];
        if (sc == null) {
            sc = new Scope(this, depth + 1);
            scopes[depth] = sc;
        }
        scopeDepth = depth + 1;
        sc.open = true;
        return sc;
    }

    @Override
    public int mark() {
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign();
        }
        int d = markDepth;
        if (d == marks.length) {
            marks = Arrays.copyOf(marks, d * 2);
        }
        marks[d] = handleTop;
        markDepth = d + 1;
        return d;
    }

    @Override
    public void release(int mark) {
        if (mark < markFloor || mark >= markDepth || Thread.currentThread() != owner) {
            throw badMark(mark);
        }
        handleTop = marks[mark];
        markDepth = mark;
    }

    private RuntimeException badMark(int mark) {
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            return notRunningOrForeign();
        }
        if (mark >= markDepth && mark >= 0) {
            return new HandleMisuseException("release(" + mark + "): that mark is not outstanding (released already, "
                    + "dropped with an outer mark or a closed scope, or never given out); " + markDepth
                    + " mark(s) are outstanding");
        }
        return new HandleMisuseException("release(" + mark + "): " + (mark < 0 ? "not a mark"
                : "that mark was taken outside the innermost open scope (marks may not cross a scope's boundary)"));
    }

    @Override
    public int handle(long ref) {
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign();
        }
        long v = ref == 0 ? 0 : storedValue(ref);
        int top = handleTop;
        if (top == handles.length) {
            handles = Arrays.copyOf(handles, top * 2);
        }
        handles[top] = v;
        handleTop = top + 1;
        return top;
    }

    @Override
    public long get(int handle) {
        if (Integer.compareUnsigned(handle, handleTop) >= 0) {
            throw deadHandle(handle);
        }
        long v = handles[handle];
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign();
        }
        return v == 0 ? 0 : v | tag;
    }

    @Override
    public void set(int handle, long ref) {
        if (Integer.compareUnsigned(handle, handleTop) >= 0) {
            throw deadHandle(handle);
        }
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign();
        }
        handles[handle] = ref == 0 ? 0 : storedValue(ref);
    }

    private HandleMisuseException deadHandle(int handle) {
        return new HandleMisuseException("handle " + handle + " is not live: its scope was closed (live handles: 0.."
                + (handleTop - 1) + ")");
    }

    @Override
    public GlobalHandle newGlobal(long ref) {
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign();
        }
        return heap.globals().open(ref == 0 ? 0 : storedValue(ref));
    }

    @Override
    public long get(GlobalHandle handle) {
        long v = heap.globals().get(global(handle));
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign();
        }
        return v == 0 ? 0 : v | tag;
    }

    @Override
    public void set(GlobalHandle handle, long ref) {
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign();
        }
        heap.globals().set(global(handle), ref == 0 ? 0 : storedValue(ref));
    }

    private GlobalHandles.Global global(GlobalHandle handle) {
        if (!(handle instanceof GlobalHandles.Global g) || g.owner != heap.globals()) {
            throw new HandleMisuseException(handle + " is not a global handle of this heap");
        }
        return g;
    }

    /** A LIFO scope; the object is reused for the next scope opened at the same depth. */
    private static final class Scope implements HandleScope {
        private final MutatorImpl m;
        private final int depth;
        boolean open;

        Scope(MutatorImpl m, int depth) {
            this.m = m;
            this.depth = depth;
        }

        @Override
        public int handle(long ref) {
            if (!open || m.scopeDepth != depth) {
                throw new HandleMisuseException(!open ? "handle scope is closed" : "handle scope at depth " + depth
                        + " is not the innermost open scope (depth " + m.scopeDepth + ")");
            }
            return m.handle(ref);
        }

        @Override
        public void close() {
            m.checkOwner();
            if (!open) {
                throw new HandleMisuseException("handle scope is already closed (closed twice, or its mutator "
                        + "detached); a scope object must not be used once closed");
            }
            if (m.scopeDepth != depth) {
                throw new HandleMisuseException("handle scopes must close in LIFO order: closing depth " + depth
                        + " while depth " + m.scopeDepth + " is open");
            }
            if (m.tag == DEAD_TAG) {
                throw m.notRunning();
            }
            open = false;
            int d = --m.scopeDepth;
            // slots above the top are dead: roots are scanned below handleTop only, handle() overwrites
            m.handleTop = m.scopeMarks[d];
            // marks taken inside the scope go with it
            m.markDepth = m.scopeMarkDepths[d];
            m.markFloor = d == 0 ? 0 : m.scopeMarkDepths[d - 1];
        }
    }

    // =========================================================================== safepoints

    @Override
    public void poll() {
        if (tag == DEAD_TAG || Thread.currentThread() != owner) {
            throw notRunningOrForeign(); // a blocked mutator is stopped already: polling must not revive it
        }
        if (heap.stopRequested) {
            stopAndWait();
        }
    }

    private void pollSafepoint() {
        if (heap.stopRequested) {
            stopAndWait();
        }
    }

    private void stopAndWait() {
        state = STOPPED;
        resume();
    }

    /** Called by this mutator's thread before it waits for (or runs) a collection. */
    void enterStopped() {
        state = STOPPED;
    }

    /** Leaves the stopped state, waiting while a collection is in progress. */
    void resume() {
        while (true) {
            state = RUNNING;
            if (!heap.stopRequested) {
                break;
            }
            state = STOPPED;
            heap.awaitResume();
        }
        refreshAfterSafepoint();
    }

    private void refreshAfterSafepoint() {
        tag = heap.currentTag();
        wordLimit = objectWords + 1;
        typeCount = registry.table().count();
        GcPlan plan = heap.plan();
        barrierLow = plan.barrierLow();
        barrierSpan = plan.barrierHigh() - plan.barrierLow();
        tlabEnd = fastPathEnd();
    }

    /**
     * Where the fast path must stop: the end of the buffer's granule-aligned interior once the bump
     * pointer is inside it; the bump pointer itself (fast path off) before that — the head granule may
     * hold another thread's objects —, in GC-stress mode and while blocked.
     */
    private long fastPathEnd() {
        long top = tlabTop;
        return stressEvery == 0 && !blocked && top >= tlabFastStart && top < tlabFastEnd ? tlabFastEnd : top;
    }

    @Override
    public BlockedRegion block() {
        checkRunning();
        blocked = true;
        tag = DEAD_TAG;
        wordLimit = 0; // no access passes the fast checks
        tlabEnd = tlabTop; // no fast-path allocation: a collection may retire the buffer meanwhile
        state = STOPPED;
        return blockedRegion;
    }

    private final class Blocked implements BlockedRegion {
        @Override
        public void close() {
            checkOwner();
            if (!blocked) {
                return;
            }
            blocked = false;
            resume(); // the buffer, if a collection did not retire it meanwhile, and the fast checks again
        }
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new HandleMisuseException("mutator " + id + " belongs to thread " + owner.getName() + ", not "
                    + Thread.currentThread().getName());
        }
    }

    /** Attached and not inside a blocked region (read by its own thread). */
    boolean isRunnable() {
        return state != DETACHED && !blocked;
    }

    /** Why this thread cannot use this mutator now: another thread's, or blocked, or detached. */
    private RuntimeException notRunningOrForeign() {
        checkOwner();
        return notRunning();
    }

    /** Why this mutator cannot touch the heap or its handles now (blocked or detached). */
    StaleReferenceException notRunning() {
        return new StaleReferenceException(state == DETACHED || !blocked ? "this mutator is detached"
                : "this mutator is blocked: leave the blocked region before touching the heap or its handles");
    }

    private void checkRunning() {
        checkOwner();
        if (state == DETACHED) {
            throw new StaleReferenceException("this mutator is detached");
        }
        if (blocked) {
            throw new StaleReferenceException("this mutator is blocked: leave the blocked region first");
        }
    }

    @Override
    public void close() {
        if (state == DETACHED) {
            return;
        }
        checkOwner();
        heap.detach(this);
    }

    /** Detach work, called by the heap with the registry lock held (no collection can run). */
    void detached() {
        heap.plan().retireBuffer(this);
        if (remCount > 0) {
            heap.remembered().addAll(remBuf, remCount);
            remCount = 0;
        }
        for (int d = 0; d < scopeDepth; d++) {
            scopes[d].open = false;
        }
        handleTop = 0;
        scopeDepth = 0;
        markDepth = 0;
        markFloor = 0;
        tag = DEAD_TAG;
        wordLimit = 0;
        state = DETACHED;
    }

    @Override
    public Heap heap() {
        return heap;
    }

    // =========================================================================== MutatorView (plans)

    @Override
    public int id() {
        return id;
    }

    @Override
    public long bufferTop() {
        return tlabTop;
    }

    @Override
    public long bufferEnd() {
        return tlabHardEnd;
    }

    @Override
    public void setBuffer(long top, long end) {
        if (top != 0 && (!heap.arena().contains(top, end - top) || end < top)) {
            throw new IllegalArgumentException("allocation buffer outside the heap");
        }
        if (tlabStart != 0) {
            allocatedBytes += tlabTop - tlabStart;
        }
        tlabStart = top;
        tlabTop = top;
        tlabHardEnd = end;
        long g = ObjectStarts.GRANULE;
        tlabFastStart = top == 0 ? 0 : base + ((top - base + g - 1) & -g);
        tlabFastEnd = top == 0 ? 0 : base + ((end - base) & -g);
        tlabEnd = fastPathEnd();
    }

    @Override
    public Object planData() {
        return planData;
    }

    @Override
    public void planData(Object data) {
        planData = data;
    }

    // =========================================================================== heap-side access

    Thread owner() {
        return owner;
    }

    long allocatedBytes() {
        return allocatedBytes + (tlabStart != 0 ? tlabTop - tlabStart : 0);
    }

    long[] rememberedBuffer() {
        return remBuf;
    }

    int rememberedCount() {
        return remCount;
    }

    void flushRemembered(Remembered set) {
        if (remCount > 0) {
            long[] b = remBuf;
            int n = remCount;
            remCount = 0;
            set.addAll(b, n);
        }
    }
}
