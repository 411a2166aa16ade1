package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.korlang.os.Advice;
import org.korlang.os.MapFlag;
import org.korlang.os.Prot;

/**
 * The heap reads and writes its mapping by raw address, so while it lives no other call on the same
 * {@code Os} may take that memory away: unmapping, reprotecting, replacing or discarding any page of
 * it is refused, and the heap goes on. After the heap closes, its range is gone.
 */
class HeapMemoryHoldTest {

    @Test
    void theHeapsMappingCannotBeTakenAwayThroughTheOs() {
        HeapFixture f = new HeapFixture(HeapFixture.small().verify(false).build());
        long page = f.os.pageSize();
        long object;
        try (Mutator m = f.heap.attach(); HandleScope s = m.openScope()) {
            int h = s.handle(m.allocatePinned(f.node));
            m.putLong(m.get(h), 2, 77);
            object = m.get(h);
            long p = object & -page;
            assertThrows(IllegalStateException.class, () -> f.os.munmap(p, page), "munmap");
            assertThrows(IllegalStateException.class, () -> f.os.mprotect(p, page, EnumSet.noneOf(Prot.class)), "PROT_NONE");
            assertThrows(IllegalStateException.class, () -> f.os.mprotect(p, page, EnumSet.of(Prot.READ)), "read-only");
            assertThrows(IllegalStateException.class, () -> f.os.madvise(p, page, Advice.DONTNEED), "DONTNEED");
            assertThrows(IllegalStateException.class,
                    () -> f.os.mmap(p, page, EnumSet.of(Prot.READ, Prot.WRITE),
                            EnumSet.of(MapFlag.PRIVATE, MapFlag.ANONYMOUS, MapFlag.FIXED), -1, 0), "MAP_FIXED");
            assertThrows(IllegalStateException.class, () -> f.os.memory(p, 64), "a view to write behind the heap's back");
            assertThrows(IllegalStateException.class, () -> f.os.hold(p, page, EnumSet.of(Prot.READ)), "a second hold");
            assertEquals(77, m.getLong(m.get(h), 2), "the object is untouched");
            f.heap.collect(CollectionKind.FULL);
            assertEquals(77, m.getLong(m.get(h), 2));
            f.heap.verify();
        }
        f.heap.close();
        long p = object & -page;
        assertThrows(IllegalArgumentException.class, () -> f.os.munmap(p, page), "unmapped with the heap");
    }
}
