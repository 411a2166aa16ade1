package org.korlang.observe.internal.trace;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The GC trace: one line per collection on standard error, off by default, on with
 * {@code KORLANG_GCTRACE=1} (any value but empty or 0) or the {@code enabled} property of
 * configuration {@value GcTraceConfig#PID} (live: a configuration change turns it on or off without
 * a restart). Modelled on Go's {@code gctrace} and HotSpot's {@code -Xlog:gc}:
 *
 * <pre>
 * gc 12 @3.456s generational young allocation_failure: 45.8M->13.8M (limit 256.0M), promoted 1.2M, pause 3.46ms (safepoint 0.02ms)
 * </pre>
 * number in this heap, JVM uptime at the collection's start, policy, kind ({@code young},
 * {@code full}, {@code swap}), cause, heap occupancy before → after (MiB), the heap limit, bytes
 * promoted, the stop-the-world pause and the part of it spent reaching the safepoint. Lines are
 * written by one daemon thread of this component, in order, so the collecting thread never waits on
 * the terminal; they go to the process's standard error directly (not Gogo's per-session streams).
 */
@Component(immediate = true, service = {}, configurationPid = GcTraceConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GcTraceConfig.class)
public final class GcTrace implements GcListener {

    static final String ENV = "KORLANG_GCTRACE";

    private final Heap heap;
    private final boolean fromEnvironment;
    private final Consumer<String> out;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "korlang-gctrace");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean enabled;

    @Activate
    public GcTrace(@Reference Heap heap, GcTraceConfig config) {
        this(heap, config, System.getenv(ENV), new PrintStream(new FileOutputStream(FileDescriptor.err), true)::println);
    }

    GcTrace(Heap heap, GcTraceConfig config, String environment, Consumer<String> out) {
        this.heap = heap;
        this.fromEnvironment = switchedOn(environment);
        this.out = out;
        this.enabled = fromEnvironment || config.enabled();
        heap.addListener(this);
    }

    @Modified
    void modified(GcTraceConfig config) {
        enabled = fromEnvironment || config.enabled();
    }

    @Deactivate
    void deactivate() {
        heap.removeListener(this);
        writer.shutdown();
    }

    boolean enabled() {
        return enabled;
    }

    static boolean switchedOn(String value) {
        return value != null && !value.isBlank() && !value.trim().equals("0");
    }

    @Override
    public void collectionFinished(GcEvent e) {
        if (!enabled) {
            return;
        }
        long ageNanos = System.nanoTime() - e.startNanos();
        double uptime = (ManagementFactory.getRuntimeMXBean().getUptime() - ageNanos / 1e6) / 1e3;
        String line = line(e, Math.max(0, uptime), heap.config().heapLimitBytes());
        writer.execute(() -> out.accept(line));
    }

    static String line(GcEvent e, double uptimeSeconds, long limitBytes) {
        return String.format(Locale.ROOT, "gc %d @%.3fs %s %s %s: %s->%s (limit %s), promoted %s, pause %.2fms (safepoint %.2fms)",
                e.sequence(), uptimeSeconds, e.policy(), e.kind().name().toLowerCase(Locale.ROOT),
                e.cause().name().toLowerCase(Locale.ROOT), mib(e.bytesBefore()), mib(e.bytesAfter()), mib(limitBytes),
                mib(e.bytesPromoted()), e.pauseNanos() / 1e6, e.timeToSafepointNanos() / 1e6);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1fM", bytes / (double) (1 << 20));
    }
}
