package org.korlang.gc.internal.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.scan.ReferenceSlots;
import org.korlang.gc.spi.scan.SlotVisitor;

/**
 * The heap verifier (world stopped, TLABs retired). Independent of the policy: it asks the plan (and
 * every plan a policy switch retired) to check its own structures (free lists, spaces, accounting)
 * and to enumerate its objects, then
 * checks every object against the object model:
 * <ul>
 * <li>the header is in its resting state: not forwarded, not busy, not marked; a registered type
 * whose layout matches the header's layout cache bits;</li>
 * <li>objects do not overlap and lie inside the heap's memory;</li>
 * <li>every reference slot (and reference-array element) is 0 or the start of another enumerated
 * object of a registered type (layouts do not declare slot target types, so "compatible" means a
 * live, typed object — never a gap, free cell or interior address); the slots are those the
 * collectors scan, found by the same scanner ({@link ReferenceSlots}: a small fixed layout's from its
 * header, whose agreement with the type is checked just before);</li>
 * <li>write barrier: every object outside the plan's barrier range that references an object inside
 * it has its REMEMBERED bit set and is in the remembered set (so a minor collection finds it without
 * scanning the old generation);</li>
 * <li>every handle (local and global) is 0 or an object start;</li>
 * <li>the object-start map ({@link ObjectStarts}) records exactly the enumerated objects: none
 * missing (the mutators would refuse a live object), none extra (an interior or dead address would
 * pass their checks).</li>
 * </ul>
 * Findings are collected (up to 20 reported) and thrown as one {@link HeapCorruptionException}.
 */
final class HeapVerifier {

    private static final int MAX_REPORTED = 20;

    private final ManagedHeap heap;

    HeapVerifier(ManagedHeap heap) {
        this.heap = heap;
    }

    void verify(String when) {
        List<String> findings = new ArrayList<>();
        GcPlan plan = heap.plan();
        plan.verify(f -> add(findings, f));
        for (GcPlan r : heap.retiredPlans()) {
            r.verify(f -> add(findings, "retired " + r.policyName() + ": " + f));
        }
        Arena mem = heap.arena();
        TypeTable types = heap.registry().table();

        long[][] starts = {new long[1 << 12]};
        int[] n = {0};
        java.util.function.LongConsumer collect = a -> {
            if (n[0] == starts[0].length) {
                starts[0] = Arrays.copyOf(starts[0], n[0] * 2);
            }
            starts[0][n[0]++] = a;
        };
        plan.forEachObject(collect);
        for (GcPlan r : heap.retiredPlans()) {
            r.forEachObject(collect); // objects a policy switch left where they were
        }
        long[] objs = Arrays.copyOf(starts[0], n[0]);
        Arrays.sort(objs);

        // the object-start map: exactly the enumerated objects (what the mutators' checks rely on)
        ObjectStarts recorded = mem.starts();
        for (long a : objs) {
            if ((a & 7) == 0 && mem.contains(a, 8) && !recorded.isSet(a)) {
                add(findings, String.format("object 0x%x has no recorded object start (the mutators would refuse it)", a));
            }
        }
        recorded.forEachSet(mem.base, mem.base + mem.objectSpan(), a -> {
            if (Arrays.binarySearch(objs, a) < 0) {
                add(findings, String.format("an object start is recorded at 0x%x, where no object starts (header 0x%x)",
                        a, mem.getLong(a)));
            }
        });

        long[] rememberedSnapshot = heap.remembered().snapshot();
        Set<Long> remembered = new HashSet<>();
        for (long r : rememberedSnapshot) {
            remembered.add(r);
        }
        long lo = plan.barrierLow();
        long span = plan.barrierHigh() - lo;

        SlotChecker slots = new SlotChecker(findings, mem, types, objs, remembered, lo, span);
        long previousEnd = 0;
        for (long a : objs) {
            if (findings.size() > MAX_REPORTED) {
                break;
            }
            if ((a & 7) != 0 || !mem.contains(a, 8)) {
                add(findings, String.format("object 0x%x is misaligned or outside the heap", a));
                continue;
            }
            long h = mem.getLong(a);
            int t = ObjectHeader.typeId(h);
            if ((h & (ObjectHeader.FORWARDED | ObjectHeader.BUSY | ObjectHeader.MARKED)) != 0) {
                add(findings, String.format("object 0x%x has GC state bits set outside a collection (header 0x%x)", a, h));
                continue;
            }
            int kind = types.scanKind(t);
            if (kind != ObjectModel.FIXED && kind != ObjectModel.REFERENCE_ARRAY && kind != ObjectModel.PRIMITIVE_ARRAY) {
                add(findings, String.format("object 0x%x has no registered type (%s)", a, types.typeName(t)));
                continue;
            }
            if ((h & ObjectHeader.LAYOUT_MASK) != (types.headerOf(t) & ObjectHeader.LAYOUT_MASK)) {
                add(findings, String.format("object 0x%x: header layout bits 0x%x do not match type %s", a,
                        h & ObjectHeader.LAYOUT_MASK, types.typeName(t)));
            }
            long size = types.sizeOf(a, h);
            if (a < previousEnd) {
                add(findings, String.format("object 0x%x overlaps the previous object (which ends at 0x%x)", a, previousEnd));
            }
            if (!mem.contains(a, size)) {
                add(findings, String.format("object 0x%x (%d bytes) extends outside the heap", a, size));
                continue;
            }
            previousEnd = a + size;
            slots.holder = a;
            slots.header = h;
            slots.holderOutside = Long.compareUnsigned(a - lo, span) >= 0;
            ReferenceSlots.forEach(a, h, types, mem, slots);
        }
        for (long r : rememberedSnapshot) {
            if (Arrays.binarySearch(objs, r) < 0) {
                add(findings, String.format("remembered set entry 0x%x is not an object", r));
            } else if ((mem.getLong(r) & ObjectHeader.REMEMBERED) == 0) {
                add(findings, String.format("remembered set entry 0x%x lacks its REMEMBERED header bit", r));
            }
        }
        heap.roots().partitions();
        for (int p = 0; p < heap.roots().partitions(); p++) {
            int part = p;
            heap.roots().visit(p, ref -> {
                if (Arrays.binarySearch(objs, ref) < 0) {
                    add(findings, String.format("root partition %d holds 0x%x, which is not an object", part, ref));
                }
                return ref;
            });
        }
        if (!findings.isEmpty()) {
            StringBuilder sb = new StringBuilder("heap verification failed " + when + ": " + findings.size()
                    + (findings.size() > MAX_REPORTED ? "+" : "") + " finding(s)");
            for (int i = 0; i < Math.min(MAX_REPORTED, findings.size()); i++) {
                sb.append("\n  - ").append(findings.get(i));
            }
            throw new HeapCorruptionException(sb.toString());
        }
    }

    /**
     * Checks one reference slot of the object being verified (the verifier's visitor for the shared
     * slot scanner; one for the whole walk, told the holder before each object).
     */
    private static final class SlotChecker implements SlotVisitor {
        private final List<String> findings;
        private final Arena mem;
        private final TypeTable types;
        private final long[] objs;
        private final Set<Long> remembered;
        private final long lo;
        private final long span;
        long holder;
        long header;
        boolean holderOutside;

        SlotChecker(List<String> findings, Arena mem, TypeTable types, long[] objs, Set<Long> remembered, long lo,
                long span) {
            this.findings = findings;
            this.mem = mem;
            this.types = types;
            this.objs = objs;
            this.remembered = remembered;
            this.lo = lo;
            this.span = span;
        }

        @Override
        public void visit(long slot) {
            if (findings.size() > MAX_REPORTED) {
                return; // enough reported; the rest of a long array is skipped
            }
            long a = holder;
            long h = header;
            long off = slot - a;
            long v = mem.getLong(slot);
            if (v == 0) {
                return;
            }
            if (Arrays.binarySearch(objs, v) < 0) {
                add(findings, String.format("%s at 0x%x: reference at offset %d is 0x%x, which is not an object start",
                        types.typeName(ObjectHeader.typeId(h)), a, off, v));
                return;
            }
            if (holderOutside && Long.compareUnsigned(v - lo, span) < 0) {
                if ((h & ObjectHeader.REMEMBERED) == 0 || !remembered.contains(a)) {
                    add(findings, String.format("%s at 0x%x references young object 0x%x at offset %d but is not in the "
                            + "remembered set (write barrier missed)", types.typeName(ObjectHeader.typeId(h)), a, v, off));
                }
            }
        }
    }

    private static void add(List<String> findings, String f) {
        if (findings.size() <= MAX_REPORTED) {
            findings.add(f);
        }
    }
}
