package org.korlang.observe.internal.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.HeapStats;

/** Our composites are read by the JDK's own parsers, with the values we put in. */
class JdkShapesTest {

    private static Map<String, PoolUsage> pools(long young, long old, long large) {
        HeapStats s = new HeapStats("generational", young, 40L << 20, old, large, 256L << 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0);
        return PoolUsage.of(s);
    }

    @Test
    void memoryUsageParsesAndKeepsTheJdkInvariant() {
        MemoryUsage u = MemoryUsage.from(JdkShapes.memoryUsage(new PoolUsage(10, 100, 1000)));
        assertEquals(10, u.getUsed());
        assertEquals(100, u.getCommitted());
        assertEquals(1000, u.getMax());
        // used above committed and max (old objects beyond the limit for a moment) is still accepted
        MemoryUsage over = MemoryUsage.from(JdkShapes.memoryUsage(new PoolUsage(5000, 10, 1000)));
        assertEquals(5000, over.getUsed());
        assertEquals(5000, over.getCommitted());
        assertEquals(-1, over.getMax());
    }

    @Test
    void gcNotificationParsesWithGarbageCollectionNotificationInfo() {
        Map<String, PoolUsage> before = pools(30L << 20, 5L << 20, 1L << 20);
        Map<String, PoolUsage> after = pools(0, 8L << 20, 1L << 20);
        CompositeData info = JdkShapes.gcInfo(7, 1000, 1012, 12, 2, before, after);
        CompositeData data = JdkShapes.notificationInfo("generational", HeapBeans.action(CollectionKind.YOUNG),
                HeapBeans.cause(GcCause.ALLOCATION_FAILURE), info);
        GarbageCollectionNotificationInfo parsed = GarbageCollectionNotificationInfo.from(data);
        assertEquals("generational", parsed.getGcName());
        assertEquals("end of minor GC", parsed.getGcAction());
        assertEquals("Allocation failure", parsed.getGcCause());
        GcInfo gc = parsed.getGcInfo();
        assertEquals(7, gc.getId());
        assertEquals(1000, gc.getStartTime());
        assertEquals(1012, gc.getEndTime());
        assertEquals(12, gc.getDuration());
        assertEquals(30L << 20, gc.getMemoryUsageBeforeGc().get("young").getUsed());
        assertEquals(8L << 20, gc.getMemoryUsageAfterGc().get("old").getUsed());
        assertEquals(new LinkedHashMap<>(after).keySet(), gc.getMemoryUsageAfterGc().keySet());
        assertEquals(2, gc.get("GcThreadCount"));
    }

    @Test
    void aCompositeOfAnotherShapeIsRefusedByTheJdk() {
        CompositeData usage = JdkShapes.memoryUsage(new PoolUsage(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> GarbageCollectionNotificationInfo.from(usage));
    }

    @Test
    void beanNamesAreInTheKorlangDomain() {
        assertEquals("org.korlang:type=GarbageCollector,name=semispace",
                MBeans.name("GarbageCollector", "semispace").getCanonicalName().replace("name=semispace,type=GarbageCollector",
                        "type=GarbageCollector,name=semispace"));
        assertEquals("org.korlang:type=Heap", MBeans.name("Heap", null).toString());
        assertEquals("\"a,b\"", MBeans.name("GarbageCollector", "a,b").getKeyProperty("name"));
    }
}
