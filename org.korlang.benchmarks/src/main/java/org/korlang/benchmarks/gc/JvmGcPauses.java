package org.korlang.benchmarks.gc;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The JVM's own collection pauses during a plain-Java benchmark trial, from the HotSpot GC
 * notifications (durations in whole milliseconds, as the JVM reports them), so the README can put
 * the default collector's pauses next to the managed heap's.
 */
final class JvmGcPauses implements NotificationListener, AutoCloseable {

    private final List<Long> young = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> old = Collections.synchronizedList(new ArrayList<>());
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    JvmGcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(this, null, null);
                emitters.add(e);
            }
        }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        if (info.getGcCause().equals("No GC")) {
            return; // concurrent cycle bookkeeping, not a pause
        }
        boolean minor = info.getGcAction().contains("minor");
        (minor ? young : old).add(info.getGcInfo().getDuration());
    }

    String summary(String name) {
        return String.format(Locale.ROOT, "JVM-GC-PAUSES %s: young %s | old %s", name, describe(young), describe(old));
    }

    private static String describe(List<Long> ms) {
        List<Long> copy;
        synchronized (ms) {
            copy = new ArrayList<>(ms);
        }
        if (copy.isEmpty()) {
            return "n=0";
        }
        Collections.sort(copy);
        long total = 0;
        for (long v : copy) {
            total += v;
        }
        return String.format(Locale.ROOT, "n=%d p50=%dms p99=%dms max=%dms total=%dms", copy.size(),
                copy.get((copy.size() - 1) / 2), copy.get(Math.max(0, (int) Math.ceil(0.99 * copy.size()) - 1)),
                copy.get(copy.size() - 1), total);
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
