package org.korlang.gc.internal.osgi;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.apache.felix.service.command.Descriptor;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapStats;
import org.korlang.gc.spi.HeapContext;
import org.korlang.shell.common.UsageException;
import org.korlang.shell.common.config.ConfigurationDelivery;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Gogo commands of scope {@code gc}: {@code gc:stats}, {@code gc:collect [young|full]},
 * {@code gc:policy [name]}. Each returns its text (the shell prints it; in scripts use
 * {@code echo (gc:stats)}).
 *
 * <p>Arguments: every command takes {@code String... args} and checks the count itself, so that a
 * wrong call gives the one-line usage ({@link UsageException}, e.g. {@code usage: gc:policy [name]})
 * rather than Gogo's "Cannot coerce" (which is all Gogo can say when no overload matches).
 *
 * <p>{@code gc:policy <name>} switches the live heap at once (its pause is reported from the GC event
 * that {@link Heap#switchPolicy(String)} returns) and then saves {@code policy=<name>} in the heap's
 * configuration (PID {@value HeapComponent#PID}) through ConfigAdmin, so a restart keeps it; it
 * waits until the heap component has received that configuration, so that a later switch is never
 * undone by a late delivery (a write that SCR lost is written again: {@link ConfigurationDelivery}).
 * Without ConfigAdmin it says that the choice is not saved.
 *
 * <p>{@code gc:collect} reports the collection's own GC event — the same sequence number and
 * before/after occupancy that a {@code [gc #N]} line (korlang:demo verbose, KORLANG_GCTRACE) shows.
 */
@Component(service = GcCommands.class, property = {"osgi.command.scope=gc", "osgi.command.function=stats",
    "osgi.command.function=collect", "osgi.command.function=policy"})
public final class GcCommands {

    static final String STATS_USAGE = "usage: gc:stats";
    static final String COLLECT_USAGE = "usage: gc:collect [young|full]";
    static final String POLICY_USAGE = "usage: gc:policy [name]";
    /** How long {@code gc:policy} waits for ConfigAdmin to deliver the saved configuration. */
    static final long SAVE_WAIT_MILLIS = 10_000;

    private final Heap heap;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    @org.osgi.service.component.annotations.Activate
    public GcCommands(@Reference Heap heap) {
        this.heap = heap;
    }

    /** Used by tests (and by code outside DS) to provide ConfigAdmin. */
    void setConfigurationAdmin(ConfigurationAdmin admin) {
        this.configurationAdmin = admin;
    }

    @Descriptor("Show the heap: occupancy, collections, pause percentiles (usage: gc:stats)")
    public String stats(@Descriptor("none") String... args) {
        if (args.length != 0) {
            throw new UsageException(STATS_USAGE);
        }
        return format(heap.stats(), retiredBytes());
    }

    @Descriptor("Run a collection now and report it (usage: gc:collect [young|full]; default young)")
    public String collect(@Descriptor("young (the default) or full") String... args) {
        if (args.length > 1) {
            throw new UsageException(COLLECT_USAGE);
        }
        String kind = args.length == 0 ? "young" : args[0];
        CollectionKind k = switch (kind.toLowerCase(Locale.ROOT)) {
            case "young", "minor" -> CollectionKind.YOUNG;
            case "full", "major" -> CollectionKind.FULL;
            default -> throw new UsageException(COLLECT_USAGE + " (got '" + kind + "')");
        };
        GcEvent[] ours = {null};
        GcListener probe = new GcListener() {
            @Override
            public void collectionFinished(GcEvent e) {
                // the last collection finished while this command waited (a requested young one
                // may be escalated to full, so any kind but a swap)
                if (e.kind() != CollectionKind.SWAP) {
                    synchronized (ours) {
                        ours[0] = e;
                    }
                }
            }
        };
        heap.addListener(probe);
        long t0 = System.nanoTime();
        try {
            heap.collect(k);
        } finally {
            heap.removeListener(probe);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        GcEvent e;
        synchronized (ours) {
            e = ours[0];
        }
        if (e == null) { // a heap that reports no event: occupancy after is all we know
            return String.format(Locale.ROOT, "%s collection done in %d ms: %s in use", k.name().toLowerCase(Locale.ROOT),
                    ms, bytes(heap.stats().usedBytes()));
        }
        return String.format(Locale.ROOT, "%s collection done in %d ms: [gc #%d] pause %.2f ms, %s -> %s in use",
                e.kind().name().toLowerCase(Locale.ROOT), ms, e.sequence(), e.pauseNanos() / 1e6,
                bytes(e.bytesBefore()), bytes(e.bytesAfter()));
    }

    @Descriptor("Show the active gc policy, or switch the live heap to another and save the choice "
            + "(usage: gc:policy [name])")
    public String policy(@Descriptor("name of the policy to switch to: generational, marksweep, semispace, "
            + "or any other installed") String... args) throws IOException, InterruptedException {
        return switch (args.length) {
            case 0 -> activePolicy();
            case 1 -> switchPolicy(args[0]);
            default -> throw new UsageException(POLICY_USAGE + "; available: " + String.join(", ", availablePolicies()));
        };
    }

    /** The active policy and the installed ones; the first line is the active policy's name. */
    String activePolicy() {
        return heap.policyName() + System.lineSeparator() + "available: " + String.join(", ", availablePolicies());
    }

    /** The installed policies' names (also what the interactive shell completes after gc:policy). */
    public Set<String> availablePolicies() {
        if (heap instanceof HeapComponent component) {
            return new TreeSet<>(component.policyNames());
        }
        return new TreeSet<>(Set.of(heap.policyName()));
    }

    /**
     * Switches the live heap (stop the world; the new policy adopts the old one's spaces, or the
     * old plan retires with its objects in place, or every live object is copied and every handle
     * updated), reports the pause and saves the choice.
     */
    String switchPolicy(String name) throws IOException, InterruptedException {
        if (name.isBlank()) {
            throw new UsageException(POLICY_USAGE);
        }
        String from = heap.policyName();
        String switched;
        if (from.equals(name)) {
            switched = "policy " + name + " (already active)";
        } else {
            GcEvent e = heap.switchPolicy(name);
            switched = String.format(Locale.ROOT, "policy %s -> %s: pause %.2f ms, %s -> %s in use", from, e.policy(),
                    e.pauseNanos() / 1e6, bytes(e.bytesBefore()), bytes(e.bytesAfter()));
        }
        return switched + " " + save(name);
    }

    /** Writes {@code policy=name} into the heap's configuration; says whether it survives a restart. */
    private String save(String name) throws IOException, InterruptedException {
        ConfigurationAdmin admin = configurationAdmin;
        if (admin == null) {
            return "(not saved: ConfigurationAdmin is not available; a restart goes back to the configured policy)";
        }
        Configuration configuration = admin.getConfiguration(HeapComponent.PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put("policy", name);
        configuration.update(properties);
        if (heap instanceof HeapComponent component) {
            ConfigurationDelivery.await(configuration, () -> component.configuredPolicy().equals(name),
                    Duration.ofMillis(SAVE_WAIT_MILLIS),
                    () -> "configuration " + HeapComponent.PID + " now says policy="
                        + ConfigurationDelivery.stored(configuration, "policy")
                            + ", but the heap has not received it");
        }
        return "(saved: survives restart; configuration " + HeapComponent.PID + ")";
    }

    private long retiredBytes() {
        if (heap instanceof HeapComponent component) {
            return component.retiredBytes();
        }
        return heap instanceof HeapContext context ? context.retiredBytes() : 0;
    }

    static String format(HeapStats s) {
        return format(s, 0);
    }

    /**
     * The {@code gc:stats} text. {@code retiredBytes}: the part of the old generation that a policy
     * switch left in a retired plan (named only when there is some). "mapped" is address space the
     * heap reserved, most of it never touched; the limit caps the objects in it.
     */
    static String format(HeapStats s, long retiredBytes) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "policy            %s%n", s.policy()));
        b.append(String.format(Locale.ROOT, "young             %s of %s%n", bytes(s.youngUsed()), bytes(s.youngCapacity())));
        if (retiredBytes > 0) {
            b.append(String.format(Locale.ROOT, "old               %s (%s of it in a plan a policy switch retired; "
                    + "the next full collection frees what is dead there)%n", bytes(s.oldUsed()), bytes(retiredBytes)));
        } else {
            b.append(String.format(Locale.ROOT, "old               %s%n", bytes(s.oldUsed())));
        }
        b.append(String.format(Locale.ROOT, "large objects     %s%n", bytes(s.largeUsed())));
        b.append(String.format(Locale.ROOT, "limit             %s (old + large)%n", bytes(s.heapLimit())));
        b.append(String.format(Locale.ROOT, "minor collections %d, total %.1f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                s.minorCollections(), ms(s.minorPauseNanos()), ms(s.minorPauseP50Nanos()), ms(s.minorPauseP99Nanos()),
                ms(s.minorPauseMaxNanos())));
        b.append(String.format(Locale.ROOT, "full collections  %d, total %.1f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                s.fullCollections(), ms(s.fullPauseNanos()), ms(s.fullPauseP50Nanos()), ms(s.fullPauseP99Nanos()),
                ms(s.fullPauseMaxNanos())));
        b.append(String.format(Locale.ROOT, "allocated         %s, promoted %s%n", bytes(s.bytesAllocated()),
                bytes(s.bytesPromoted())));
        b.append(String.format(Locale.ROOT, "mutators %d, global handles %d, types %d%n", s.mutators(),
                s.globalHandles(), s.types()));
        b.append(String.format(Locale.ROOT, "address space     %s reserved (virtual; pages are backed only when used, "
                + "the limit above caps the objects)", bytes(s.mappedBytes())));
        return b.toString();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        if (b >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return b + " B";
    }
}
