package org.korlang.observe.internal.jmx;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;

import org.korlang.observe.internal.control.PolicyControl;
import org.korlang.scheduler.PolicySwitch;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.SchedulerListener;
import org.korlang.scheduler.SchedulerMetrics;
import org.korlang.scheduler.TaskCountSource;
import org.korlang.scheduler.TaskCounts;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code org.korlang:type=Scheduler}, registered while the {@link Scheduler} service exists. Each
 * attribute reads a fresh {@link SchedulerMetrics} snapshot; a {@link SchedulerListener} turns every
 * policy swap into an {@code AttributeChangeNotification} of {@code Policy}, sent from a daemon
 * thread of this component. The {@code LanguageTasks*} attributes sum the counts of every
 * {@link TaskCountSource} present (the Korlang VM's tasks; an optional dynamic multiple reference).
 */
@Component(immediate = true, service = {})
public final class SchedulerBeans implements SchedulerMBean, SchedulerListener {

    private static final ObjectName NAME = MBeans.name("Scheduler", null);

    private final Scheduler scheduler;
    private final PolicyControl control;
    private final NotificationBroadcasterSupport emitter;
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "korlang-jmx-scheduler-notifications");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequence = new AtomicLong();
    private final List<TaskCountSource> taskSources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final boolean registered;

    @Activate
    public SchedulerBeans(@Reference Scheduler scheduler, BundleContext context) {
        this.scheduler = scheduler;
        this.control = new PolicyControl(context);
        this.emitter = new NotificationBroadcasterSupport(notifier, new MBeanNotificationInfo(
                new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE}, AttributeChangeNotification.class.getName(),
                "Policy changed (a swap)"));
        registered = MBeans.register(new StandardEmitterMBean(this, SchedulerMBean.class, emitter), NAME);
        scheduler.addListener(this);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindTaskCountSource")
    void bindTaskCountSource(TaskCountSource source) {
        taskSources.add(source);
    }

    void unbindTaskCountSource(TaskCountSource source) {
        taskSources.remove(source);
    }

    private TaskCounts taskCounts() {
        TaskCounts sum = TaskCounts.NONE;
        for (TaskCountSource source : taskSources) {
            sum = sum.plus(source.taskCounts());
        }
        return sum;
    }

    @Override
    public long getLanguageTasksLive() {
        return taskCounts().live();
    }

    @Override
    public long getLanguageTasksParked() {
        return taskCounts().parked();
    }

    @Override
    public long getLanguageTasksSpawned() {
        return taskCounts().spawned();
    }

    @Override
    public long getLanguageTasksCompleted() {
        return taskCounts().completed();
    }

    @Deactivate
    void deactivate() {
        scheduler.removeListener(this);
        if (registered) {
            MBeans.unregister(NAME);
        }
        notifier.shutdownNow();
    }

    @Override
    public void policySwitched(PolicySwitch event) {
        emitter.sendNotification(new AttributeChangeNotification(NAME, sequence.incrementAndGet(), System.currentTimeMillis(),
                "scheduler policy " + event.from() + " -> " + event.to(), "Policy", String.class.getName(), event.from(),
                event.to()));
    }

    private SchedulerMetrics m() {
        return scheduler.metrics();
    }

    @Override
    public String getPolicy() {
        return scheduler.activePolicy().orElse("none");
    }

    @Override
    public void setPolicy(String name) {
        control.switchTo(PolicyControl.Target.SCHEDULER, name);
    }

    @Override
    public String[] getAvailablePolicies() {
        return scheduler.availablePolicies().toArray(String[]::new);
    }

    @Override
    public int getParallelism() {
        return m().parallelism();
    }

    @Override
    public int getWorkers() {
        return m().workers();
    }

    @Override
    public int getParkedWorkers() {
        return m().parkedWorkers();
    }

    @Override
    public int getSpareThreads() {
        return m().spareThreads();
    }

    @Override
    public int getBlockedThreads() {
        return m().blockedThreads();
    }

    @Override
    public long getGlobalQueueLength() {
        return m().globalQueueLength();
    }

    @Override
    public int[] getLocalQueueLengths() {
        return m().localQueueLengths().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public long getQueuedTasks() {
        SchedulerMetrics m = m();
        return m.globalQueueLength() + sum(m.localQueueLengths());
    }

    static long sum(List<Integer> lengths) {
        return lengths.stream().mapToLong(Integer::longValue).sum();
    }

    @Override
    public long getSteals() {
        return m().steals();
    }

    @Override
    public long getParks() {
        return m().parks();
    }

    @Override
    public long getSpawned() {
        return m().spawned();
    }

    @Override
    public long getSucceeded() {
        return m().succeeded();
    }

    @Override
    public long getFailed() {
        return m().failed();
    }

    @Override
    public long getCancelled() {
        return m().cancelled();
    }

    @Override
    public long getPending() {
        return m().pending();
    }

    @Override
    public long getSwaps() {
        return m().swaps();
    }

    @Override
    public int getRetiringPolicies() {
        return m().retiringPolicies();
    }
}
