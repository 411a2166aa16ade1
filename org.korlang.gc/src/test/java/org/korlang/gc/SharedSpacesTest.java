package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.spi.HeapMemory;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.Region;
import org.korlang.gc.spi.space.BumpSpace;
import org.korlang.gc.spi.space.SegregatedSpace;
import org.korlang.gc.spi.trace.Marking;

/**
 * The exported spaces and marking as a policy bundle sees them (issue #16): what their SPI
 * signatures promise beyond what the built-in plans exercise — a bump space's budgeted allocation
 * and its copy-pointer hand-back, the size-class space's sweep over a {@link HeapMemory} that is
 * not the heap's own class (it must forget swept cells' object starts through the SPI), and the
 * marking's refusal of memory or an object model that is not the heap's.
 */
class SharedSpacesTest {

    @Test
    void aBumpSpaceAllocatesWithinABudgetAndTakesBackACopyPointer() {
        BumpSpace s = new BumpSpace("test", 1L << 20, 1024); // no memory touched: addresses only
        assertEquals(1L << 20, s.allocate(256, 512));
        assertEquals((1L << 20) + 256, s.allocate(256, 512));
        assertEquals(0, s.allocate(8, 512), "the use would pass the budget");
        assertEquals(0, s.allocate(8, -5), "a negative budget allows nothing");
        assertEquals((1L << 20) + 512, s.allocate(512, Long.MAX_VALUE));
        assertEquals(0, s.allocate(8, Long.MAX_VALUE), "full");
        s.resetTo((1L << 20) + 64);
        assertEquals(64, s.used());
        assertThrows(IllegalArgumentException.class, () -> s.resetTo((1L << 20) + 1032));
        assertThrows(IllegalArgumentException.class, () -> s.resetTo((1L << 20) + 3));
        assertThrows(IllegalArgumentException.class, () -> s.resetTo((1L << 20) - 8));
        s.reset();
        assertEquals(0, s.used());
    }

    @Test
    void theSizeClassSweepForgetsDeadCellsThroughAnyHeapMemory() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            HeapMemory memory = delegating(((ManagedHeap) f.heap).memory());
            Region region = memory.reserve("test-cells", 4 * SegregatedSpace.BLOCK);
            try {
                SegregatedSpace cells = new SegregatedSpace(memory, region);
                SegregatedSpace.Allocator allocator = cells.newAllocator();
                long live = allocator.allocate(32);
                long dead = allocator.allocate(32);
                memory.putLong(live, ObjectHeader.make(ObjectHeader.TYPE_FILLER_WORD) | ObjectHeader.MARKED);
                memory.putLong(dead, ObjectHeader.make(ObjectHeader.TYPE_FILLER_WORD));
                memory.markObjectStart(live);
                memory.markObjectStart(dead);
                allocator.release();
                cells.startSweep();
                long liveBytes = cells.sweep();
                cells.finishSweep(liveBytes);
                assertEquals(32, liveBytes);
                assertEquals(32, cells.usedBytes());
                assertTrue(memory.isObjectStart(live), "a marked cell keeps its start");
                assertFalse(memory.isObjectStart(dead), "a swept cell's start is forgotten");
                assertFalse(ObjectHeader.isMarked(memory.getLong(live)), "the sweep clears the mark");
            } finally {
                memory.release(region);
            }
        }
    }

    @Test
    void markingRefusesMemoryOrAnObjectModelThatIsNotTheHeaps() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            HeapMemory own = ((ManagedHeap) f.heap).memory();
            ObjectModel model = ((ManagedHeap) f.heap).objects();
            assertThrows(IllegalArgumentException.class, () -> new Marking(delegating(own), model, 1, null));
            ObjectModel other = (ObjectModel) Proxy.newProxyInstance(ObjectModel.class.getClassLoader(),
                    new Class<?>[] {ObjectModel.class}, (p, m, a) -> m.invoke(model, a));
            assertThrows(IllegalArgumentException.class, () -> new Marking(own, other, 1, null));
            assertThrows(IllegalArgumentException.class, () -> new Marking(own, model, 0, null));
        }
    }

    /** The heap's memory behind another class: what a policy bundle could hand the spaces. */
    private static HeapMemory delegating(HeapMemory target) {
        return (HeapMemory) Proxy.newProxyInstance(HeapMemory.class.getClassLoader(), new Class<?>[] {HeapMemory.class},
                (p, m, a) -> {
                    try {
                        return m.invoke(target, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
