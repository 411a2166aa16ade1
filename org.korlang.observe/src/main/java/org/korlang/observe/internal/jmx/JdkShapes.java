package org.korlang.observe.internal.jmx;

import java.util.Map;

import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * The open types of the JDK's memory and GC management data, built to the same shape, so that the
 * JDK's own parsers and every JMX tool read ours: {@code MemoryUsage.from}, {@code GcInfo.from} and
 * {@code GarbageCollectionNotificationInfo.from} check a composite's item names and types (not its
 * type name), and JConsole and VisualVM show the usual tables.
 *
 * <ul>
 * <li>{@code java.lang.management.MemoryUsage}: {@code committed, init, max, used} (long); the JDK
 * requires {@code used <= committed <= max} unless {@code max} is -1 (undefined).</li>
 * <li>{@code Map<String, MemoryUsage>} as the MXBean mapping writes it: a table of rows
 * {@code (key, value)} indexed by {@code key}.</li>
 * <li>GcInfo: {@code id, startTime, endTime, duration} (long, ms since the JVM started) and
 * {@code memoryUsageBeforeGc/AfterGc} (the map above), plus HotSpot's extra {@code GcThreadCount}.</li>
 * <li>The GC notification's user data: {@code gcName, gcAction, gcCause} (String) and {@code gcInfo}.</li>
 * </ul>
 */
final class JdkShapes {

    /** The notification type the JDK's GC MXBeans emit and tools listen for. */
    static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

    static final CompositeType MEMORY_USAGE;
    static final TabularType MEMORY_USAGE_MAP;
    static final CompositeType GC_INFO;
    static final CompositeType GC_NOTIFICATION_INFO;

    private static final String MAP_TYPE = "java.util.Map<java.lang.String, java.lang.management.MemoryUsage>";

    static {
        try {
            MEMORY_USAGE = new CompositeType("java.lang.management.MemoryUsage", "Memory usage of a pool",
                    new String[] {"committed", "init", "max", "used"},
                    new String[] {"bytes committed", "bytes at start (0 here)", "most bytes it may hold (-1: undefined)",
                        "bytes in use"},
                    new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG});
            CompositeType row = new CompositeType(MAP_TYPE, MAP_TYPE, new String[] {"key", "value"},
                    new String[] {"key", "value"}, new OpenType<?>[] {SimpleType.STRING, MEMORY_USAGE});
            MEMORY_USAGE_MAP = new TabularType(MAP_TYPE, MAP_TYPE, row, new String[] {"key"});
            GC_INFO = new CompositeType("sun.management.korlang.GcInfoCompositeType", "One collection",
                    new String[] {"GcThreadCount", "duration", "endTime", "id", "memoryUsageAfterGc", "memoryUsageBeforeGc",
                        "startTime"},
                    new String[] {"GC threads", "pause (ms)", "end (ms since JVM start)", "collection number",
                        "usage per pool after", "usage per pool before", "start (ms since JVM start)"},
                    new OpenType<?>[] {SimpleType.INTEGER, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG,
                        MEMORY_USAGE_MAP, MEMORY_USAGE_MAP, SimpleType.LONG});
            GC_NOTIFICATION_INFO = new CompositeType("sun.management.korlang.GarbageCollectionNotifInfoCompositeType",
                    "A finished collection", new String[] {"gcAction", "gcCause", "gcInfo", "gcName"},
                    new String[] {"what ran", "why", "the collection", "the collector (policy)"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, GC_INFO, SimpleType.STRING});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JdkShapes() {
    }

    /** A MemoryUsage composite; {@code committed} and {@code max} are raised so the JDK accepts it. */
    static CompositeData memoryUsage(PoolUsage u) {
        long used = Math.max(0, u.used());
        long committed = Math.max(used, u.committed());
        long max = u.max() < 0 || u.max() < committed ? -1 : u.max();
        return composite(MEMORY_USAGE, Map.of("committed", committed, "init", 0L, "max", max, "used", used));
    }

    static TabularData memoryUsageMap(Map<String, PoolUsage> pools) {
        TabularDataSupport table = new TabularDataSupport(MEMORY_USAGE_MAP);
        pools.forEach((name, usage) -> table.put(composite(MEMORY_USAGE_MAP.getRowType(),
                Map.of("key", name, "value", memoryUsage(usage)))));
        return table;
    }

    static CompositeData gcInfo(long id, long startMillis, long endMillis, long durationMillis, int threads,
            Map<String, PoolUsage> before, Map<String, PoolUsage> after) {
        return composite(GC_INFO, Map.of("GcThreadCount", threads, "duration", durationMillis, "endTime", endMillis,
                "id", id, "memoryUsageAfterGc", memoryUsageMap(after), "memoryUsageBeforeGc", memoryUsageMap(before),
                "startTime", startMillis));
    }

    static CompositeData notificationInfo(String gcName, String gcAction, String gcCause, CompositeData gcInfo) {
        return composite(GC_NOTIFICATION_INFO, Map.of("gcAction", gcAction, "gcCause", gcCause, "gcInfo", gcInfo,
                "gcName", gcName));
    }

    private static CompositeData composite(CompositeType type, Map<String, ?> items) {
        try {
            return new CompositeDataSupport(type, items);
        } catch (OpenDataException e) {
            throw new IllegalStateException("composite of " + type.getTypeName() + ": " + e.getMessage(), e);
        }
    }
}
