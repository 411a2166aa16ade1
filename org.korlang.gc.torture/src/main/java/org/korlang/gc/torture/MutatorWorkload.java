package org.korlang.gc.torture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.korlang.gc.BlockedRegion;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HandleScope;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.LayoutKind;
import org.korlang.gc.Mutator;

/**
 * One mutator thread of the torture: random operations on its own object graph, each mirrored in a
 * shadow model, and checks that walk the heap graph against the model field by field.
 *
 * <h2>Roots and model</h2>
 * The mutator's objects hang off a root table (an {@code Object[]} in a handle) and a few global
 * handles; objects also reference one another (shared targets, cycles), so an object dropped from
 * the table may live on through references. The model maps shadow ids to {@link ShadowObject}s and
 * records, per root slot and global, which id it holds. Every object carries its id (see
 * {@link Shapes}); a check follows every reference it meets, requires the target to be the modelled
 * object (its id, and within one check the same address for the same id), and compares every
 * primitive position it looks at: all of them in a full check, first/last/written/random ones in a
 * sampled check.
 *
 * <h2>Operations</h2>
 * Allocate (every shape and size, pinned now and then, the constructor-like allocations with
 * handles), write primitives and references, drop roots, check, nested scopes and marks with
 * collections inside, polls and blocked regions, global handles, publishing immutable checksummed
 * arrays to the other mutators through a shared table and checking theirs, fragmentation bursts (many
 * objects of one size, every second dropped) and near-limit bursts (large arrays until the heap is
 * exhausted, then a full check and recovery). The only exception an operation may meet is
 * {@link HeapExhaustedException} from an allocation, which leaves model and heap unchanged.
 *
 * <h2>Safepoints</h2>
 * Raw references are used only between two safepoints: every operation reads what it needs from
 * handles after its last allocation.
 */
final class MutatorWorkload implements Runnable {

    static final int ROOTS = 192;
    private static final int BURST = 512;
    private static final int FULL_CHECK_EVERY = 4000;

    private final Torture torture;
    private final Heap heap;
    private final Shapes shapes;
    final int index;
    private final Random rnd;
    private Mutator m;

    private final Map<Long, ShadowObject> model = new HashMap<>();
    private final long[] rootIds = new long[ROOTS];
    private final long[] burstIds = new long[BURST];
    private final List<GlobalHandle> globals = new ArrayList<>();
    private final List<Long> globalIds = new ArrayList<>();
    private int rootTable;
    private int burstTable;
    private long nextId;
    private long publishedVersion;

    // counters, read by the orchestrator when the run ends (steps also while it runs)
    volatile long steps;
    long allocations;
    long bytesAllocated;
    long objectsChecked;
    long fieldsChecked;
    long exhaustions;
    long recoveries;
    long hubChecks;

    MutatorWorkload(Torture torture, int index, long seed) {
        this.torture = torture;
        this.heap = torture.heap();
        this.shapes = torture.shapes();
        this.index = index;
        this.rnd = new Random(seed);
        this.nextId = ((long) (index + 1) << 48) | 1;
    }

    @Override
    public void run() {
        try (Mutator mm = heap.attach()) {
            m = mm;
            try (HandleScope s = m.openScope()) {
                rootTable = s.handle(allocateUntilItFits(shapes.refs, ROOTS));
                burstTable = s.handle(allocateUntilItFits(shapes.refs, BURST));
                while (!torture.stopping()) {
                    step();
                    steps++;
                    if (steps % FULL_CHECK_EVERY == 0) {
                        fullCheck();
                    }
                }
                fullCheck();
            }
            for (GlobalHandle g : globals) {
                g.close();
            }
        } catch (Throwable t) {
            torture.fail("mutator " + index + " after " + steps + " steps", t);
        }
    }

    private long allocateUntilItFits(Shapes.Shape shape, int length) {
        for (int attempt = 0; ; attempt++) {
            try {
                return m.allocateArray(shape.type, length);
            } catch (HeapExhaustedException e) {
                if (attempt > 1000 || torture.stopping()) {
                    throw e;
                }
                m.poll();
            }
        }
    }

    private void step() {
        int p = rnd.nextInt(1000);
        try {
            if (p < 370) {
                allocateRoot();
            } else if (p < 520) {
                writePrimitive();
            } else if (p < 660) {
                writeReference();
            } else if (p < 740) {
                dropRoot();
            } else if (p < 860) {
                checkRandomRoot();
            } else if (p < 900) {
                scopesAndMarks();
            } else if (p < 925) {
                pollOrBlock();
            } else if (p < 955) {
                publishOrReadHub();
            } else if (p < 975) {
                globalHandles();
            } else if (p < 996) {
                fragmentationBurst();
            } else {
                nearLimitBurst();
            }
        } catch (HeapExhaustedException e) {
            exhaustions++;
            relieve();
        }
    }

    // =========================================================================== allocation

    private long newId() {
        return nextId++;
    }

    /** Allocates an object of a random shape and size into a random root slot. */
    private void allocateRoot() {
        Shapes.Shape shape;
        int length;
        boolean fixed = rnd.nextInt(3) == 0;
        if (fixed) {
            shape = shapes.anyFixed(rnd);
            length = shape.slots;
        } else {
            shape = shapes.anyArray(rnd);
            length = Shapes.lengthFor(shape, shapes.anySize(rnd));
        }
        ShadowObject so = new ShadowObject(newId(), shape, length);
        long obj;
        int mark = m.mark();
        try {
            if (fixed && shape.refSlots.length >= 1 && rnd.nextInt(4) == 0) {
                obj = constructorLike(shape, so); // the allocate(type, handles...) form
            } else if (fixed && shape.bytes(length) <= 8192 && rnd.nextInt(20) == 0) {
                obj = m.allocatePinned(shape.type);
            } else {
                obj = fixed ? m.allocate(shape.type) : m.allocateArray(shape.type, length);
            }
        } finally {
            m.release(mark);
        }
        // no safepoint from here on: raw references stay valid
        initialize(obj, so);
        int slot = rnd.nextInt(ROOTS);
        m.putRefElement(m.get(rootTable), slot, obj);
        rootIds[slot] = so.id;
        model.put(so.id, so);
        allocations++;
        bytesAllocated += shape.bytes(length);
    }

    /** {@code allocate(type, h0[, h1])} with handles of random root objects (or null). */
    private long constructorLike(Shapes.Shape shape, ShadowObject so) {
        int j0 = randomRoot();
        int j1 = randomRoot();
        long t0 = j0 < 0 ? 0 : m.getRefElement(m.get(rootTable), j0);
        long t1 = j1 < 0 ? 0 : m.getRefElement(m.get(rootTable), j1);
        int h0 = m.handle(t0);
        int h1 = m.handle(t1);
        long obj;
        if (shape.refSlots.length >= 2 && rnd.nextBoolean()) {
            obj = m.allocate(shape.type, h0, h1);
            so.refs.put(shape.refSlots[1], j1 < 0 ? 0L : rootIds[j1]);
        } else {
            obj = m.allocate(shape.type, h0);
        }
        so.refs.put(shape.refSlots[0], j0 < 0 ? 0L : rootIds[j0]);
        return obj;
    }

    /** Writes the id and a few random primitives and references into a fresh object. */
    private void initialize(long obj, ShadowObject so) {
        writeId(obj, so);
        int prims = rnd.nextInt(5);
        for (int k = 0; k < prims; k++) {
            writeRandomPrimitive(obj, so);
        }
        int refs = rnd.nextInt(4);
        for (int k = 0; k < refs; k++) {
            writeRandomReference(obj, so);
        }
    }

    private void writeId(long obj, ShadowObject so) {
        if (!so.carriesId()) {
            return;
        }
        Shapes.Shape s = so.shape;
        if (!s.isArray()) {
            m.putLong(obj, s.idSlot, so.id);
            return;
        }
        for (int i = 0; (long) i * s.elementSize < 8; i++) {
            long part = so.idPart(i);
            switch (s.elementSize) {
                case 1 -> m.putByteElement(obj, i, (byte) part);
                case 2 -> m.putShortElement(obj, i, (short) part);
                case 4 -> m.putIntElement(obj, i, (int) part);
                default -> m.putLongElement(obj, i, part);
            }
        }
    }

    // =========================================================================== mutation

    private void writePrimitive() {
        int j = randomRoot();
        if (j >= 0) {
            writeRandomPrimitive(m.getRefElement(m.get(rootTable), j), model.get(rootIds[j]));
        }
    }

    private void writeReference() {
        int j = randomRoot();
        if (j >= 0) {
            writeRandomReference(m.getRefElement(m.get(rootTable), j), model.get(rootIds[j]));
        }
    }

    private void writeRandomPrimitive(long obj, ShadowObject so) {
        int i = randomPosition(so);
        if (i < 0 || so.isRef(i) || so.isIdPosition(i)) {
            return;
        }
        long v = rnd.nextLong();
        Shapes.Shape s = so.shape;
        if (!s.isArray()) {
            if (rnd.nextBoolean()) {
                m.putLong(obj, i, v);
            } else {
                double d = rnd.nextDouble() * 1e9 - 5e8; // never NaN: raw bits round-trip
                m.putDouble(obj, i, d);
                v = Double.doubleToRawLongBits(d);
            }
            so.prims.put(i, v);
        } else {
            so.prims.put(i, putElement(obj, s, i, v));
        }
    }

    private void writeRandomReference(long obj, ShadowObject so) {
        int i = randomRefPosition(so);
        if (i < 0) {
            return;
        }
        int j = rnd.nextInt(10) < 8 ? randomRoot() : -1;
        long target = j < 0 ? 0 : m.getRefElement(m.get(rootTable), j);
        if (so.shape.isArray()) {
            m.putRefElement(obj, i, target);
        } else {
            m.putRef(obj, i, target);
        }
        so.refs.put(i, j < 0 ? 0L : rootIds[j]);
    }

    private void dropRoot() {
        int j = rnd.nextInt(ROOTS);
        m.putRefElement(m.get(rootTable), j, 0);
        rootIds[j] = 0;
    }

    /** After an exhaustion: drop a quarter of the roots (their objects may live on through references). */
    private void relieve() {
        for (int k = 0; k < ROOTS / 4; k++) {
            dropRoot();
        }
    }

    // =========================================================================== handles, safepoints

    /** Nested scopes and marks holding root objects across allocations that may collect. */
    private void scopesAndMarks() {
        int j = randomRoot();
        if (j < 0) {
            return;
        }
        long id = rootIds[j];
        try (HandleScope outer = m.openScope()) {
            int h = outer.handle(m.getRefElement(m.get(rootTable), j));
            try (HandleScope inner = m.openScope()) {
                for (int k = 0; k < 1 + rnd.nextInt(20); k++) {
                    int mark = m.mark();
                    inner.handle(m.allocate(shapes.fixed.get(rnd.nextInt(4)).type)); // garbage soon
                    m.release(mark);
                }
                if (rnd.nextInt(8) == 0) {
                    heap.collect(rnd.nextBoolean() ? CollectionKind.YOUNG : CollectionKind.FULL);
                }
            }
            // the handle followed the object wherever it moved: the same object the table holds
            check(m.get(h), model.get(id), false);
            if (rootIds[j] == id && m.get(h) != m.getRefElement(m.get(rootTable), j)) {
                throw new AssertionError("a handle and the root table disagree about object #" + id);
            }
        }
    }

    private void pollOrBlock() {
        if (rnd.nextBoolean()) {
            m.poll();
        } else {
            try (BlockedRegion b = m.block()) {
                Thread.onSpinWait();
            }
        }
    }

    /** Global handles on root objects: opened, checked through, closed. */
    private void globalHandles() {
        if (!globals.isEmpty() && (globals.size() > 16 || rnd.nextBoolean())) {
            int k = rnd.nextInt(globals.size());
            GlobalHandle g = globals.get(k);
            long id = globalIds.get(k);
            long ref = m.get(g);
            check(ref, model.get(id), false);
            if (rnd.nextBoolean()) {
                g.close();
                globals.remove(k);
                globalIds.remove(k);
            }
            return;
        }
        int j = randomRoot();
        if (j >= 0) {
            globals.add(m.newGlobal(m.getRefElement(m.get(rootTable), j)));
            globalIds.add(rootIds[j]);
        }
    }

    /**
     * Publishes an immutable long[] (values plus their checksum) into this mutator's slot of the
     * shared hub, or checks what another mutator published.
     */
    private void publishOrReadHub() {
        GlobalHandle hub = torture.hub();
        int n = torture.mutatorCount();
        if (rnd.nextBoolean()) {
            int len = 2 + rnd.nextInt(200);
            long a = m.allocateArray(shapes.longs.type, len);
            long sum = 0;
            long v0 = ++publishedVersion * 1_000_003 + index;
            for (int i = 0; i < len - 1; i++) {
                long v = v0 * 31 + i;
                m.putLongElement(a, i, v);
                sum = sum * 1_000_003 + v;
            }
            m.putLongElement(a, len - 1, sum);
            m.putRefElement(m.get(hub), index, a);
        } else {
            long a = m.getRefElement(m.get(hub), rnd.nextInt(n));
            if (a == 0) {
                return;
            }
            int len = m.length(a);
            long sum = 0;
            for (int i = 0; i < len - 1; i++) {
                sum = sum * 1_000_003 + m.getLongElement(a, i);
            }
            if (sum != m.getLongElement(a, len - 1)) {
                throw new AssertionError("a published array of " + len + " elements fails its checksum");
            }
            hubChecks++;
            fieldsChecked += len;
        }
    }

    // =========================================================================== bursts

    /**
     * Many objects of one size (a size class exactly, or a large one) into the burst table, then
     * every second one dropped: the heap must reuse the holes (fragmentation) without losing the rest.
     */
    private void fragmentationBurst() {
        // the previous burst goes
        long table = m.get(burstTable);
        for (int i = 0; i < BURST; i++) {
            if (burstIds[i] != 0) {
                m.putRefElement(table, i, 0);
                burstIds[i] = 0;
            }
        }
        Shapes.Shape shape = rnd.nextBoolean() ? shapes.longs : shapes.bytes;
        long bytes = rnd.nextInt(4) == 0 ? 8192 + 8 * (1 + rnd.nextInt(1024))
                : Shapes.CELL_SIZES[rnd.nextInt(Shapes.CELL_SIZES.length)];
        int length = Math.max(1, Shapes.lengthFor(shape, bytes));
        int count = 64 + rnd.nextInt(BURST - 64);
        int i = 0;
        try {
            for (; i < count; i++) {
                long a = m.allocateArray(shape.type, length);
                ShadowObject so = new ShadowObject(newId(), shape, length);
                writeId(a, so);
                int last = length - 1;
                if (!so.isIdPosition(last)) {
                    so.prims.put(last, putElement(a, shape, last, i));
                }
                m.putRefElement(m.get(burstTable), i, a);
                burstIds[i] = so.id;
                model.put(so.id, so);
                allocations++;
                bytesAllocated += shape.bytes(length);
            }
        } catch (HeapExhaustedException e) {
            exhaustions++;
        }
        for (int k = 0; k < i; k += 2) {
            m.putRefElement(m.get(burstTable), k, 0);
            burstIds[k] = 0;
        }
        // what is left must be intact
        for (int k = 1; k < i; k += 2) {
            check(m.getRefElement(m.get(burstTable), k), model.get(burstIds[k]), false);
        }
    }

    /**
     * Large arrays until the heap is exhausted (all mutators' data counts), then a full check of this
     * mutator's graph, then the arrays go and allocation must work again.
     */
    private void nearLimitBurst() {
        boolean exhausted = false;
        try (HandleScope s = m.openScope()) {
            int holder = s.handle(m.allocateArray(shapes.refs.type, 4096));
            for (int i = 0; i < 4096 && !torture.stopping(); i++) {
                long a;
                try {
                    a = m.allocateArray(shapes.longs.type, 8192 + rnd.nextInt(24576));
                } catch (HeapExhaustedException e) {
                    exhausted = true;
                    exhaustions++;
                    break;
                }
                m.putLongElement(a, 0, i);
                m.putRefElement(m.get(holder), i, a);
            }
            if (exhausted) {
                fullCheck(); // nothing of ours was damaged by running out
            }
        }
        if (exhausted) {
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    long a = m.allocateArray(shapes.longs.type, 8192);
                    m.putLongElement(a, 8191, 1);
                    recoveries++;
                    return;
                } catch (HeapExhaustedException stillFull) {
                    // other mutators may be at the limit too: let them move on
                    m.poll();
                    Thread.yield();
                }
            }
        }
    }

    // =========================================================================== checks

    private void checkRandomRoot() {
        int j = randomRoot();
        if (j >= 0) {
            check(m.getRefElement(m.get(rootTable), j), model.get(rootIds[j]), rnd.nextInt(8) == 0);
        }
    }

    /**
     * Every root object, global and burst object, completely; then the model forgets what is no
     * longer reachable from them.
     */
    void fullCheck() {
        Map<Long, Long> seen = new HashMap<>();
        long table = m.get(rootTable);
        for (int j = 0; j < ROOTS; j++) {
            long ref = m.getRefElement(table, j);
            if (rootIds[j] == 0) {
                expect(ref == 0, "root slot " + j + " should be empty");
            } else {
                walk(ref, model.get(rootIds[j]), true, seen);
            }
        }
        long burst = m.get(burstTable);
        for (int i = 0; i < BURST; i++) {
            long ref = m.getRefElement(burst, i);
            if (burstIds[i] == 0) {
                expect(ref == 0, "burst slot " + i + " should be empty");
            } else {
                walk(ref, model.get(burstIds[i]), true, seen);
            }
        }
        for (int k = 0; k < globals.size(); k++) {
            walk(m.get(globals.get(k)), model.get(globalIds.get(k)), true, seen);
        }
        model.keySet().retainAll(seen.keySet()); // unreachable objects are gone from the heap too
    }

    /** Checks the object {@code ref} and everything reachable from it against the model. */
    private void check(long ref, ShadowObject so, boolean full) {
        walk(ref, so, full, new HashMap<>());
    }

    /**
     * Breadth-first over the graph from {@code ref}: each object once; an id met again must be at the
     * same address (no safepoint happens during a walk, so addresses are stable).
     */
    private void walk(long ref, ShadowObject so, boolean full, Map<Long, Long> seen) {
        ArrayDeque<Long> refs = new ArrayDeque<>();
        ArrayDeque<ShadowObject> shadows = new ArrayDeque<>();
        refs.add(ref);
        shadows.add(expectModelled(so, ref));
        while (!refs.isEmpty()) {
            long r = refs.poll();
            ShadowObject s = shadows.poll();
            Long at = seen.putIfAbsent(s.id, r);
            if (at != null) {
                expect(at == r, "object " + s + " is at two addresses: 0x" + Long.toHexString(at) + " and 0x"
                        + Long.toHexString(r));
                continue;
            }
            checkOne(r, s, full, refs, shadows);
        }
    }

    private ShadowObject expectModelled(ShadowObject so, long ref) {
        if (so == null) {
            throw new AssertionError("the torture lost the model of the object at 0x" + Long.toHexString(ref));
        }
        return so;
    }

    private void checkOne(long ref, ShadowObject so, boolean full, ArrayDeque<Long> refs, ArrayDeque<ShadowObject> shadows) {
        expect(ref != 0, "object " + so + " is null");
        expect(m.typeOf(ref) == so.shape.type, "object " + so + " has type " + m.typeOf(ref));
        if (so.shape.isArray()) {
            expect(m.length(ref) == so.length, "object " + so + " has length " + m.length(ref));
        }
        int n = so.length;
        Set<Integer> positions;
        if (full || n <= 64) {
            positions = null; // all
        } else {
            positions = new HashSet<>(so.prims.keySet());
            positions.addAll(so.refs.keySet());
            positions.add(0);
            positions.add(n - 1);
            for (int k = 0; k < 8; k++) {
                positions.add(rnd.nextInt(n));
            }
        }
        if (positions == null) {
            for (int i = 0; i < n; i++) {
                checkPosition(ref, so, i, refs, shadows);
            }
            fieldsChecked += n;
        } else {
            for (int i : positions) {
                checkPosition(ref, so, i, refs, shadows);
            }
            fieldsChecked += positions.size();
        }
        objectsChecked++;
    }

    private void checkPosition(long ref, ShadowObject so, int i, ArrayDeque<Long> refs, ArrayDeque<ShadowObject> shadows) {
        if (so.isRef(i)) {
            long target = so.shape.isArray() ? m.getRefElement(ref, i) : m.getRef(ref, i);
            long id = so.ref(i);
            if (id == 0) {
                expect(target == 0, "object " + so + " position " + i + " should be null");
            } else {
                expect(target != 0, "object " + so + " position " + i + " lost its reference to #" + id);
                refs.add(target);
                shadows.add(expectModelled(model.get(id), target));
            }
            return;
        }
        long expected = so.isIdPosition(i) ? so.idPart(i) : so.prim(i);
        long actual = so.shape.isArray() ? getElement(ref, so.shape, i) : m.getLong(ref, i);
        if (actual != expected) {
            throw new AssertionError(String.format("object %s position %d holds 0x%x, expected 0x%x%s", so, i, actual,
                    expected, so.isIdPosition(i) ? " (its id: a reference led to the wrong object)" : ""));
        }
    }

    // =========================================================================== helpers

    /** A random occupied root slot, or -1 (after a few tries). */
    private int randomRoot() {
        for (int k = 0; k < 8; k++) {
            int j = rnd.nextInt(ROOTS);
            if (rootIds[j] != 0) {
                return j;
            }
        }
        return -1;
    }

    private int randomPosition(ShadowObject so) {
        if (so.length == 0) {
            return -1;
        }
        return switch (rnd.nextInt(4)) {
            case 0 -> 0;
            case 1 -> so.length - 1;
            default -> rnd.nextInt(so.length);
        };
    }

    private int randomRefPosition(ShadowObject so) {
        if (so.shape.isArray()) {
            return so.shape.kind == LayoutKind.REFERENCE_ARRAY ? randomPosition(so) : -1;
        }
        int[] r = so.shape.refSlots;
        return r.length == 0 ? -1 : r[rnd.nextInt(r.length)];
    }

    /** Writes element {@code i} of a primitive array; returns the value as it reads back (narrowed). */
    private long putElement(long a, Shapes.Shape s, int i, long v) {
        switch (s.elementSize) {
            case 1 -> {
                m.putByteElement(a, i, (byte) v);
                return (byte) v;
            }
            case 2 -> {
                m.putShortElement(a, i, (short) v);
                return (short) v;
            }
            case 4 -> {
                m.putIntElement(a, i, (int) v);
                return (int) v;
            }
            default -> {
                if ((v & 1) == 0) {
                    m.putLongElement(a, i, v);
                } else {
                    double d = (v >>> 11) * 0x1.0p-53 * 1e6; // a finite double
                    m.putDoubleElement(a, i, d);
                    v = Double.doubleToRawLongBits(d);
                }
                return v;
            }
        }
    }

    private long getElement(long a, Shapes.Shape s, int i) {
        return switch (s.elementSize) {
            case 1 -> m.getByteElement(a, i);
            case 2 -> m.getShortElement(a, i);
            case 4 -> m.getIntElement(a, i);
            default -> m.getLongElement(a, i);
        };
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
