package org.korlang.observe.internal.jfr;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.korlang.scheduler.PolicySwitch;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.SchedulerListener;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * JFR events of the heap and the scheduler: {@code org.korlang.gc.GarbageCollection} and
 * {@code org.korlang.gc.PolicySwitch} from a {@link GcListener}, {@code org.korlang.scheduler.PolicySwitch}
 * from a {@link SchedulerListener}. An event is filled and committed only when a recording has it
 * enabled, so with no recording the cost is a flag read per collection.
 *
 * <p>Inside Felix the instrumented event classes call into {@code jdk.jfr.internal} (JDK 17) or
 * {@code jdk.jfr.internal.event} (JDK 22+); a bundle class loader finds those only through boot
 * delegation ({@code org.osgi.framework.bootdelegation=jdk.jfr,jdk.jfr.*}, set by both runs),
 * without which {@code commit()} fails silently; where not even {@code jdk.jfr} is visible (a run
 * without that boot delegation) the component says so in one log line and adds no listener, so the
 * heap and the scheduler never see a {@code NoClassDefFoundError} from it. Both references are
 * dynamic and optional: the heap and the scheduler come and go independently, and each listener
 * leaves with its service.
 */
@Component(immediate = true, service = {})
public final class FlightEvents {

    private static final System.Logger LOG = System.getLogger(FlightEvents.class.getName());

    private final Map<Heap, HeapEvents> heaps = new ConcurrentHashMap<>();
    private final SchedulerListener schedulerListener = FlightEvents::schedulerSwitched;
    /** Whether this bundle's class loader sees JFR at all (decided before the first bind). */
    private final boolean jfrVisible = jfrVisible();

    static boolean jfrVisible() {
        try {
            Class.forName("jdk.jfr.Event", false, FlightEvents.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Korlang JFR events are off: jdk.jfr is not visible to bundle "
                    + "org.korlang.observe (the run needs org.osgi.framework.bootdelegation=jdk.jfr,jdk.jfr.*)");
            return false;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindHeap")
    void bindHeap(Heap heap) {
        if (!jfrVisible) {
            return;
        }
        HeapEvents events = new HeapEvents(heap);
        heaps.put(heap, events);
        heap.addListener(events);
    }

    void unbindHeap(Heap heap) {
        HeapEvents events = heaps.remove(heap);
        if (events != null) {
            heap.removeListener(events);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindScheduler")
    void bindScheduler(Scheduler scheduler) {
        if (!jfrVisible) {
            return;
        }
        scheduler.addListener(schedulerListener);
    }

    void unbindScheduler(Scheduler scheduler) {
        scheduler.removeListener(schedulerListener);
    }

    static void schedulerSwitched(PolicySwitch s) {
        SchedulerPolicySwitchEvent event = new SchedulerPolicySwitchEvent();
        if (event.isEnabled()) {
            event.swap = s.sequence();
            event.from = s.from();
            event.to = s.to();
            event.swapDuration = s.durationNanos();
            event.commit();
        }
    }

    /**
     * The events of one heap. A collection's event begins when the world has stopped
     * ({@code collectionStarted}) and is committed when it finished; collections of one heap never
     * overlap, so one pending event suffices. The policy before a switch is read at its start.
     */
    static final class HeapEvents implements GcListener {
        private final Heap heap;
        private volatile GarbageCollectionEvent pending;
        private volatile long pendingSequence = -1;
        private volatile String policyBefore = "?";

        HeapEvents(Heap heap) {
            this.heap = heap;
        }

        @Override
        public void collectionStarted(long sequence, CollectionKind kind, GcCause cause) {
            GarbageCollectionEvent event = new GarbageCollectionEvent();
            event.begin();
            pending = event;
            pendingSequence = sequence;
            policyBefore = heap.policyName();
        }

        @Override
        public void collectionFinished(GcEvent e) {
            GarbageCollectionEvent event = pendingSequence == e.sequence() ? pending : null;
            pending = null;
            if (event == null) {
                event = new GarbageCollectionEvent();
            }
            if (event.isEnabled()) {
                event.end();
                event.gcId = e.sequence();
                event.policy = e.policy();
                event.kind = e.kind().name().toLowerCase(Locale.ROOT);
                event.cause = e.cause().name().toLowerCase(Locale.ROOT);
                event.pause = e.pauseNanos();
                event.timeToSafepoint = e.timeToSafepointNanos();
                event.heapUsedBefore = e.bytesBefore();
                event.heapUsedAfter = e.bytesAfter();
                event.promoted = e.bytesPromoted();
                event.commit();
            }
            if (e.kind() == CollectionKind.SWAP) {
                GcPolicySwitchEvent swap = new GcPolicySwitchEvent();
                if (swap.isEnabled()) {
                    swap.gcId = e.sequence();
                    swap.from = policyBefore;
                    swap.to = e.policy();
                    swap.pause = e.pauseNanos();
                    swap.heapUsedBefore = e.bytesBefore();
                    swap.heapUsedAfter = e.bytesAfter();
                    swap.commit();
                }
            }
        }
    }
}
