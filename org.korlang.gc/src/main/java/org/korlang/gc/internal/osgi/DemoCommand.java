package org.korlang.gc.internal.osgi;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.HandleScope;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapException;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code korlang:demo} — something to watch: a background mutator thread runs binary-trees (short-
 * lived trees of depth 4..14, checked) beside a long-lived cache (1024 slots of small trees, one
 * replaced per step, every checksum kept in Java and checked) on the heap, and one line per GC event
 * is printed to the console (policy, kind, cause, pause, occupancy before → after). Type
 * {@code gc:policy semispace} (or {@code marksweep}, {@code generational}) meanwhile to watch the live
 * heap move. {@code korlang:demo stop} stops it; so does stopping the gc bundle.
 *
 * <p>The workload thread is this component's own; a checksum mismatch or heap error stops it with
 * a message (it never takes the container down).
 */
// immediate: a delayed component would be deactivated (and the demo stopped) as soon as the shell
// releases the service after the command
@Component(service = DemoCommand.class, immediate = true,
        property = {"osgi.command.scope=korlang", "osgi.command.function=demo"})
public final class DemoCommand {

    private static final int CACHE = 1024;

    private final Heap heap;
    private Thread worker;
    private volatile boolean running;
    private GcListener printer;

    @Activate
    public DemoCommand(@Reference Heap heap) {
        this.heap = heap;
    }

    /** {@code korlang:demo}: starts the workload (if it is not running). */
    public synchronized String demo() {
        if (worker != null && worker.isAlive()) {
            return "korlang:demo is already running (korlang:demo stop to end it)";
        }
        PrintStream out = System.out;
        printer = new GcListener() {
            @Override
            public void collectionFinished(GcEvent e) {
                out.println(line(e));
            }
        };
        heap.addListener(printer);
        running = true;
        worker = new Thread(this::run, "korlang-demo");
        worker.setDaemon(true);
        worker.start();
        return "korlang:demo: binary-trees and a long-lived cache run on the heap (policy " + heap.policyName()
                + "); one line per GC event follows.\nTry gc:policy semispace, gc:policy marksweep, gc:policy generational, "
                + "gc:stats; korlang:demo stop ends it.";
    }

    /** {@code korlang:demo stop}. */
    public String demo(String command) {
        if (!"stop".equals(command)) {
            throw new IllegalArgumentException("usage: korlang:demo [stop] (got '" + command + "')");
        }
        return stop() ? "korlang:demo stopped" : "korlang:demo is not running";
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
                        int k = rnd.nextInt(CACHE);
                        long c = m.getRefElement(m.get(cache), k);
                        if (c != 0 && check(m, c) != sums[k]) {
                            throw new IllegalStateException("cache slot " + k + " changed under the collector");
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
