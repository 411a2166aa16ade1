package org.korlang.os.mappings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class MappingRegistryTest {

    private static final long P = 4096;

    private static long[][] snapshot(MappingRegistry r) {
        List<long[]> ranges = r.ranges();
        return ranges.toArray(new long[0][]);
    }

    @Test
    void coversUnionsAdjacentMappingsButWithinOneDoesNot() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 12 * P);
        r.add(12 * P, 15 * P);
        assertTrue(r.covers(10 * P, 15 * P));
        assertTrue(r.covers(11 * P, 13 * P));
        assertFalse(r.withinOne(11 * P, 13 * P), "two mappings, not one");
        assertTrue(r.withinOne(12 * P, 15 * P));
        assertFalse(r.covers(9 * P, 11 * P));
        assertFalse(r.covers(14 * P, 16 * P));
        assertFalse(r.covers(10 * P, 10 * P), "empty range is never covered");
    }

    @Test
    void gapBreaksCoverage() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 12 * P);
        r.add(13 * P, 15 * P);
        assertFalse(r.covers(11 * P, 14 * P));
        assertTrue(r.covers(13 * P, 14 * P));
    }

    @Test
    void aFreshMappingFromTheKernelReplacesStaleEntries() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 14 * P);
        r.add(11 * P, 12 * P); // the kernel says this is new: the old claim on it was stale
        assertArrayEquals(new long[][] {{10 * P, 11 * P}, {11 * P, 12 * P}, {12 * P, 14 * P}}, snapshot(r));
        assertTrue(r.withinOne(11 * P, 12 * P));
        assertThrows(IllegalArgumentException.class, () -> r.add(5 * P, 5 * P));
    }

    @Test
    void partialUnmapSplitsTheMapping() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 20 * P);
        AtomicBoolean kernelCalled = new AtomicBoolean();
        r.unmap(13 * P, 15 * P, "munmap", () -> kernelCalled.set(true));
        assertTrue(kernelCalled.get());
        assertArrayEquals(new long[][] {{10 * P, 13 * P}, {15 * P, 20 * P}}, snapshot(r));
        assertFalse(r.covers(14 * P, 15 * P));
        assertThrows(IllegalArgumentException.class, () -> r.unmap(12 * P, 16 * P, "munmap", () -> { }));
        // prefix and suffix
        r.unmap(10 * P, 11 * P, "munmap", () -> { });
        r.unmap(19 * P, 20 * P, "munmap", () -> { });
        assertArrayEquals(new long[][] {{11 * P, 13 * P}, {15 * P, 19 * P}}, snapshot(r));
    }

    @Test
    void unmapAcrossSeveralMappingsRemovesEachPart() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 12 * P);
        r.add(12 * P, 14 * P);
        r.add(14 * P, 16 * P);
        r.unmap(11 * P, 15 * P, "munmap", () -> { });
        assertArrayEquals(new long[][] {{10 * P, 11 * P}, {15 * P, 16 * P}}, snapshot(r));
    }

    @Test
    void failedKernelCallForgetsNothing() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 12 * P);
        assertThrows(RuntimeException.class, () -> r.unmap(10 * P, 12 * P, "munmap", () -> { throw new RuntimeException("EINVAL"); }));
        assertTrue(r.covers(10 * P, 12 * P));
    }

    @Test
    void remapReplacesTheCoveredPartByAMappingOfItsOwn() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 20 * P);
        assertEquals(12 * P, r.remap(12 * P, 14 * P, "mmap FIXED", () -> 12 * P));
        assertArrayEquals(new long[][] {{10 * P, 12 * P}, {12 * P, 14 * P}, {14 * P, 20 * P}}, snapshot(r));
        assertTrue(r.withinOne(12 * P, 14 * P));
        assertThrows(IllegalArgumentException.class, () -> r.remap(19 * P, 21 * P, "mmap FIXED", () -> 0));
    }

    @Test
    void onCoveredRefusesForeignRangesWithoutCallingTheKernel() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 12 * P);
        AtomicBoolean called = new AtomicBoolean();
        assertThrows(IllegalArgumentException.class, () -> r.onCovered(11 * P, 13 * P, "mprotect", () -> { called.set(true); return 0; }));
        assertFalse(called.get());
        assertEquals(7, r.onCovered(10 * P, 12 * P, "mprotect", () -> 7));
    }

    @Test
    void unmapWaitsForAnOverlappingPin() throws Exception {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 20 * P);
        MappingRegistry.Pin pin = r.pin(11 * P, 12 * P, "read");
        assertNull(r.tryPin(30 * P, 31 * P), "foreign range cannot be pinned");
        // an unrelated range unmaps at once
        r.unmap(15 * P, 16 * P, "munmap", () -> { });

        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean unmapped = new AtomicBoolean();
        Thread unmapper = new Thread(() -> {
            started.countDown();
            r.unmap(10 * P, 15 * P, "munmap", () -> unmapped.set(true));
        });
        unmapper.start();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        unmapper.join(200);
        assertTrue(unmapper.isAlive(), "munmap of a pinned range must wait");
        assertFalse(unmapped.get());
        assertTrue(r.covers(11 * P, 12 * P));

        pin.close();
        unmapper.join(5000);
        assertFalse(unmapper.isAlive());
        assertTrue(unmapped.get());
        assertFalse(r.covers(11 * P, 12 * P));
    }

    @Test
    void onlyRangesUnmappedUnderLiveViewsAreStaleAndOnlyUntilTheViewsGo() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 20 * P);
        MappingRegistry.Lease view = r.openView(13 * P, 13 * P + 8, "memory");
        r.unmap(12 * P, 14 * P, "munmap", () -> { }, () -> { });
        r.unmap(14 * P, 15 * P, "munmap", () -> { });
        assertTrue(r.overlapsStaleViews(13 * P, 13 * P + 8));
        assertTrue(r.overlapsStaleViews(11 * P, 12 * P + 1), "the whole inert range, not only the view");
        assertFalse(r.overlapsStaleViews(14 * P + 100, 14 * P + 200), "unmapped with no view: not remembered");
        assertFalse(r.overlapsStaleViews(10 * P, 12 * P));
        assertFalse(r.overlapsStaleViews(15 * P, 20 * P));
        view.close(); // the view is collected: the range is really unmapped, malloc may reuse it
        assertFalse(r.overlapsStaleViews(12 * P, 14 * P));
    }

    @Test
    void unmappingUnderALiveViewWithoutAnInertReplacementIsRefused() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 20 * P);
        MappingRegistry.Lease view = r.openView(11 * P, 12 * P, "memory");
        AtomicBoolean unmapped = new AtomicBoolean();
        assertThrows(IllegalStateException.class, () -> r.unmap(10 * P, 13 * P, "munmap", () -> unmapped.set(true)));
        assertFalse(unmapped.get());
        assertTrue(r.covers(10 * P, 20 * P), "nothing forgotten");
        view.close();
        r.unmap(10 * P, 13 * P, "munmap", () -> unmapped.set(true));
        assertTrue(unmapped.get());
    }

    @Test
    void protectionIsTrackedPerRangeAndSplitWithIt() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 20 * P, MappingRegistry.READ | MappingRegistry.WRITE);
        r.protect(12 * P, 14 * P, MappingRegistry.READ, "mprotect", () -> 0);
        assertEquals(MappingRegistry.READ | MappingRegistry.WRITE, r.access(10 * P, 12 * P));
        assertEquals(MappingRegistry.READ, r.access(12 * P, 14 * P));
        assertEquals(MappingRegistry.READ, r.access(11 * P, 15 * P), "the bits common to every part");
        assertEquals(-1, r.access(19 * P, 21 * P), "not covered");
        assertFalse(r.withinOne(11 * P, 13 * P), "parts of different protection are separate (as kernel VMAs are)");
        assertTrue(r.withinOne(12 * P, 14 * P));
        r.protect(10 * P, 20 * P, 0, "mprotect", () -> 0);
        assertThrows(IllegalArgumentException.class, () -> r.openView(10 * P, 11 * P, "memory"), "no read access");
        AtomicBoolean failed = new AtomicBoolean();
        assertThrows(IllegalStateException.class, () -> r.protect(10 * P, 11 * P, MappingRegistry.READ, "mprotect", () -> {
            failed.set(true);
            throw new IllegalStateException("EINVAL");
        }));
        assertTrue(failed.get());
        assertEquals(0, r.access(10 * P, 11 * P), "a failed kernel call changes nothing");
    }

    @Test
    void aHoldRefusesEverythingThatWouldTakeItsRangeAway() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 20 * P);
        MappingRegistry.Lease hold = r.hold(12 * P, 16 * P, MappingRegistry.READ | MappingRegistry.WRITE, "hold");
        AtomicBoolean kernel = new AtomicBoolean();
        assertThrows(IllegalStateException.class, () -> r.unmap(10 * P, 13 * P, "munmap", () -> kernel.set(true)));
        assertThrows(IllegalStateException.class, () -> r.protect(15 * P, 17 * P, MappingRegistry.READ, "mprotect", () -> {
            kernel.set(true);
            return 0;
        }));
        assertThrows(IllegalStateException.class, () -> r.remap(12 * P, 13 * P, "mmap FIXED", () -> {
            kernel.set(true);
            return 12 * P;
        }));
        assertThrows(IllegalStateException.class, () -> r.advise(12 * P, 13 * P, true, null, "madvise", () -> {
            kernel.set(true);
            return 0;
        }));
        assertFalse(kernel.get(), "no refused call reached the kernel");
        assertThrows(IllegalStateException.class, () -> r.openView(12 * P, 13 * P, "memory"), "no view of a held range");
        assertThrows(IllegalStateException.class, () -> r.hold(15 * P, 17 * P, MappingRegistry.READ, "hold"),
                "one holder at a time");
        assertEquals(0, r.advise(12 * P, 13 * P, true, hold, "madvise", () -> 0), "the holder may discard");
        assertEquals(0, r.advise(12 * P, 13 * P, false, null, "madvise", () -> 0), "harmless advice is fine");
        r.unmap(18 * P, 20 * P, "munmap", () -> { }); // outside the hold
        hold.close();
        r.unmap(10 * P, 18 * P, "munmap", () -> { });
        assertFalse(r.covers(10 * P, 11 * P));
    }

    @Test
    void aReachableViewKeepsItsAccessAndAnUnmapLeavesItInertMemory() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 20 * P);
        MappingRegistry.Lease view = r.openView(11 * P, 12 * P, "memory"); // never closed here: "reachable"
        assertEquals(MappingRegistry.READ | MappingRegistry.WRITE, view.access());
        long started = System.nanoTime();
        assertThrows(IllegalStateException.class, () -> r.protect(10 * P, 20 * P, MappingRegistry.READ, "mprotect", () -> 0));
        assertTrue(System.nanoTime() - started >= MappingRegistry.VIEW_WAIT_NANOS / 2, "it waited for a collection first");
        r.protect(13 * P, 20 * P, MappingRegistry.READ, "mprotect", () -> 0); // not where the view is
        AtomicBoolean unmapped = new AtomicBoolean();
        AtomicBoolean inert = new AtomicBoolean();
        r.unmap(10 * P, 13 * P, "munmap", () -> unmapped.set(true), () -> inert.set(true));
        assertTrue(inert.get() && !unmapped.get(), "replaced by inert memory, not unmapped, while the view lives");
        assertFalse(r.covers(11 * P, 12 * P));
        assertTrue(r.overlapsStaleViews(11 * P, 12 * P));
        assertEquals(1, r.inertRanges());
        view.close(); // what the Cleaner does once the buffer is collected
        assertTrue(unmapped.get(), "really unmapped once the last view is gone");
        assertEquals(0, r.inertRanges());
        assertFalse(r.overlapsStaleViews(11 * P, 12 * P), "no view left: the addresses may be someone else's");
    }

    @Test
    void aViewOfAReadOnlyRangeIsReadOnly() {
        MappingRegistry r = new MappingRegistry();
        r.add(10 * P, 12 * P, MappingRegistry.READ);
        MappingRegistry.Lease view = r.openView(10 * P, 11 * P, "memory");
        assertEquals(MappingRegistry.READ, view.access());
        // a read-only view does not stand in the way of making the range writable, nor of keeping it readable
        r.protect(10 * P, 12 * P, MappingRegistry.READ | MappingRegistry.WRITE, "mprotect", () -> 0);
        r.protect(10 * P, 12 * P, MappingRegistry.READ, "mprotect", () -> 0);
        view.close();
        assertThrows(IllegalArgumentException.class, () -> r.openView(10 * P, 13 * P, "memory"), "outside one mapping");
    }

    @Test
    void usageCountsRangesLeasesPinsAndInertRanges() {
        MappingRegistry r = new MappingRegistry();
        assertEquals(new MappingRegistry.Usage(0, 0, 0, 0, 0), r.usage());
        r.add(10 * P, 20 * P);
        MappingRegistry.Lease view = r.openView(13 * P, 13 * P + 8, "memory");
        AtomicBoolean unmapped = new AtomicBoolean();
        r.unmap(12 * P, 14 * P, "munmap", () -> unmapped.set(true), () -> { });
        MappingRegistry.Lease hold = r.hold(16 * P, 18 * P, MappingRegistry.READ, "hold");
        // [10, 12) and [14, 20): one entry split in two by the unmap
        assertEquals(new MappingRegistry.Usage(2, 1, 1, 0, 1), r.usage());
        assertFalse(r.usage().isEmpty());
        view.close();
        assertTrue(unmapped.get(), "the inert range went with its last view");
        hold.close();
        assertEquals(new MappingRegistry.Usage(2, 0, 0, 0, 0), r.usage());
    }
}
