package org.korlang.observe.internal.jmx;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.MBeanNotificationInfo;
import javax.management.NotCompliantMBeanException;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapStats;
import org.korlang.observe.internal.control.PolicyControl;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The heap's MBeans, registered while the {@link Heap} service exists (this component's life):
 * {@code org.korlang:type=Heap}, one {@code org.korlang:type=MemoryPool,name=<space>} per space
 * (young, old, large) and {@code org.korlang:type=GarbageCollector,name=<policy>} for the active
 * policy only.
 *
 * <p><b>Following the heap.</b> A {@link GcListener} sees every collection and switch. When a
 * finished event names another policy than the registered collector bean, that bean is unregistered
 * and the new policy's registered (under the component's lock, so a reader sees at most one
 * collector), before the notification goes out. Counts are per policy and survive a switch away and
 * back. The heap stopping (gc bundle restart) deactivates the component: every bean goes, and the
 * next heap gets fresh ones; nothing stale stays in the server.
 *
 * <p><b>Notifications</b> are sent from one daemon thread of this component (a slow JMX client must
 * not hold up the collecting thread). Before-usage per pool is read at {@code collectionStarted},
 * while the world is stopped; after-usage when the collection finished.
 */
@Component(immediate = true, service = {})
public final class HeapBeans implements GcListener {

    private static final ObjectName HEAP = MBeans.name("Heap", null);

    private final Heap heap;
    private final PolicyControl control;
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "korlang-jmx-gc-notifications");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Map<String, Collector> collectors = new HashMap<>();
    private final List<ObjectName> registered = new ArrayList<>();
    /** The collector bean registered now; guarded by this. */
    private Collector active;
    private ObjectName activeName;
    private volatile Map<String, PoolUsage> before = Map.of();
    private volatile long beforeSequence = -1;

    @Activate
    public HeapBeans(@Reference Heap heap, BundleContext context) {
        this.heap = heap;
        this.control = new PolicyControl(context);
        for (String name : PoolUsage.NAMES) {
            pools.put(name, new Pool(name));
        }
        register(standard(new HeapBean(), HeapMBean.class), HEAP);
        pools.forEach((name, pool) -> register(standard(pool, MemoryPoolMBean.class), MBeans.name("MemoryPool", name)));
        synchronized (this) {
            follow(heap.policyName());
        }
        heap.addListener(this);
    }

    @Deactivate
    void deactivate() {
        heap.removeListener(this);
        synchronized (this) {
            if (activeName != null) {
                MBeans.unregister(activeName);
                activeName = null;
                active = null;
            }
            registered.forEach(MBeans::unregister);
            registered.clear();
        }
        notifier.shutdownNow();
    }

    @Override
    public void collectionStarted(long sequence, CollectionKind kind, GcCause cause) {
        try {
            before = PoolUsage.of(heap.stats());
            beforeSequence = sequence;
        } catch (RuntimeException e) {
            beforeSequence = -1; // fall back to the last after-usage
        }
    }

    @Override
    public void collectionFinished(GcEvent e) {
        HeapStats now = heap.stats();
        Map<String, PoolUsage> after = PoolUsage.of(now);
        Map<String, PoolUsage> was = beforeSequence == e.sequence() ? before : lastAfter();
        pools.forEach((name, pool) -> pool.collected(after.get(name)));
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long endMillis = uptime - Math.max(0, (System.nanoTime() - (e.startNanos() + e.pauseNanos())) / 1_000_000);
        long duration = e.pauseNanos() / 1_000_000;
        CompositeData info = JdkShapes.gcInfo(e.sequence(), endMillis - duration, endMillis, duration,
                heap.config().gcThreads(), was, after);
        Collector collector;
        synchronized (this) {
            follow(e.policy());
            collector = collectors.computeIfAbsent(e.policy(), Collector::new);
            collector.collected(e, info);
        }
        Collector sender = collector;
        CompositeData userData = JdkShapes.notificationInfo(e.policy(), action(e.kind()), cause(e.cause()), info);
        notifier.execute(() -> sender.emit(e, userData));
    }

    /** Usage per pool after the last collection (the best "before" when none was read). */
    private Map<String, PoolUsage> lastAfter() {
        Map<String, PoolUsage> m = new LinkedHashMap<>();
        pools.forEach((name, pool) -> m.put(name, pool.lastCollected != null ? pool.lastCollected : new PoolUsage(0, 0, -1)));
        return m;
    }

    /** Makes the registered collector bean the one of {@code policy}. Lock held. */
    private void follow(String policy) {
        if (active != null && active.name.equals(policy)) {
            return;
        }
        if (activeName != null) {
            MBeans.unregister(activeName);
        }
        active = collectors.computeIfAbsent(policy, Collector::new);
        activeName = MBeans.name("GarbageCollector", policy);
        if (!MBeans.register(active.bean(), activeName)) {
            activeName = null;
        }
    }

    static String action(CollectionKind kind) {
        return switch (kind) {
            case YOUNG -> "end of minor GC";
            case FULL -> "end of major GC";
            case SWAP -> "end of policy switch";
        };
    }

    static String cause(GcCause cause) {
        String words = cause.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private void register(Object bean, ObjectName name) {
        if (MBeans.register(bean, name)) {
            registered.add(name);
        }
    }

    private static <T> StandardMBean standard(T impl, Class<T> type) {
        try {
            return new StandardMBean(impl, type);
        } catch (NotCompliantMBeanException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One policy's counters and its bean (created once, registered while the policy is active). */
    private final class Collector implements GarbageCollectorMBean {
        final String name;
        final AtomicLong count = new AtomicLong();
        final AtomicLong pauseNanos = new AtomicLong();
        final AtomicLong notifications = new AtomicLong();
        volatile CompositeData last;
        final NotificationBroadcasterSupport emitter = new NotificationBroadcasterSupport(new MBeanNotificationInfo(
                new String[] {JdkShapes.GC_NOTIFICATION}, Notification.class.getName(),
                "After every collection and policy switch; user data as GarbageCollectionNotificationInfo"));
        private StandardEmitterMBean bean;

        Collector(String name) {
            this.name = name;
        }

        synchronized StandardEmitterMBean bean() {
            if (bean == null) {
                bean = new StandardEmitterMBean(this, GarbageCollectorMBean.class, emitter);
            }
            return bean;
        }

        void collected(GcEvent e, CompositeData info) {
            count.incrementAndGet();
            pauseNanos.addAndGet(e.pauseNanos());
            last = info;
        }

        void emit(GcEvent e, CompositeData userData) {
            ObjectName source = MBeans.name("GarbageCollector", name);
            Notification n = new Notification(JdkShapes.GC_NOTIFICATION, source, notifications.incrementAndGet(),
                    System.currentTimeMillis(), action(e.kind()));
            n.setUserData(userData);
            emitter.sendNotification(n);
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isValid() {
            return name.equals(heap.policyName());
        }

        @Override
        public long getCollectionCount() {
            return count.get();
        }

        @Override
        public long getCollectionTime() {
            return pauseNanos.get() / 1_000_000;
        }

        @Override
        public String[] getMemoryPoolNames() {
            return PoolUsage.NAMES.clone();
        }

        @Override
        public CompositeData getLastGcInfo() {
            return last;
        }
    }

    private final class Pool implements MemoryPoolMBean {
        final String name;
        volatile PoolUsage peak;
        volatile PoolUsage lastCollected;

        Pool(String name) {
            this.name = name;
        }

        PoolUsage now() {
            PoolUsage u = PoolUsage.of(heap.stats()).get(name);
            seen(u);
            return u;
        }

        void collected(PoolUsage u) {
            lastCollected = u;
            seen(u);
        }

        private synchronized void seen(PoolUsage u) {
            if (peak == null || u.used() > peak.used()) {
                peak = u;
            }
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getType() {
            return "HEAP";
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public CompositeData getUsage() {
            return JdkShapes.memoryUsage(now());
        }

        @Override
        public CompositeData getPeakUsage() {
            now();
            return JdkShapes.memoryUsage(peak);
        }

        @Override
        public CompositeData getCollectionUsage() {
            PoolUsage u = lastCollected;
            return u == null ? null : JdkShapes.memoryUsage(u);
        }

        @Override
        public String[] getMemoryManagerNames() {
            return new String[] {heap.policyName()};
        }

        @Override
        public synchronized void resetPeakUsage() {
            peak = null;
        }
    }

    private final class HeapBean implements HeapMBean {

        @Override
        public String getPolicy() {
            return heap.policyName();
        }

        @Override
        public void setPolicy(String name) {
            control.switchTo(PolicyControl.Target.GC, name);
        }

        @Override
        public String[] getAvailablePolicies() {
            return control.gcPolicies().toArray(String[]::new);
        }

        @Override
        public long getUsed() {
            return heap.stats().usedBytes();
        }

        @Override
        public long getYoungUsed() {
            return heap.stats().youngUsed();
        }

        @Override
        public long getYoungCapacity() {
            return heap.stats().youngCapacity();
        }

        @Override
        public long getOldUsed() {
            return heap.stats().oldUsed();
        }

        @Override
        public long getLargeUsed() {
            return heap.stats().largeUsed();
        }

        @Override
        public long getLimit() {
            return heap.stats().heapLimit();
        }

        @Override
        public long getMinorCollections() {
            return heap.stats().minorCollections();
        }

        @Override
        public long getFullCollections() {
            return heap.stats().fullCollections();
        }

        @Override
        public long getMinorPauseMillis() {
            return heap.stats().minorPauseNanos() / 1_000_000;
        }

        @Override
        public long getFullPauseMillis() {
            return heap.stats().fullPauseNanos() / 1_000_000;
        }

        @Override
        public long getBytesAllocated() {
            return heap.stats().bytesAllocated();
        }

        @Override
        public long getBytesPromoted() {
            return heap.stats().bytesPromoted();
        }

        @Override
        public int getMutators() {
            return heap.stats().mutators();
        }

        @Override
        public int getGlobalHandles() {
            return heap.stats().globalHandles();
        }

        @Override
        public long getMappedBytes() {
            return heap.stats().mappedBytes();
        }
    }
}
