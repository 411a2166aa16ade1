package org.korlang.gc.internal.osgi;

import java.util.Locale;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapStats;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands of scope {@code gc}: {@code gc:stats}, {@code gc:collect [young|full]},
 * {@code gc:policy [name]}. Each returns its text (the shell prints it; in scripts use
 * {@code echo (gc:stats)}); a bad argument throws {@link IllegalArgumentException} with the usage.
 */
@Component(service = GcCommands.class, property = {"osgi.command.scope=gc", "osgi.command.function=stats",
    "osgi.command.function=collect", "osgi.command.function=policy"})
public final class GcCommands {

    private final Heap heap;

    @org.osgi.service.component.annotations.Activate
    public GcCommands(@Reference Heap heap) {
        this.heap = heap;
    }

    /** {@code gc:stats}: occupancy, collections and pause percentiles. */
    public String stats() {
        return format(heap.stats());
    }

    /** {@code gc:collect}: a young collection. */
    public String collect() {
        return collect("young");
    }

    /** {@code gc:collect young|full}. */
    public String collect(String kind) {
        CollectionKind k = switch (kind.toLowerCase(Locale.ROOT)) {
            case "young", "minor" -> CollectionKind.YOUNG;
            case "full", "major" -> CollectionKind.FULL;
            default -> throw new IllegalArgumentException("usage: gc:collect [young|full] (got '" + kind + "')");
        };
        HeapStats before = heap.stats();
        long t0 = System.nanoTime();
        heap.collect(k);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        HeapStats after = heap.stats();
        return String.format(Locale.ROOT, "%s collection done in %d ms: %s -> %s in use", k.name().toLowerCase(Locale.ROOT),
                ms, bytes(before.usedBytes()), bytes(after.usedBytes()));
    }

    /** {@code gc:policy}: the active policy. */
    public String policy() {
        return heap.policyName();
    }

    /**
     * {@code gc:policy <name>}: switches the live heap to another policy (stop the world; the new
     * policy adopts the old one's spaces, or the old plan retires with its objects in place, or every
     * live object is copied and every handle updated) and reports the pause.
     */
    public String policy(String name) {
        String from = heap.policyName();
        long[] pause = {-1};
        long[] sizes = {0, 0};
        GcListener probe = new GcListener() {
            @Override
            public void collectionFinished(GcEvent e) {
                if (e.kind() == CollectionKind.SWAP && e.policy().equals(name)) {
                    pause[0] = e.pauseNanos();
                    sizes[0] = e.bytesBefore();
                    sizes[1] = e.bytesAfter();
                }
            }
        };
        heap.addListener(probe);
        try {
            heap.switchPolicy(name);
        } finally {
            heap.removeListener(probe);
        }
        return String.format(Locale.ROOT, "policy %s -> %s: pause %.2f ms, %s -> %s in use", from, heap.policyName(),
                pause[0] / 1e6, bytes(sizes[0]), bytes(sizes[1]));
    }

    static String format(HeapStats s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "policy            %s%n", s.policy()));
        b.append(String.format(Locale.ROOT, "young             %s of %s%n", bytes(s.youngUsed()), bytes(s.youngCapacity())));
        b.append(String.format(Locale.ROOT, "old               %s (with objects a switch left in a retired plan)%n",
                bytes(s.oldUsed())));
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
        b.append(String.format(Locale.ROOT, "mutators %d, global handles %d, types %d, mapped %s", s.mutators(),
                s.globalHandles(), s.types(), bytes(s.mappedBytes())));
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
