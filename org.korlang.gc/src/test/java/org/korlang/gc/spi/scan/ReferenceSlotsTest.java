package org.korlang.gc.spi.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapCorruptionException;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Region;
import org.korlang.gc.standalone.Heaps;
import org.korlang.testkit.CountingOs;

/**
 * The one slot scanner over every layout kind, on objects written into a region of a real heap's
 * memory with the headers the heap's type registry gives: fixed layouts that the header's layout
 * cache describes (1 to 6 slots) and those it does not (no slots, 7 slots, more than 64), reference
 * arrays of length 0, 1 and several, primitive arrays of every element size; each reference slot is
 * visited once, in ascending order, and nothing else — whatever GC bits the header carries and
 * whatever the slots hold (the scanner reads no slot). Gaps, unregistered types and arrays that
 * extend outside the heap's memory are corruption.
 */
class ReferenceSlotsTest {

    private static final long GARBAGE = 0xDEAD_BEEF_0000_0008L;

    /** Runs {@code test} with a 1 MiB region of a small real heap. */
    private static void withRegion(Consumer<Fixture> test) {
        HeapConfig config = HeapConfig.builder().heapLimitBytes(16L << 20).nurseryBytes(1L << 20).gcThreads(1).build();
        try (ManagedHeap heap = (ManagedHeap) Heaps.create(new CountingOs(), config)) {
            HeapMemory memory = heap.memory();
            Region region = memory.reserve("test-scan", 1L << 20);
            try {
                test.accept(new Fixture(heap, memory, region));
            } finally {
                memory.release(region);
            }
        }
    }

    private static final class Fixture {
        final ManagedHeap heap;
        final HeapMemory memory;
        final Region region;
        long next;

        Fixture(ManagedHeap heap, HeapMemory memory, Region region) {
            this.heap = heap;
            this.memory = memory;
            this.region = region;
            this.next = region.start();
        }

        ObjectModel objects() {
            return heap.objects();
        }

        /** A new object of {@code type} (array length {@code length}) with every word after the header garbage. */
        long place(TypeId type, long length) {
            long size = objects().sizeFor(type.id(), length);
            long a = next;
            next += size;
            memory.putLong(a, type.header());
            for (long off = 8; off < size; off += 8) {
                memory.putLong(a + off, GARBAGE);
            }
            if (type.layout().kind() != org.korlang.gc.LayoutKind.FIXED) {
                memory.putLong(a + 8, length);
            }
            return a;
        }

        /** The slot addresses the scanner visits, in visiting order. */
        List<Long> scan(long a) {
            return scan(a, memory.getLong(a));
        }

        List<Long> scan(long a, long header) {
            List<Long> seen = new ArrayList<>();
            ReferenceSlots.forEach(a, header, objects(), memory, seen::add);
            return seen;
        }
    }

    private static List<Long> slotsAt(long object, int... slots) {
        List<Long> l = new ArrayList<>();
        for (int s : slots) {
            l.add(object + ObjectHeader.HEADER_BYTES + 8L * s);
        }
        return l;
    }

    @Test
    void fixedLayoutsTheHeaderDescribes() {
        withRegion(f -> {
            int[][] cases = {{1}, {1, 0}, {2, 1}, {3, 0, 2}, {6, 0, 1, 2, 3, 4, 5}, {6, 5}, {6}, {4, 3}};
            for (int[] c : cases) {
                int[] refs = java.util.Arrays.copyOfRange(c, 1, c.length);
                TypeId t = f.heap.registerType(TypeLayout.fixed("F" + java.util.Arrays.toString(c)).slots(c[0]).references(refs).build());
                long a = f.place(t, 0);
                assertEquals(slotsAt(a, refs), f.scan(a), "fixed " + c[0] + " slots, references " + java.util.Arrays.toString(refs));
            }
        });
    }

    @Test
    void fixedLayoutsThroughTheTypeTable() {
        withRegion(f -> {
            TypeId empty = f.heap.registerType(TypeLayout.fixed("Empty").slots(0).build());
            long e = f.place(empty, 0);
            assertEquals(List.of(), f.scan(e), "an object with no slots");

            TypeId seven = f.heap.registerType(TypeLayout.fixed("Seven").slots(7).references(0, 6).build());
            long s = f.place(seven, 0);
            assertEquals(slotsAt(s, 0, 6), f.scan(s));

            TypeId sevenPlain = f.heap.registerType(TypeLayout.fixed("SevenPlain").slots(7).build());
            long p = f.place(sevenPlain, 0);
            assertEquals(List.of(), f.scan(p));

            TypeId wide = f.heap.registerType(TypeLayout.fixed("Wide").slots(70).references(0, 5, 6, 63, 64, 69).build());
            long w = f.place(wide, 0);
            assertEquals(slotsAt(w, 0, 5, 6, 63, 64, 69), f.scan(w), "slots past the first 64 too");
        });
    }

    @Test
    void referenceArraysOfLengthZeroOneAndMore() {
        withRegion(f -> {
            TypeId refs = f.heap.registerType(TypeLayout.referenceArray("Object[]"));
            for (long len : new long[] {0, 1, 2, 5, 100}) {
                long a = f.place(refs, len);
                List<Long> expected = new ArrayList<>();
                for (long i = 0; i < len; i++) {
                    expected.add(a + ObjectHeader.ARRAY_BASE + 8 * i);
                }
                assertEquals(expected, f.scan(a), "reference array of length " + len);
            }
        });
    }

    @Test
    void primitiveArraysHaveNoReferenceSlots() {
        withRegion(f -> {
            for (int size : new int[] {1, 2, 4, 8}) {
                TypeId t = f.heap.registerType(TypeLayout.primitiveArray("p" + size + "[]", size));
                for (long len : new long[] {0, 1, 9}) {
                    assertEquals(List.of(), f.scan(f.place(t, len)), size + "-byte array of length " + len);
                }
            }
        });
    }

    @Test
    void gcBitsInTheHeaderChangeNothing() {
        withRegion(f -> {
            TypeId small = f.heap.registerType(TypeLayout.fixed("Small").slots(3).references(1).build());
            TypeId big = f.heap.registerType(TypeLayout.fixed("Big").slots(9).references(2, 8).build());
            TypeId refs = f.heap.registerType(TypeLayout.referenceArray("Object[]"));
            long gcBits = ObjectHeader.MARKED | ObjectHeader.REMEMBERED | ObjectHeader.PINNED
                    | ObjectHeader.withAge(0, ObjectHeader.MAX_AGE);
            for (long a : new long[] {f.place(small, 0), f.place(big, 0), f.place(refs, 3)}) {
                List<Long> plain = f.scan(a);
                assertTrue(!plain.isEmpty());
                assertEquals(plain, f.scan(a, f.memory.getLong(a) | gcBits));
            }
        });
    }

    @Test
    void theHeaderCacheAndTheTypeTableAgreeForEverySmallLayout() {
        withRegion(f -> {
            for (int slots = 1; slots <= ObjectHeader.HEADER_REF_SLOTS; slots++) {
                for (int mask = 0; mask < 1 << slots; mask++) {
                    List<Integer> refs = new ArrayList<>();
                    for (int i = 0; i < slots; i++) {
                        if ((mask & 1 << i) != 0) {
                            refs.add(i);
                        }
                    }
                    TypeId t = f.heap.registerType(TypeLayout.fixed("S" + slots + "m" + mask).slots(slots)
                            .references(refs.stream().mapToInt(Integer::intValue).toArray()).build());
                    long a = f.place(t, 0);
                    List<Long> byTable = new ArrayList<>();
                    for (int off : f.objects().referenceOffsets(t.id())) { // the snapshot that knows t
                        byTable.add(a + off);
                    }
                    assertEquals(byTable, f.scan(a), "slots " + slots + ", reference mask " + mask);
                }
            }
        });
    }

    @Test
    void nonObjectsAndArraysOutsideTheHeapAreCorruption() {
        withRegion(f -> {
            long gap = f.next;
            f.memory.putLong(gap, ObjectHeader.make(ObjectHeader.TYPE_FILLER));
            f.memory.putLong(gap + 8, 16);
            assertThrows(HeapCorruptionException.class, () -> f.scan(gap), "a filler gap");
            assertThrows(HeapCorruptionException.class, () -> f.scan(gap, ObjectHeader.make(ObjectHeader.TYPE_INVALID)),
                    "type 0 (zeroed memory)");
            assertThrows(HeapCorruptionException.class, () -> f.scan(gap, ObjectHeader.make(ObjectHeader.TYPE_FREE_CELL)),
                    "a free cell");
            assertThrows(HeapCorruptionException.class, () -> f.scan(gap, ObjectHeader.make(1 << 20)), "an unregistered type");

            TypeId refs = f.heap.registerType(TypeLayout.referenceArray("Object[]"));
            long a = f.place(refs, 1);
            f.memory.putLong(a + 8, 1L << 40); // a length that runs past the heap's memory
            HeapCorruptionException e = assertThrows(HeapCorruptionException.class, () -> f.scan(a));
            assertTrue(e.getMessage().contains("extends outside the heap"), e.getMessage());
        });
    }
}
