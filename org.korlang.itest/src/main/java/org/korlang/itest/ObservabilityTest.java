package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.korlang.scheduler.Scheduler;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The observability of org.korlang.observe inside a real Felix: the JMX MBeans exist under the
 * documented names and move when the heap collects; a GC notification parses with the JDK's own
 * {@link GarbageCollectionNotificationInfo#from}; writing {@code Policy} over JMX switches the heap
 * and the scheduler (and no collector bean of the old policy stays); a gc bundle restart takes every
 * heap bean away and brings fresh ones; a JFR {@link RecordingStream} receives the GC, GC-switch and
 * scheduler-switch events committed from a bundle (boot delegation of jdk.jfr).
 */
class ObservabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final BundleContext context = Services.context();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @AfterEach
    void defaults() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        if (!heap.policyName().equals("generational")) {
            heap.switchPolicy("generational");
        }
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        if (!scheduler.activePolicy().orElse("").equals("work-stealing")) {
            server.setAttribute(name("type=Scheduler"), new Attribute("Policy", "work-stealing"));
        }
    }

    private static ObjectName name(String keys) throws Exception {
        return new ObjectName("org.korlang:" + keys);
    }

    private long collectionCount(String policy) throws Exception {
        return (Long) server.getAttribute(name("type=GarbageCollector,name=" + policy), "CollectionCount");
    }

    @Test
    void mbeansExistWithTheDocumentedNamesAndMoveWhenTheHeapCollects() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        Services.await(context, Scheduler.class, null);
        String policy = heap.policyName();
        for (String keys : List.of("type=Heap", "type=Scheduler", "type=MemoryPool,name=young", "type=MemoryPool,name=old",
                "type=MemoryPool,name=large", "type=GarbageCollector,name=" + policy)) {
            assertTrue(server.isRegistered(name(keys)), "org.korlang:" + keys + " is registered");
        }
        assertEquals(1, server.queryNames(name("type=GarbageCollector,*"), null).size(), "one collector: the active policy");

        long count = collectionCount(policy);
        long time = (Long) server.getAttribute(name("type=GarbageCollector,name=" + policy), "CollectionTime");
        long full = (Long) server.getAttribute(name("type=Heap"), "FullCollections");
        BlockingQueue<GcEvent> events = new LinkedBlockingQueue<>();
        GcListener probe = events::add;
        heap.addListener(probe);
        try {
            heap.collect(CollectionKind.FULL);
        } finally {
            heap.removeListener(probe);
        }
        GcEvent event = events.take();
        assertEquals(count + 1, collectionCount(policy), "CollectionCount moved");
        assertTrue((Long) server.getAttribute(name("type=GarbageCollector,name=" + policy), "CollectionTime") >= time);
        assertEquals(full + 1, (Long) server.getAttribute(name("type=Heap"), "FullCollections"));

        GcInfo last = GcInfo.from((CompositeData) server.getAttribute(name("type=GarbageCollector,name=" + policy), "LastGcInfo"));
        assertEquals(event.sequence(), last.getId(), "LastGcInfo is the collection just run");
        assertEquals(event.pauseNanos() / 1_000_000, last.getDuration());
        assertEquals(Set.of("young", "old", "large"), last.getMemoryUsageAfterGc().keySet());
        assertTrue(last.getEndTime() >= last.getStartTime());

        MemoryUsage young = MemoryUsage.from((CompositeData) server.getAttribute(name("type=MemoryPool,name=young"), "Usage"));
        assertEquals(heap.stats().youngCapacity(), young.getCommitted());
        assertNotNull(MemoryUsage.from((CompositeData) server.getAttribute(name("type=MemoryPool,name=old"), "CollectionUsage")),
                "a collection ran, so there is a collection usage");
        assertTrue((Long) server.getAttribute(name("type=Scheduler"), "Spawned") >= 0);
        assertEquals(Runtime.getRuntime().availableProcessors() > 0,
                (Integer) server.getAttribute(name("type=Scheduler"), "Parallelism") > 0);
    }

    @Test
    void aGcNotificationArrivesAndParsesWithTheJdkParser() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        String policy = heap.policyName();
        ObjectName collector = name("type=GarbageCollector,name=" + policy);
        BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
        NotificationListener listener = (n, handback) -> received.add(n);
        server.addNotificationListener(collector, listener, null, null);
        try {
            heap.collect(CollectionKind.FULL);
            Notification n = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(n, "a notification within " + WAIT);
            assertEquals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION, n.getType());
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            assertEquals(policy, info.getGcName());
            assertEquals("end of major GC", info.getGcAction());
            assertEquals("Explicit", info.getGcCause());
            assertEquals(Set.of("young", "old", "large"), info.getGcInfo().getMemoryUsageBeforeGc().keySet());
            assertTrue(info.getGcInfo().getId() > 0);
        } finally {
            server.removeNotificationListener(collector, listener);
        }
    }

    @Test
    void settingPolicyOverJmxSwitchesTheHeapAndTheSchedulerAndLeavesNoStaleCollector() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        String before = heap.policyName();
        String other = before.equals("marksweep") ? "generational" : "marksweep";

        server.setAttribute(name("type=Heap"), new Attribute("Policy", other));
        assertEquals(other, heap.policyName(), "the live heap switched");
        assertEquals(other, server.getAttribute(name("type=Heap"), "Policy"));
        assertTrue(server.isRegistered(name("type=GarbageCollector,name=" + other)));
        assertFalse(server.isRegistered(name("type=GarbageCollector,name=" + before)), "no stale collector bean");
        assertTrue(collectionCount(other) >= 1, "the switch counts as a collection of the new policy");

        Exception unknown = assertThrows(Exception.class,
                () -> server.setAttribute(name("type=Heap"), new Attribute("Policy", "no-such-policy")));
        assertTrue(String.valueOf(rootCause(unknown).getMessage()).contains("not installed"), rootCause(unknown).toString());
        assertEquals(other, heap.policyName(), "a refused switch changes nothing");

        server.setAttribute(name("type=Scheduler"), new Attribute("Policy", "fifo"));
        assertEquals("fifo", scheduler.activePolicy().orElseThrow(), "the scheduler swapped (sched:policy's path)");
        assertEquals("fifo", server.getAttribute(name("type=Scheduler"), "Policy"));
        assertEquals(42, scheduler.spawn(() -> 42).join(Duration.ofSeconds(10)));
    }

    @Test
    void aGcBundleRestartLeavesNoStaleMBeanAndBringsFreshOnes() throws Exception {
        Bundle gc = Services.bundle(context, "org.korlang.gc");
        Services.await(context, Heap.class, null);
        gc.stop();
        try {
            Services.awaitAbsent(context, Heap.class, null);
            assertTrue(server.queryNames(name("type=Heap"), null).isEmpty(), "Heap bean gone with the heap");
            assertTrue(server.queryNames(name("type=GarbageCollector,*"), null).isEmpty(), "collector bean gone");
            assertTrue(server.queryNames(name("type=MemoryPool,*"), null).isEmpty(), "pool beans gone");
        } finally {
            gc.start();
        }
        Heap heap = Services.await(context, Heap.class, null);
        Services.eventually(() -> "fresh beans", () -> server.isRegistered(name("type=GarbageCollector,name=" + heap.policyName())), WAIT);
        long count = collectionCount(heap.policyName());
        heap.collect(CollectionKind.YOUNG);
        assertEquals(count + 1, collectionCount(heap.policyName()), "the fresh bean follows the new heap");
    }

    @Test
    void aJfrRecordingStreamReceivesGcAndPolicySwitchEventsFromTheBundle() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        BlockingQueue<RecordedEvent> gcs = new LinkedBlockingQueue<>();
        BlockingQueue<RecordedEvent> gcSwitches = new LinkedBlockingQueue<>();
        BlockingQueue<RecordedEvent> schedulerSwitches = new LinkedBlockingQueue<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("org.korlang.gc.GarbageCollection");
            stream.enable("org.korlang.gc.PolicySwitch");
            stream.enable("org.korlang.scheduler.PolicySwitch");
            stream.setMaxAge(Duration.ofMinutes(1));
            stream.onEvent("org.korlang.gc.GarbageCollection", gcs::add);
            stream.onEvent("org.korlang.gc.PolicySwitch", gcSwitches::add);
            stream.onEvent("org.korlang.scheduler.PolicySwitch", schedulerSwitches::add);
            stream.startAsync();

            String from = heap.policyName();
            String to = from.equals("marksweep") ? "generational" : "marksweep";
            heap.collect(CollectionKind.FULL);
            heap.switchPolicy(to);
            String schedulerFrom = scheduler.activePolicy().orElseThrow();
            String schedulerTo = schedulerFrom.equals("fifo") ? "work-stealing" : "fifo";
            scheduler.switchPolicy(schedulerTo);

            RecordedEvent collection = awaitEvent(gcs, e -> e.getString("kind").equals("full"), "a full collection");
            assertEquals(from, collection.getString("policy"));
            assertEquals("explicit", collection.getString("cause"));
            assertTrue(collection.getDuration("pause").toNanos() > 0);
            RecordedEvent gcSwitch = awaitEvent(gcSwitches, e -> true, "a GC policy switch");
            assertEquals(from, gcSwitch.getString("from"));
            assertEquals(to, gcSwitch.getString("to"));
            RecordedEvent schedulerSwitch = awaitEvent(schedulerSwitches, e -> true, "a scheduler policy switch");
            assertEquals(schedulerFrom, schedulerSwitch.getString("from"));
            assertEquals(schedulerTo, schedulerSwitch.getString("to"));
            scheduler.switchPolicy(schedulerFrom);
        }
    }

    private static RecordedEvent awaitEvent(BlockingQueue<RecordedEvent> queue, java.util.function.Predicate<RecordedEvent> wanted,
            String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            RecordedEvent e = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("JFR delivered no event for " + what + " within " + WAIT
                        + " (inside a bundle, commit() needs boot delegation of jdk.jfr.*)");
            }
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
