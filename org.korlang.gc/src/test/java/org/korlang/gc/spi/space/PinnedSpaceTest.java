package org.korlang.gc.spi.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.korlang.gc.HeapConfig;
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
 * The shared pinned space, used as a plan uses it, in a region of a real heap's memory: objects
 * never move; a sweep frees the unmarked ones (their headers become filler words), unmarks the
 * marked, reuses freed runs low addresses first before growing, gives the tail back, and leaves the
 * space verifiable; the footprint never passes the bound a plan gives; bad sizes are refused.
 */
class PinnedSpaceTest {

    private static final int N = 64;

    @Test
    void objectsStayPutDeadOnesAreFreedAndTheirRunsReused() {
        HeapConfig config = HeapConfig.builder().heapLimitBytes(16L << 20).nurseryBytes(1L << 20).gcThreads(1).build();
        try (ManagedHeap heap = (ManagedHeap) Heaps.create(new CountingOs(), config)) {
            TypeId pair = heap.registerType(TypeLayout.fixed("Pair").slots(2).build());
            HeapMemory memory = heap.memory();
            ObjectModel objects = heap.objects();
            Region region = memory.reserve("test-pinned", 1L << 20);
            try {
                PinnedSpace space = new PinnedSpace(memory, region);
                long size = objects.sizeFor(pair.id(), 0);
                long[] at = new long[N];
                for (int i = 0; i < N; i++) {
                    at[i] = space.allocate(size, 1L << 20);
                    memory.zero(at[i], size);
                    memory.putLong(at[i], pair.header());
                    memory.putLong(at[i] + 8, i);
                }
                assertEquals(N * size, space.footprint());
                assertEquals(N * size, space.occupied());
                // the trace marks the even objects below the last eight: the tail from the odd object N - 9 is dead
                for (int i = 0; i < N - 8; i += 2) {
                    memory.putLong(at[i], memory.getLong(at[i]) | ObjectHeader.MARKED);
                }
                long freed = space.sweep(objects);

                int live = (N - 8) / 2;
                assertEquals((N - live) * size, freed);
                assertEquals(live * size, space.occupied());
                assertEquals(at[N - 9] - region.start(), space.footprint(), "the dead tail is given back");
                List<Long> visited = new ArrayList<>();
                space.forEachObject(objects, visited::add);
                assertEquals(live, visited.size());
                for (int i = 0; i < N - 8; i += 2) {
                    assertEquals(at[i], (long) visited.get(i / 2), "object " + i + " did not move");
                    assertEquals(i, memory.getLong(at[i] + 8));
                    assertEquals(pair.header(), memory.getLong(at[i]), "unmarked, contents kept");
                }
                assertEquals(ObjectModel.GAP, objects.scanKind(ObjectHeader.typeId(memory.getLong(at[1]))),
                        "a dead object's header is a gap now");
                List<String> findings = new ArrayList<>();
                space.verify(objects, findings::add);
                assertEquals(List.of(), findings);

                long reused = space.allocate(size, 1L << 20);
                assertEquals(at[1], reused, "the lowest free run of that size is reused before the space grows");
                assertEquals(at[N - 9] - region.start(), space.footprint());

                assertEquals(0, space.allocate(2L << 20, 1L << 20), "no growth past the plan's bound");
                assertThrows(IllegalArgumentException.class, () -> space.allocate(12, 1L << 20));
                assertThrows(IllegalArgumentException.class, () -> space.allocate(0, 1L << 20));
                assertTrue(space.contains(at[0]));
                assertTrue(!space.contains(region.start() + space.footprint()));
            } finally {
                memory.release(region);
            }
        }
    }
}
