package org.korlang.gc.torture;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.korlang.gc.BlockedRegion;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HandleMisuseException;
import org.korlang.gc.HandleScope;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.InvalidReferenceException;
import org.korlang.gc.LayoutViolationException;
import org.korlang.gc.Mutator;
import org.korlang.gc.RootArea;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.standalone.Heaps;
import org.korlang.os.Advice;
import org.korlang.os.MapFlag;
import org.korlang.os.MemoryHold;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.Prot;

/**
 * The state the heap API fuzz drives ({@link HeapApiFuzz}): one heap at a time (any policy, small
 * random configuration), a mutator attached to the fuzzing thread, a second one on a helper thread
 * (inside a blocked region whenever it is idle, so that collections never wait for it), the
 * references, handles, scopes, marks, global handles and blocked regions obtained so far — valid,
 * stale, closed or forged alike — and mappings, views and holds of the {@code Os}.
 *
 * <p>Every operation calls the API with arguments drawn by the fuzz and accepts only the outcomes the
 * API documents: success, or an exception of the types listed for that call (README, "Heap
 * guarantees"). Anything else — another exception type, a {@link HeapCorruptionException} from the
 * verifier, a hang (watchdog), a JVM crash (the parent test sees the child JVM die) — fails the run.
 */
final class FuzzWorld {

    /** What a mutator's accessors may throw. */
    static final List<Class<? extends Throwable>> ACCESS = List.of(InvalidReferenceException.class,
            LayoutViolationException.class, HandleMisuseException.class);
    /** What allocation may throw. */
    static final List<Class<? extends Throwable>> ALLOCATION = List.of(InvalidReferenceException.class,
            LayoutViolationException.class, HandleMisuseException.class, HeapExhaustedException.class,
            IllegalArgumentException.class);
    /** What Heap's methods may throw. */
    static final List<Class<? extends Throwable>> HEAP = List.of(IllegalStateException.class,
            IllegalArgumentException.class, NullPointerException.class, HandleMisuseException.class,
            HeapExhaustedException.class);
    /** What Os calls may throw, and the buffers they hand out. */
    static final List<Class<? extends Throwable>> OS = List.of(IllegalArgumentException.class, IllegalStateException.class,
            OsException.class, NullPointerException.class, ReadOnlyBufferException.class, IndexOutOfBoundsException.class,
            BufferOverflowException.class, BufferUnderflowException.class);

    private static final String[] POLICIES = {"generational", "marksweep", "semispace"};

    private final Os os = TortureOs.linux();
    private final long page = os.pageSize();
    private final ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-helper");
        t.setDaemon(true);
        return t;
    });

    /** The open heap, or null. */
    Heaps.ClosableHeap heap;
    /** The last heap made, open or closed: heap-level calls go to it, so they are fuzzed after close too. */
    Heaps.ClosableHeap lastHeap;
    TypeId node;
    TypeId pair;
    TypeId big;
    TypeId refs;
    TypeId longs;
    TypeId ints;
    TypeId shorts;
    TypeId bytes;
    /** A type of another heap (never of the current one). */
    TypeId foreign;

    Mutator m;
    /** The helper's mutator, and its blocked region while idle. */
    private Mutator other;
    private BlockedRegion otherIdle;

    final List<Long> refsSeen = new ArrayList<>();
    final List<Integer> handles = new ArrayList<>();
    final List<HandleScope> scopes = new ArrayList<>();
    final List<Integer> marks = new ArrayList<>();
    final List<GlobalHandle> globals = new ArrayList<>();
    /** Root areas, open or closed, of this heap or of earlier ones (kept across heaps on purpose). */
    final List<RootArea> areas = new ArrayList<>();
    final List<BlockedRegion> blocked = new ArrayList<>();
    final List<long[]> mappings = new ArrayList<>(); // {address, length}
    final List<ByteBuffer> views = new ArrayList<>();
    final List<MemoryHold> holds = new ArrayList<>();
    long calls;

    // =========================================================================== checked calls

    interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call}; an exception outside {@code allowed} fails the fuzz. */
    void expect(String what, List<Class<? extends Throwable>> allowed, Call call) {
        calls++;
        try {
            call.run();
        } catch (Throwable t) {
            for (Class<? extends Throwable> c : allowed) {
                if (c.isInstance(t) && !(t instanceof HeapCorruptionException)) {
                    return;
                }
            }
            throw new AssertionError(what + " threw an exception its API does not document: " + t, t);
        }
    }

    // =========================================================================== heap life cycle

    void newHeap(int policy, int limitMiB, int nurseryKiB, boolean verify, int gcThreads) {
        if (heap != null) {
            return;
        }
        String p = POLICIES[Math.floorMod(policy, POLICIES.length)];
        long nursery = Math.max(256, Math.min(4096, nurseryKiB)) * 1024L;
        HeapConfig c = HeapConfig.builder().heapLimitBytes(Math.max(1, Math.min(64, limitMiB)) * (1L << 20))
                .nurseryBytes(nursery).tlabBytes(Math.max(4096, nursery / 16)).verify(verify)
                .gcThreads(1 + Math.floorMod(gcThreads, 3)).policy(p).build();
        heap = Heaps.create(os, c, TortureOs.policy(p));
        lastHeap = heap;
        node = heap.registerType(TypeLayout.fixed("Node").slots(3).references(0, 1).build());
        pair = heap.registerType(TypeLayout.fixed("Pair").slots(2).references(1).build());
        big = heap.registerType(TypeLayout.fixed("Big").slots(1500).references(0, 7, 1499).build());
        refs = heap.registerType(TypeLayout.referenceArray("Object[]"));
        longs = heap.registerType(TypeLayout.primitiveArray("long[]", 8));
        ints = heap.registerType(TypeLayout.primitiveArray("int[]", 4));
        shorts = heap.registerType(TypeLayout.primitiveArray("short[]", 2));
        bytes = heap.registerType(TypeLayout.primitiveArray("byte[]", 1));
        if (foreign == null) {
            try (Heaps.ClosableHeap other = Heaps.create(os, HeapConfig.builder().heapLimitBytes(1L << 20)
                    .nurseryBytes(256L << 10).build())) {
                foreign = other.registerType(TypeLayout.fixed("Node").slots(3).references(0, 1).build());
            }
        }
        m = heap.attach();
        onHelper(() -> {
            other = heap.attach();
            otherIdle = other.block();
        });
    }

    /** Detaches everything and closes the heap (also the end of every run). */
    void closeHeap() {
        if (heap == null) {
            return;
        }
        for (BlockedRegion b : blocked) {
            expect("BlockedRegion.close", ACCESS, b::close);
        }
        blocked.clear();
        if (m != null) {
            expect("Mutator.close", ACCESS, m::close);
        }
        onHelper(() -> {
            otherIdle.close();
            other.close();
        });
        for (GlobalHandle g : globals) {
            g.close();
        }
        heap.close();
        // references, handles, scopes, marks and the detached mutator of the closed heap stay: using
        // them is fuzzed too
        heap = null;
    }

    /** Closes the heap, unmaps the mappings, stops the helper. */
    void dispose() {
        try {
            closeHeap();
        } finally {
            for (MemoryHold h : holds) {
                h.close();
            }
            for (long[] mp : mappings) {
                try {
                    os.munmap(mp[0], mp[1]);
                } catch (RuntimeException alreadyGone) {
                    // the fuzz may have unmapped it
                }
            }
            helper.shutdownNow();
        }
    }

    /**
     * Runs {@code task} on the helper thread and waits for it — inside a blocked region of this
     * thread's mutator (if it is attached and not blocked already), as the API requires around a
     * blocking wait: a collection the helper starts must not wait for this thread.
     */
    private void onHelper(Call task) {
        Future<?> f = helper.submit(() -> {
            task.run();
            return null;
        });
        BlockedRegion waiting = null;
        if (m != null) {
            try {
                waiting = m.block();
            } catch (RuntimeException detachedOrBlocked) {
                // already stopped for collections: nothing to declare
            }
        }
        try {
            f.get(60, TimeUnit.SECONDS); // a hang fails the fuzz
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("helper thread: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("helper thread did not finish within 60 s (hang?)", e);
        } finally {
            if (waiting != null) {
                waiting.close();
            }
        }
    }

    // =========================================================================== references

    void remember(long ref) {
        if (ref != 0) {
            refsSeen.add(ref);
            if (refsSeen.size() > 64) {
                refsSeen.remove(0);
            }
        }
    }

    /**
     * A reference of kind {@code kind}: a seen one (valid, stale or of a closed heap), one off by
     * {@code delta} bytes (interior, misaligned), with other tag bits, null, wild, or pointing at a
     * forged header written into a long[].
     */
    long ref(int kind, int pick, long delta) {
        long known = refsSeen.isEmpty() ? 0 : refsSeen.get(Math.floorMod(pick, refsSeen.size()));
        return switch (Math.floorMod(kind, 8)) {
            case 0, 1, 2 -> known;
            case 3 -> known + Math.floorMod(delta, 128) - 64;
            case 4 -> known ^ (Math.floorMod(delta, 0xFFFF) + 1L) << 48;
            case 5 -> 0;
            case 6 -> delta;
            default -> forged(delta);
        };
    }

    /** The address of element 2 of a fresh long[] whose elements look like an object of some type. */
    private long forged(long seed) {
        if (m == null) {
            return seed;
        }
        long[] out = {0};
        expect("forging", ALLOCATION, () -> {
            long a = m.allocateArray(longs, 8);
            TypeId t = switch (Math.floorMod(seed, 4)) {
                case 0 -> node;
                case 1 -> longs;
                case 2 -> refs;
                default -> big;
            };
            m.putLongElement(a, 1, t.header());
            m.putLongElement(a, 2, 1_000_000); // a forged array length
            remember(a);
            out[0] = a + 16 + 8;
        });
        return out[0];
    }

    // =========================================================================== mutator operations

    void allocate(int what, int length, int h0, int h1) {
        if (m == null) {
            return;
        }
        expect("allocate", ALLOCATION, () -> {
            long r = switch (Math.floorMod(what, 9)) {
                case 0 -> m.allocate(node);
                case 1 -> m.allocate(pair, h0);
                case 2 -> m.allocate(node, h0, h1);
                case 3 -> m.allocatePinned(node);
                case 4 -> m.allocate(big);
                case 5 -> m.allocateArray(longs, length);
                case 6 -> m.allocateArray(refs, length);
                case 7 -> m.allocateArray(Math.floorMod(length, 2) == 0 ? bytes : shorts, length);
                default -> Math.floorMod(length, 2) == 0 ? m.allocate(foreign) : m.allocateArray(node, length);
            };
            remember(r);
        });
    }

    /** A field or element access through a reference of the fuzz's choosing. */
    void access(int op, int kind, int pick, long delta, int index, long value) {
        if (m == null) {
            return;
        }
        long r = ref(kind, pick, delta);
        long v = ref(Math.floorMod(kind + 1, 8), pick + 1, value);
        expect("access " + op, ACCESS, () -> {
            switch (Math.floorMod(op, 22)) {
                case 0 -> m.getLong(r, index);
                case 1 -> m.putLong(r, index, value);
                case 2 -> m.getDouble(r, index);
                case 3 -> m.putDouble(r, index, Double.longBitsToDouble(value));
                case 4 -> remember(m.getRef(r, index));
                case 5 -> m.putRef(r, index, v);
                case 6 -> m.length(r);
                case 7 -> m.typeOf(r);
                case 8 -> remember(m.getRefElement(r, index));
                case 9 -> m.putRefElement(r, index, v);
                case 10 -> m.getLongElement(r, index);
                case 11 -> m.putLongElement(r, index, value);
                case 12 -> m.getIntElement(r, index);
                case 13 -> m.putIntElement(r, index, (int) value);
                case 14 -> m.getShortElement(r, index);
                case 15 -> m.putShortElement(r, index, (short) value);
                case 16 -> m.getByteElement(r, index);
                case 17 -> m.putByteElement(r, index, (byte) value);
                case 18 -> m.getDoubleElement(r, index);
                case 19 -> m.putDoubleElement(r, index, Double.longBitsToDouble(value));
                case 20 -> m.putRef(r, Math.floorMod(index, 2), v);
                default -> m.getLong(r, Math.floorMod(index, 3));
            }
        });
    }

    void handles(int op, int kind, int pick, long delta, int which) {
        if (m == null) {
            return;
        }
        expect("handles " + op, ACCESS, () -> {
            switch (Math.floorMod(op, 12)) {
                case 0 -> handles.add(m.handle(ref(kind, pick, delta)));
                case 1 -> remember(m.get(handle(which)));
                case 2 -> m.set(handle(which), ref(kind, pick, delta));
                case 3 -> scopes.add(m.openScope());
                case 4 -> scope(which).close();
                case 5 -> handles.add(scope(which).handle(ref(kind, pick, delta)));
                case 6 -> marks.add(m.mark());
                case 7 -> m.release(mark(which));
                case 8 -> globals.add(m.newGlobal(ref(kind, pick, delta)));
                case 9 -> remember(m.get(global(which)));
                case 10 -> m.set(global(which), ref(kind, pick, delta));
                default -> {
                    GlobalHandle g = global(which);
                    if (g != null) {
                        g.close();
                    }
                }
            }
        });
    }

    /**
     * Root areas (gc 1.2): sizes on both sides of the limits, live counts raised over words written
     * before a collection, words and counts out of range, areas closed or of a closed heap, null.
     */
    void rootAreas(int op, int kind, int pick, long delta, int index, int which) {
        if (m == null) {
            return;
        }
        expect("rootArea " + op, ALLOCATION, () -> {
            switch (Math.floorMod(op, 10)) {
                case 0 -> {
                    areas.add(m.newRootArea(index, Math.floorMod(which, 5) == 0 ? RootArea.MAX_WORDS : Math.floorMod(which, 4)));
                    if (areas.size() > 16) {
                        areas.remove(0);
                    }
                }
                case 1 -> m.liveRoots(area(which));
                case 2 -> m.liveRoots(area(which), index);
                case 3 -> remember(m.getRoot(area(which), index));
                case 4 -> m.setRoot(area(which), index, ref(kind, pick, delta));
                case 5 -> m.getData(area(which), index);
                case 6 -> m.setData(area(which), index, delta);
                case 7 -> area(which).close();
                case 8 -> m.getRoot(null, index);
                default -> { // write a word above the live count, then (maybe after collections) cover it
                    RootArea a = area(which);
                    m.setRoot(a, index, ref(kind, pick, delta));
                    m.liveRoots(a, index + 1);
                }
            }
        });
    }

    private RootArea area(int which) {
        if (areas.isEmpty()) {
            areas.add(m.newRootArea(4, 1));
        }
        return areas.get(Math.floorMod(which, areas.size()));
    }

    private int handle(int which) {
        return handles.isEmpty() || Math.floorMod(which, 5) == 0 ? which : handles.get(Math.floorMod(which, handles.size()));
    }

    private HandleScope scope(int which) {
        if (scopes.isEmpty()) {
            scopes.add(m.openScope());
        }
        return scopes.get(Math.floorMod(which, scopes.size()));
    }

    private int mark(int which) {
        return marks.isEmpty() || Math.floorMod(which, 5) == 0 ? which : marks.get(Math.floorMod(which, marks.size()));
    }

    private GlobalHandle global(int which) {
        return globals.isEmpty() ? null : globals.get(Math.floorMod(which, globals.size()));
    }

    void safepoints(int op, int which) {
        if (m == null) {
            return;
        }
        expect("safepoint " + op, ACCESS, () -> {
            switch (Math.floorMod(op, 4)) {
                case 0 -> m.poll();
                case 1 -> blocked.add(m.block());
                case 2 -> {
                    if (!blocked.isEmpty()) {
                        blocked.get(Math.floorMod(which, blocked.size())).close(); // perhaps twice
                    }
                }
                default -> {
                    m.close(); // detached: every later call on it must be refused
                    blocked.clear();
                }
            }
        });
    }

    /** A call on the fuzzing thread's mutator from the helper thread: always refused. */
    void foreignCall(int op, int kind, int pick, long delta) {
        if (m == null || heap == null) {
            return;
        }
        Mutator mine = m;
        long r = ref(kind, pick, delta);
        onHelper(() -> expect("foreign call " + op, ACCESS, () -> {
            switch (Math.floorMod(op, 6)) {
                case 0 -> mine.getLong(r, 2);
                case 1 -> mine.putRef(r, 0, r);
                case 2 -> mine.allocate(node);
                case 3 -> mine.handle(r);
                case 4 -> mine.mark();
                default -> mine.getLongElement(r, 0);
            }
            throw new AssertionError("a foreign thread's call on a mutator was accepted");
        }));
    }

    /** The helper's own mutator allocates and publishes through a global handle. */
    void otherMutator(int length) {
        if (heap == null) {
            return;
        }
        onHelper(() -> {
            otherIdle.close();
            try {
                expect("other mutator", ALLOCATION, () -> {
                    long a = other.allocateArray(longs, Math.floorMod(length, 3000));
                    globals.add(other.newGlobal(a));
                });
            } finally {
                otherIdle = other.block();
            }
        });
    }

    // =========================================================================== heap operations

    void heapCall(int op, int which) {
        Heaps.ClosableHeap heap = lastHeap; // perhaps closed
        if (heap == null) {
            return;
        }
        expect("heap " + op, HEAP, () -> {
            switch (Math.floorMod(op, 9)) {
                case 0 -> heap.collect(CollectionKind.values()[Math.floorMod(which, 3)]);
                case 1 -> heap.collect(null);
                case 2 -> heap.verify();
                case 3 -> heap.stats();
                case 4 -> heap.switchPolicy(Math.floorMod(which, 4) == 3 ? "nosuch"
                        : POLICIES[Math.floorMod(which, 3)].equals("semispace") ? null : POLICIES[Math.floorMod(which, 3)]);
                case 5 -> heap.switchPolicy(TortureOs.policy(POLICIES[Math.floorMod(which, 3)]));
                case 6 -> heap.registerType(Math.floorMod(which, 2) == 0 ? TypeLayout.fixed("Node").slots(4).build()
                        : TypeLayout.fixed("T" + Math.floorMod(which, 50)).slots(Math.floorMod(which, 70)).build());
                case 7 -> heap.type(Math.floorMod(which, 2) == 0 ? "Pair" : "NoSuchType");
                default -> m = heap.attach(); // refused while this thread's mutator is attached
            }
        });
    }

    /** Ends the heap's life with mutators still attached (refused) or closes it for real. */
    void closeAttempt(boolean forReal) {
        if (heap == null) {
            return;
        }
        if (forReal) {
            closeHeap();
        } else {
            expect("close with mutators attached", HEAP, heap::close);
        }
    }

    /** The verifier must find nothing, whatever the fuzz did through the API. */
    void verifyClean() {
        if (heap != null) {
            heap.verify();
        }
    }

    // =========================================================================== Os operations

    void os(int op, int which, long length, int protBits, int offset, long value) {
        expect("os " + op, OS, () -> {
            switch (Math.floorMod(op, 12)) {
                case 0 -> {
                    long len = Math.floorMod(length, 4 * page) + 1;
                    long a = os.mmap(0, len, prot(protBits), EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS), -1, 0);
                    mappings.add(new long[] {a, (len + page - 1) / page * page});
                }
                case 1 -> os.munmap(address(which, offset), page * (1 + Math.floorMod(length, 3)));
                case 2 -> os.mprotect(address(which, offset), page, prot(protBits));
                case 3 -> os.madvise(address(which, offset), page,
                        Advice.values()[Math.floorMod(protBits, Advice.values().length)]);
                case 4 -> views.add(os.memory(address(which, offset) + Math.floorMod(value, 64),
                        (int) Math.floorMod(length, 2 * page) + 1));
                case 5, 6 -> {
                    if (!views.isEmpty()) {
                        ByteBuffer b = views.get(Math.floorMod(which, views.size()));
                        int i = (int) Math.floorMod(value, b.capacity() + 16);
                        if (op % 2 == 0) {
                            b.putLong(i, value);
                        } else {
                            b.getLong(i);
                        }
                    }
                }
                case 7 -> holds.add(os.hold(address(which, offset), page, prot(protBits)));
                case 8 -> {
                    if (!holds.isEmpty()) {
                        holds.get(Math.floorMod(which, holds.size())).close();
                    }
                }
                case 9 -> os.futexWait(address(which, offset) + 4L * Math.floorMod(value, 4), (int) value, 0);
                case 10 -> os.futexWake(address(which, offset), 1 + Math.floorMod(protBits, 4));
                default -> views.removeIf(v -> Math.floorMod(which, 2) == 0); // drop views: let them be collected
            }
        });
    }

    private static Set<Prot> prot(int bits) {
        EnumSet<Prot> s = EnumSet.noneOf(Prot.class);
        if ((bits & 1) != 0) {
            s.add(Prot.READ);
        }
        if ((bits & 2) != 0) {
            s.add(Prot.WRITE);
        }
        return s;
    }

    /**
     * A page address: in one of the fuzz's mappings, in the heap (a page of a seen reference), or
     * anywhere.
     */
    private long address(int which, int offset) {
        long pageOffset = page * Math.floorMod(offset, 4);
        switch (Math.floorMod(which, 3)) {
            case 0:
                if (!mappings.isEmpty()) {
                    return mappings.get(Math.floorMod(which, mappings.size()))[0] + pageOffset;
                }
                // fall through
            case 1:
                if (!refsSeen.isEmpty()) {
                    return (refsSeen.get(Math.floorMod(offset, refsSeen.size())) & 0xFFFF_FFFF_FFFFL & -page) + pageOffset;
                }
                // fall through
            default:
                return 0x7000_0000_0000L + pageOffset;
        }
    }
}
