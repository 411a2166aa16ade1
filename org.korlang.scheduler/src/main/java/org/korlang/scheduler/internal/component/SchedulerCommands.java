package org.korlang.scheduler.internal.component;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.service.command.Descriptor;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.SchedulerMetrics;
import org.korlang.scheduler.TaskCountSource;
import org.korlang.scheduler.TaskCounts;
import org.korlang.scheduler.UnknownPolicyException;
import org.korlang.scheduler.internal.core.TaskScheduler;
import org.korlang.shell.common.UsageException;
import org.korlang.shell.common.config.ConfigurationDelivery;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands {@code sched:stats} and {@code sched:policy [name]} (a plain service with the
 * {@code osgi.command.*} properties; no Gogo dependency).
 *
 * <p>{@code sched:policy name} writes the {@code policy} property of configuration
 * {@value SchedulerConfig#PID} through ConfigAdmin — so the choice is persisted — and waits until the
 * configuration has arrived and the scheduler has swapped ({@link ConfigurationDelivery}: a write that
 * SCR lost is written again). Without ConfigAdmin it switches the running scheduler directly and says that
 * the choice is not persisted. Failures throw exceptions with a message meant for the shell.
 *
 * <p>{@code sched:stats} ends with one line per {@link TaskCountSource} present (an optional dynamic
 * multiple reference: a language runtime such as the Korlang VM publishes its own tasks' counts, which
 * the scheduler, seeing only the runtime's carrier jobs, cannot know; without one there is no line).
 *
 * <p>The shell calls {@link #stats(String...)} and {@link #policy(String...)}: one varargs method per
 * command, which checks the argument count itself and answers a wrong call with the one-line usage
 * ({@link UsageException}) instead of Gogo's "Cannot coerce".
 */
@Component(service = SchedulerCommands.class, property = {
    "osgi.command.scope=sched",
    "osgi.command.function=stats",
    "osgi.command.function=policy"
})
public final class SchedulerCommands {

    /** How long {@code sched:policy} waits for the swap after updating the configuration. */
    static final long SWAP_WAIT_MILLIS = 10_000;

    private final Scheduler scheduler;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    private final List<TaskCountSource> taskSources = new CopyOnWriteArrayList<>();

    @Activate
    public SchedulerCommands(@Reference(name = "scheduler") Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Used by tests (and by code outside DS) to provide ConfigAdmin. */
    void setConfigurationAdmin(ConfigurationAdmin admin) {
        this.configurationAdmin = admin;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unbindTaskCountSource")
    void bindTaskCountSource(TaskCountSource source) {
        taskSources.add(source);
    }

    void unbindTaskCountSource(TaskCountSource source) {
        taskSources.remove(source);
    }

    static final String STATS_USAGE = "usage: sched:stats";
    static final String POLICY_USAGE = "usage: sched:policy [name]";

    /**
     * {@code sched:stats}: workers, queue lengths, steals, parks, spare threads, task counters, and the
     * task counts of each language runtime that publishes them.
     */
    @Descriptor("Show the scheduler: workers, queue lengths, steals, parks, spare threads, task counters "
            + "and each language runtime's task counts (usage: sched:stats)")
    public String stats(@Descriptor("none") String... args) {
        if (args.length != 0) {
            throw new UsageException(STATS_USAGE);
        }
        StringBuilder out = new StringBuilder(format(scheduler.metrics()));
        for (TaskCountSource source : taskSources) {
            out.append(System.lineSeparator()).append(format(source.name(), source.taskCounts()));
        }
        return out.toString();
    }

    @Descriptor("Show the scheduler policy, or switch to another and save the choice (usage: sched:policy [name])")
    public String policy(@Descriptor("name of the policy to switch to: work-stealing, fifo, or any other installed")
            String... args) throws IOException, InterruptedException {
        return switch (args.length) {
            case 0 -> policy();
            case 1 -> policy(args[0]);
            default -> throw new UsageException(POLICY_USAGE + "; available: " + String.join(", ", scheduler.availablePolicies()));
        };
    }

    /** The installed policies' names (also what the interactive shell completes after sched:policy). */
    public Set<String> availablePolicies() {
        return scheduler.availablePolicies();
    }

    /** {@code sched:policy}: the active policy and the available ones. */
    String policy() {
        return "active policy: " + scheduler.activePolicy().orElse("none") + System.lineSeparator()
                + "available: " + String.join(", ", scheduler.availablePolicies());
    }

    /**
     * {@code sched:policy name}: switches to the named policy (persisted through ConfigAdmin when it is
     * present).
     *
     * @throws UnknownPolicyException if no policy has that name
     * @throws IllegalStateException if the scheduler did not switch in time
     * @throws IOException if ConfigAdmin cannot store the configuration
     */
    String policy(String name) throws IOException, InterruptedException {
        if (name == null || name.isBlank()) {
            throw new UsageException(POLICY_USAGE + "; available: "
                    + String.join(", ", scheduler.availablePolicies()));
        }
        Set<String> available = scheduler.availablePolicies();
        if (!available.contains(name)) {
            throw new UnknownPolicyException(name, available);
        }
        String before = scheduler.activePolicy().orElse("none");
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            scheduler.switchPolicy(name);
            return "policy: " + before + " -> " + name + " (not saved: ConfigurationAdmin is not available; a restart goes back to the configured policy)";
        }
        Configuration configuration = admin.getConfiguration(SchedulerConfig.PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("policy", name);
        configuration.update(properties);
        ConfigurationDelivery.await(configuration, () -> runs(name), Duration.ofMillis(SWAP_WAIT_MILLIS),
                () -> "configuration " + SchedulerConfig.PID + " now says policy="
                        + ConfigurationDelivery.stored(configuration, "policy")
                        + ", but the scheduler still runs " + scheduler.activePolicy().orElse("no policy"));
        return "policy: " + before + " -> " + name + " (saved: survives restart; configuration " + SchedulerConfig.PID + ")";
    }

    /**
     * Whether the scheduler runs {@code name} because it was asked to: the configuration has arrived
     * (its wanted policy is {@code name}, when the scheduler is this bundle's component) and the swap is
     * done. The active policy alone could already be {@code name} as a fallback, before the write arrives.
     */
    private boolean runs(String name) {
        boolean asked = !(scheduler instanceof TaskScheduler own) || own.wantedPolicy().equals(Optional.of(name));
        return asked && scheduler.activePolicy().equals(Optional.of(name));
    }

    /** One source's line, e.g. {@code korlang:  live 11, parked 10, spawned 12, completed 1}. */
    static String format(String name, TaskCounts c) {
        String label = (name + ":").length() < 10 ? String.format("%-10s", name + ":") : name + ": ";
        return label + "live " + c.live() + ", parked " + c.parked() + ", spawned " + c.spawned()
                + ", completed " + c.completed();
    }

    static String format(SchedulerMetrics m) {
        String nl = System.lineSeparator();
        return "policy:   " + m.policy().orElse("none") + " (parallelism " + m.parallelism() + ", swaps " + m.swaps()
                + ", retiring " + m.retiringPolicies() + ")" + nl
                + "workers:  " + m.workers() + " holding slots, " + m.parkedWorkers() + " parked, " + m.spareThreads()
                + " spare threads, " + m.blockedThreads() + " blocked" + nl
                + "queues:   global " + m.globalQueueLength() + ", local " + m.localQueueLengths() + nl
                + "steals:   " + m.steals() + nl
                + "parks:    " + m.parks() + nl
                + "tasks:    spawned " + m.spawned() + ", succeeded " + m.succeeded() + ", failed " + m.failed()
                + ", cancelled " + m.cancelled() + ", pending " + m.pending();
    }
}
