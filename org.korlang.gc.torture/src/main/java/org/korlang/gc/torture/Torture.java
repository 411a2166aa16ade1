package org.korlang.gc.torture;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.HeapStats;
import org.korlang.gc.Mutator;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.standalone.Heaps;
import org.korlang.os.Os;

/**
 * A randomized torture run of the managed heap, written against the exported API (plus the policy
 * objects, as a container would provide them): several mutator threads ({@link MutatorWorkload})
 * churn checked object graphs while this thread, the controller, collects, verifies and switches
 * the policy at random; a watchdog fails the run if a mutator stops making progress. At the end every
 * mutator checks its whole graph, drops it, and the controller requires that most of the heap limit
 * can be allocated again (recovery after exhaustion and fragmentation), then verifies the heap.
 *
 * <p>A failure of any thread stops the run; {@link #run} then throws an {@link AssertionError} whose
 * message carries the configuration and seed, so that the run can be repeated.
 */
public final class Torture {

    /**
     * One run's parameters.
     *
     * @param duration     how long the mutators churn
     * @param policies     the policies the run uses: it starts on the first; with more than one, the
     *                     controller switches among them at random
     * @param mutators     mutator threads
     * @param seed         seed of every random choice
     * @param heap         the heap configuration (its policy is replaced by the first of {@code policies})
     * @param controlEvery the controller's pace: one collection, switch or verification per period
     */
    public record Config(Duration duration, List<String> policies, int mutators, long seed, HeapConfig heap,
            Duration controlEvery) {

        /** A CI-sized run: 32 MiB limit, 2 MiB nursery, verify on. */
        public static Config ci(List<String> policies, Duration duration, int mutators, long seed) {
            HeapConfig heap = HeapConfig.builder().heapLimitBytes(32L << 20).nurseryBytes(2L << 20)
                    .survivorBytes(512L << 10).tlabBytes(64L << 10).tenuringThreshold(2).gcThreads(2).verify(true).build();
            return new Config(duration, policies, mutators, seed, heap, Duration.ofMillis(40));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "policies=%s mutators=%d seed=%d duration=%ds limit=%dMiB nursery=%dKiB "
                    + "tlab=%dKiB gcThreads=%d verify=%s stressEvery=%d tenuring=%d", policies, mutators, seed,
                    duration.toSeconds(), heap.heapLimitBytes() >> 20, heap.nurseryBytes() >> 10, heap.tlabBytes() >> 10,
                    heap.gcThreads(), heap.verify(), heap.stressEvery(), heap.tenuringThreshold());
        }
    }

    /** What a run did. */
    public record Report(long switches, long minorCollections, long fullCollections, long verifications,
            long objectsChecked, long fieldsChecked, long allocations, long bytesAllocated, long exhaustions,
            long recoveries, long hubChecks, long millis) {

        /** The sum of two reports (a soak's rounds). */
        public Report plus(Report o) {
            return new Report(switches + o.switches, minorCollections + o.minorCollections,
                    fullCollections + o.fullCollections, verifications + o.verifications, objectsChecked + o.objectsChecked,
                    fieldsChecked + o.fieldsChecked, allocations + o.allocations, bytesAllocated + o.bytesAllocated,
                    exhaustions + o.exhaustions, recoveries + o.recoveries, hubChecks + o.hubChecks, millis + o.millis);
        }

        static Report zero() {
            return new Report(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d switches, %d collections (%d minor, %d full), %d verifications, "
                    + "%d objects checked (%d fields), %d allocations (%.1f MiB), %d exhaustions, %d recoveries, "
                    + "%d cross-mutator checks in %.1f s", switches, minorCollections + fullCollections, minorCollections,
                    fullCollections, verifications, objectsChecked, fieldsChecked, allocations, bytesAllocated / 1048576.0,
                    exhaustions, recoveries, hubChecks, millis / 1000.0);
        }
    }

    /** A mutator that makes no step for this long has hung. */
    static final Duration WATCHDOG = Duration.ofSeconds(180);

    private final Config config;
    private final Heaps.ClosableHeap heap;
    private final Shapes shapes;
    private final GlobalHandle hub;
    private final List<MutatorWorkload> workloads = new ArrayList<>();
    private volatile boolean stopping;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile String failedWhere;

    private Torture(Config config, Os os) {
        this.config = config;
        HeapConfig hc = config.heap().toBuilder().policy(config.policies().get(0)).build();
        this.heap = Heaps.create(os, hc, TortureOs.policy(config.policies().get(0)));
        try {
            this.shapes = new Shapes(heap);
            try (Mutator m = heap.attach()) {
                hub = m.newGlobal(m.allocateArray(shapes.refs.type, config.mutators()));
            }
        } catch (RuntimeException | Error e) {
            heap.close();
            throw e;
        }
    }

    /** Runs the torture described by {@code config} on {@code os}; progress lines go to {@code log}. */
    public static Report run(Config config, Os os, PrintStream log) {
        Torture t = new Torture(config, os);
        try {
            return t.run(log);
        } finally {
            t.heap.close();
        }
    }

    Heap heap() {
        return heap;
    }

    Shapes shapes() {
        return shapes;
    }

    GlobalHandle hub() {
        return hub;
    }

    int mutatorCount() {
        return config.mutators();
    }

    boolean stopping() {
        return stopping;
    }

    /** Records the first failure and stops the run. */
    void fail(String where, Throwable t) {
        if (failure.compareAndSet(null, t)) {
            failedWhere = where;
        }
        stopping = true;
    }

    private Report run(PrintStream log) {
        long start = System.nanoTime();
        HeapStats before = heap.stats();
        Random rnd = new Random(config.seed());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.mutators(); i++) {
            MutatorWorkload w = new MutatorWorkload(this, i, config.seed() * 31 + i + 1);
            workloads.add(w);
            Thread t = new Thread(w, "torture-mutator-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);

        long switches = 0;
        long verifications = 0;
        long deadline = start + config.duration().toNanos();
        long[] lastSteps = new long[workloads.size()];
        long[] lastProgress = new long[workloads.size()];
        java.util.Arrays.fill(lastProgress, start);
        List<String> policies = config.policies();
        try {
            while (!stopping && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(config.controlEvery().toNanos());
                int p = rnd.nextInt(100);
                try {
                    if (p < 30) {
                        heap.collect(CollectionKind.YOUNG);
                    } else if (p < 45) {
                        heap.collect(CollectionKind.FULL);
                    } else if (p < 80 && policies.size() > 1) {
                        String to = policies.get(rnd.nextInt(policies.size()));
                        switchTo(to);
                        switches++;
                    } else if (p < 88) {
                        heap.verify();
                        verifications++;
                    } else {
                        heap.stats();
                    }
                } catch (HeapExhaustedException full) {
                    // a switch that does not fit leaves the heap as it was: that is allowed
                }
                long now = System.nanoTime();
                for (int i = 0; i < workloads.size(); i++) {
                    long s = workloads.get(i).steps;
                    if (s != lastSteps[i]) {
                        lastSteps[i] = s;
                        lastProgress[i] = now;
                    } else if (now - lastProgress[i] > WATCHDOG.toNanos()) {
                        fail("watchdog", new AssertionError("mutator " + i + " made no progress for "
                                + WATCHDOG.toSeconds() + " s; its stack:\n" + stack(threads.get(i))));
                    }
                }
            }
        } catch (Throwable t) {
            fail("controller", t);
        }
        stopping = true;
        for (Thread t : threads) {
            try {
                t.join(WATCHDOG.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("controller", e);
            }
            if (t.isAlive()) {
                fail("watchdog", new AssertionError(t.getName() + " did not stop within " + WATCHDOG.toSeconds()
                        + " s; its stack:\n" + stack(t)));
            }
        }
        if (failure.get() == null) {
            try {
                recoveryCheck();
                heap.verify();
                verifications++;
            } catch (Throwable t) {
                fail("final recovery check", t);
            }
        }
        Throwable f = failure.get();
        if (f != null) {
            AssertionError e = new AssertionError("torture failed in " + failedWhere + " (" + config + "; heap "
                    + heap.stats() + "): " + f, f);
            throw e;
        }
        HeapStats after = heap.stats();
        long objects = 0;
        long fields = 0;
        long allocations = 0;
        long bytes = 0;
        long exhaustions = 0;
        long recoveries = 0;
        long hubChecks = 0;
        for (MutatorWorkload w : workloads) {
            objects += w.objectsChecked;
            fields += w.fieldsChecked;
            allocations += w.allocations;
            bytes += w.bytesAllocated;
            exhaustions += w.exhaustions;
            recoveries += w.recoveries;
            hubChecks += w.hubChecks;
        }
        Report r = new Report(switches, after.minorCollections() - before.minorCollections(),
                after.fullCollections() - before.fullCollections(), verifications, objects, fields, allocations, bytes,
                exhaustions, recoveries, hubChecks, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (log != null) {
            log.println("torture: " + r + " (" + config + ")");
        }
        return r;
    }

    private void switchTo(String policy) {
        GcPolicy p = TortureOs.policy(policy);
        heap.switchPolicy(p);
    }

    /**
     * Every mutator has dropped its graph: the heap must give most of its limit back — large arrays
     * totalling 85% of the limit must fit, after whatever exhaustion and fragmentation the run left.
     */
    private void recoveryCheck() {
        heap.collect(CollectionKind.FULL);
        long limit = heap.config().heapLimitBytes();
        long chunk = 64L << 10;
        long want = limit * 85 / 100 / chunk;
        try (Mutator m = heap.attach(); org.korlang.gc.HandleScope s = m.openScope()) {
            int table = s.handle(m.allocateArray(shapes.refs.type, (int) want));
            for (int i = 0; i < want; i++) {
                long a;
                try {
                    a = m.allocateArray(shapes.longs.type, (int) (chunk / 8) - 2);
                } catch (HeapExhaustedException e) {
                    throw new AssertionError("after the run, only " + i + " of " + want + " arrays of 64 KiB fit the "
                            + (limit >> 20) + " MiB heap (" + heap.stats() + ")", e);
                }
                m.putLongElement(a, 0, i);
                m.putRefElement(m.get(table), i, a);
            }
            for (int i = 0; i < want; i++) {
                if (m.getLongElement(m.getRefElement(m.get(table), i), 0) != i) {
                    throw new AssertionError("recovery array " + i + " changed");
                }
            }
        }
    }

    private static String stack(Thread t) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("    at ").append(e).append('\n');
        }
        return sb.toString();
    }
}
