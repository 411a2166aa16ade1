package org.korlang.gc.internal.osgi;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.service.command.Descriptor;

import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.HandleScope;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapException;
import org.korlang.gc.HeapStats;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.shell.common.UsageException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code korlang:demo} — something to watch: a background mutator thread runs binary-trees (short-
 * lived trees of depth 4..14, checked) beside a long-lived cache (1024 slots of small trees, one
 * replaced per step, every checksum kept in Java and checked) on the heap. By default one status
 * line a second is printed (policy, collections so far and in the last second, young pause p99,
 * live size after the last collection, checksum checks passed) — few enough that the prompt stays
 * usable; {@code korlang:demo verbose} prints one line per GC event instead (policy, kind, cause,
 * pause, occupancy before → after). Type {@code gc:policy semispace} (or {@code marksweep},
 * {@code generational}) meanwhile to watch the live heap move. {@code korlang:demo stop} stops it;
 * so does stopping the gc bundle.
 *
 * <p>At the interactive prompt the lines go above it: the interactive shell's profile registers its
 * JLine {@code LineReader} as a service, and each line is printed with its {@code printAbove}
 * (called reflectively: this bundle does not depend on JLine), which redraws the prompt and the
 * half-typed command below the line. Without one (a batch, tests) lines go to the output stream.
 *
 * <p>The workload thread and the status timer are this component's own; a checksum mismatch or
 * heap error stops the workload with a message (it never takes the container down).
 */
// immediate: a delayed component would be deactivated (and the demo stopped) as soon as the shell
// releases the service after the command
@Component(service = DemoCommand.class, immediate = true,
        property = {"osgi.command.scope=korlang", "osgi.command.function=demo"})
public final class DemoCommand {

    private static final int CACHE = 1024;
    static final String USAGE = "usage: korlang:demo [verbose|stop]";

    /** Checksum comparisons (tree and cache slot) that found the heap intact. */
    private final AtomicLong checksPassed = new AtomicLong();
    /** The last collection that finished (null before the first). */
    private volatile GcEvent lastEvent;
    private ScheduledExecutorService statusTimer;

    /** objectClass of the interactive shell's line reader (cnf/shell/interactive/etc/gosh_profile). */
    static final String LINE_READER = "org.jline.reader.LineReader";

    private final Heap heap;
    /** Null outside OSGi. */
    private final BundleContext context;
    private Thread worker;
    private volatile boolean running;
    private GcListener printer;

    @Activate
    public DemoCommand(@Reference Heap heap, BundleContext context) {
        this.heap = heap;
        this.context = context;
    }

    DemoCommand(Heap heap) {
        this(heap, null);
    }

    /** Prints {@code line} above the interactive prompt if there is one, else to {@code out}. */
    private void print(PrintStream out, String line) {
        if (context != null) {
            try {
                ServiceReference<?> ref = context.getServiceReference(LINE_READER);
                Object reader = ref == null ? null : context.getService(ref);
                if (reader != null) {
                    try {
                        reader.getClass().getMethod("printAbove", String.class).invoke(reader, line);
                        return;
                    } finally {
                        context.ungetService(ref);
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // no usable reader (it went away, or another JLine): print plainly
            }
        }
        out.println(line);
    }

    @Descriptor("Run a workload on the heap (binary-trees and a checked cache) and show a status line a second "
            + "(usage: korlang:demo [verbose|stop])")
    public String demo(@Descriptor("verbose: a line per GC event instead of a status line a second; "
            + "stop: end the workload") String... args) {
        if (args.length == 0) {
            return start(false);
        }
        if (args.length == 1 && "verbose".equals(args[0])) {
            return start(true);
        }
        if (args.length == 1 && "stop".equals(args[0])) {
            return stop() ? "korlang:demo stopped" : "korlang:demo is not running";
        }
        throw new UsageException(USAGE);
    }

    /** Starts the workload (if it is not running) with a status line a second, or a line per event. */
    synchronized String start(boolean verbose) {
        if (worker != null && worker.isAlive()) {
            return "korlang:demo is already running (korlang:demo stop to end it)";
        }
        PrintStream out = System.out;
        printer = new GcListener() {
            @Override
            public void collectionFinished(GcEvent e) {
                lastEvent = e;
                if (verbose) {
                    print(out, line(e));
                }
            }
        };
        heap.addListener(printer);
        checksPassed.set(0);
        running = true;
        worker = new Thread(this::run, "korlang-demo");
        worker.setDaemon(true);
        worker.start();
        if (!verbose) {
            statusTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "korlang-demo-status");
                t.setDaemon(true);
                return t;
            });
            long[] collectionsBefore = {collections(heap.stats())};
            statusTimer.scheduleAtFixedRate(() -> {
                HeapStats stats = heap.stats();
                long now = collections(stats);
                print(out, statusLine(stats, now - collectionsBefore[0], lastEvent, checksPassed.get()));
                collectionsBefore[0] = now;
            }, 1, 1, TimeUnit.SECONDS);
        }
        return "korlang:demo: binary-trees and a long-lived cache run on the heap (policy " + heap.policyName() + "); "
                + (verbose ? "one line per GC event follows." : "a status line a second follows (korlang:demo verbose: "
                        + "one per GC event).")
                + "\nTry gc:policy semispace, gc:policy marksweep, gc:policy generational, "
                + "gc:stats; korlang:demo stop ends it.";
    }

    private static long collections(HeapStats s) {
        return s.minorCollections() + s.fullCollections();
    }

    /**
     * The status line: {@code [demo] generational  collections 1234 (+35 in 1 s)  young pause p99 0.41 ms
     * live 2.1 MiB  checksum checks passed 45678}. {@code last} is the latest collection (its
     * occupancy after is the live size), null before the first.
     */
    static String statusLine(HeapStats s, long collectionsInInterval, GcEvent last, long checksPassed) {
        return String.format(Locale.ROOT, "[demo] %-12s collections %d (+%d in 1 s)  young pause p99 %.2f ms  live %s  "
                + "checksum checks passed %d", s.policy(), collections(s), collectionsInInterval,
                s.minorPauseP99Nanos() / 1e6, last == null ? "-" : GcCommands.bytes(last.bytesAfter()), checksPassed);
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    private boolean stop() {
        Thread w;
        synchronized (this) {
            w = worker;
            worker = null;
            running = false;
            if (statusTimer != null) {
                statusTimer.shutdownNow();
                statusTimer = null;
            }
            if (printer != null) {
                heap.removeListener(printer);
                printer = null;
            }
        }
        if (w == null) {
            return false;
        }
        try {
            w.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    static String line(GcEvent e) {
        return String.format(Locale.ROOT, "[gc #%d] %-12s %-5s %-22s pause %7.2f ms  %s -> %s", e.sequence(), e.policy(),
                e.kind().name().toLowerCase(Locale.ROOT), e.cause().name().toLowerCase(Locale.ROOT), e.pauseNanos() / 1e6,
                GcCommands.bytes(e.bytesBefore()), GcCommands.bytes(e.bytesAfter()));
    }

    private void run() {
        TypeId node = heap.registerType(TypeLayout.fixed("demo.Node").slots(3).references(0, 1).build());
        TypeId slots = heap.registerType(TypeLayout.referenceArray("demo.Node[]"));
        try (Mutator m = heap.attach(); HandleScope s = m.openScope()) {
            Random rnd = new Random(42);
            int cache = s.handle(m.allocateArray(slots, CACHE));
            long[] sums = new long[CACHE];
            while (running) {
                for (int depth = 4; depth <= 14 && running; depth += 2) {
                    for (int i = 0; i < (1 << (14 - depth)) && running; i++) {
                        long t = tree(m, node, depth, 0);
                        if (check(m, t) != expected(depth, 0)) {
                            throw new IllegalStateException("binary-trees: a tree of depth " + depth + " lost nodes");
                        }
                        checksPassed.incrementAndGet();
                        int k = rnd.nextInt(CACHE);
                        long c = m.getRefElement(m.get(cache), k);
                        if (c != 0) {
                            if (check(m, c) != sums[k]) {
                                throw new IllegalStateException("cache slot " + k + " changed under the collector");
                            }
                            checksPassed.incrementAndGet();
                        }
                        long fresh = tree(m, node, 6, rnd.nextInt(1 << 20));
                        m.putRefElement(m.get(cache), k, fresh);
                        sums[k] = check(m, fresh);
                    }
                }
                m.poll();
            }
        } catch (HeapException | IllegalStateException e) {
            System.out.println("korlang:demo stopped: " + e);
        }
    }

    /** A complete tree; every node's value slot holds {@code seed} plus its depth. */
    private static long tree(Mutator m, TypeId node, int depth, long seed) {
        long n;
        if (depth == 0) {
            n = m.allocate(node);
        } else {
            try (HandleScope s = m.openScope()) {
                int l = s.handle(tree(m, node, depth - 1, seed));
                int r = s.handle(tree(m, node, depth - 1, seed));
                n = m.allocate(node, l, r);
            }
        }
        m.putLong(n, 2, seed + depth);
        return n;
    }

    /** What {@link #check} gives for an intact {@code tree(depth, seed)}, computed in plain Java. */
    private static long expected(int depth, long seed) {
        long own = 1 + 3 * (seed + depth);
        return depth == 0 ? own : own + 12 * expected(depth - 1, seed);
    }

    /** Node count plus the sum of the values, position-weighted. */
    private static long check(Mutator m, long t) {
        long l = m.getRef(t, 0);
        long own = 1 + 3 * m.getLong(t, 2);
        return l == 0 ? own : own + 5 * check(m, l) + 7 * check(m, m.getRef(t, 1));
    }
}
