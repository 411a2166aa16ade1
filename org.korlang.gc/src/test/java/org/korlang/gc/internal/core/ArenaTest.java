package org.korlang.gc.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.korlang.gc.spi.Region;
import org.korlang.testkit.CountingOs;

/**
 * The arena's region allocator: regions never overlap one another and every byte of the reservation
 * is either in one region or free, whether a region is placed inside the preferred window or, when
 * the window is full, first fit anywhere.
 */
class ArenaTest {

    private static final long MIB = 1L << 20;

    /**
     * The fallback placement (window full) takes the first free range that fits; that range's map
     * entry may have two children in the tree, whose removal moves the successor's key and value into
     * it. The remainder must be computed from the range itself, not from whatever the entry holds
     * afterwards.
     */
    @Test
    void fallbackPlacementNeverOverlapsALiveRegion() {
        try (ArenaUnderTest t = new ArenaUnderTest(64 * MIB)) {
            Arena a = t.arena;
            long page = a.pageSize();
            // carve free ranges of 1, 2, 3, ... pages separated by live regions
            List<Region> keep = new ArrayList<>();
            List<Region> drop = new ArrayList<>();
            for (int i = 1; i <= 24; i++) {
                drop.add(a.reserve("hole", i * page));
                keep.add(a.reserve("wall", page));
            }
            for (Region r : drop) {
                a.release(r);
            }
            a.placeIn(0, page); // a window too small for anything: every reserve falls back
            List<Region> live = new ArrayList<>(keep);
            for (int i = 1; i <= 24; i++) {
                live.add(a.reserve("fallback", (i % 5 + 1) * page));
                assertDisjoint(live);
            }
        }
    }

    /** Random reserve/release churn in and outside a window: disjoint regions, no byte lost. */
    @Test
    void randomChurnKeepsRegionsDisjointAndLosesNoSpace() {
        try (ArenaUnderTest t = new ArenaUnderTest(256 * MIB)) {
            Arena a = t.arena;
            long page = a.pageSize();
            Random rnd = new Random(7);
            List<Region> live = new ArrayList<>();
            for (int step = 0; step < 4000; step++) {
                if (step % 97 == 0) {
                    long from = rnd.nextInt(4) * 64 * MIB;
                    a.placeIn(from, from + 64 * MIB);
                }
                if (!live.isEmpty() && (rnd.nextInt(3) == 0 || live.size() > 60)) {
                    a.release(live.remove(rnd.nextInt(live.size())));
                } else {
                    try {
                        live.add(a.reserve("r" + step, (1 + rnd.nextInt(600)) * page));
                    } catch (IllegalStateException full) {
                        assertTrue(full.getMessage().contains("no free range"), full.getMessage());
                    }
                }
                assertDisjoint(live);
            }
            for (Region r : live) {
                a.release(r);
            }
            // everything came back: the whole usable reservation is one range again
            a.placeIn(0, Long.MAX_VALUE);
            Region all = a.reserve("all", a.objectSpan());
            assertEquals(a.base, all.start());
            assertThrows(IllegalStateException.class, () -> a.reserve("more", page));
        }
    }

    private static void assertDisjoint(List<Region> regions) {
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort((x, y) -> Long.compare(x.start(), y.start()));
        for (int i = 1; i < sorted.size(); i++) {
            Region p = sorted.get(i - 1);
            Region r = sorted.get(i);
            assertTrue(p.end() <= r.start(), p + " overlaps " + r);
        }
    }

    private static final class ArenaUnderTest implements AutoCloseable {
        final Arena arena;

        ArenaUnderTest(long bytes) {
            arena = new Arena(new CountingOs(), bytes);
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
