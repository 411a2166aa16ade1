package org.korlang.benchmarks.gc;

import java.util.Locale;

import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapStats;
import org.korlang.gc.Mutator;
import org.korlang.gc.semispace.internal.SemispacePolicy;
import org.korlang.gc.standalone.Heaps;
import org.korlang.os.Os;
import org.korlang.testkit.HostPorts;

/**
 * A managed heap (generational unless a policy is named) for one benchmark trial, on the real Linux Os port (raw mmap through
 * the x86_64 Arch): 32 MiB nursery, 2 GC threads (override with {@code -Dkorlang.gc.threads=N} in
 * {@code -jvmArgsAppend}), verify off. Prints the collector's pause
 * percentiles (measured by the heap itself) when the trial ends, as one {@code GC-PAUSES} line.
 */
final class ManagedHeapState implements AutoCloseable {

    final Heaps.ClosableHeap heap;
    final Mutator mutator;
    private final HeapStats start;

    ManagedHeapState(long limitBytes) {
        this(limitBytes, HeapConfig.DEFAULT_POLICY);
    }

    /**
     * A heap running {@code policy}: a built-in one (generational or marksweep), or semispace,
     * which lives in its own bundle and is switched to on the fresh heap, as a container would.
     */
    ManagedHeapState(long limitBytes, String policy) {
        Os os = HostPorts.os();
        boolean semispace = policy.equals(SemispacePolicy.NAME);
        heap = Heaps.create(os, HeapConfig.builder().heapLimitBytes(limitBytes).nurseryBytes(32L << 20)
                .policy(semispace ? HeapConfig.DEFAULT_POLICY : policy)
                .gcThreads(Integer.getInteger("korlang.gc.threads", 2))
                .build());
        if (semispace) {
            heap.switchPolicy(new SemispacePolicy());
        }
        mutator = heap.attach();
        start = heap.stats();
    }

    /** Pause summary since the trial started (percentiles over the most recent 4096 pauses). */
    String pauses(String name) {
        HeapStats s = heap.stats();
        return String.format(Locale.ROOT,
                "GC-PAUSES %s: minor n=%d p50=%.2fms p99=%.2fms max=%.2fms total=%.0fms | full n=%d p50=%.2fms "
                        + "p99=%.2fms max=%.2fms total=%.0fms | promoted %.1f MiB, allocated %.1f MiB",
                name, s.minorCollections() - start.minorCollections(), s.minorPauseP50Nanos() / 1e6,
                s.minorPauseP99Nanos() / 1e6, s.minorPauseMaxNanos() / 1e6,
                (s.minorPauseNanos() - start.minorPauseNanos()) / 1e6, s.fullCollections() - start.fullCollections(),
                s.fullPauseP50Nanos() / 1e6, s.fullPauseP99Nanos() / 1e6, s.fullPauseMaxNanos() / 1e6,
                (s.fullPauseNanos() - start.fullPauseNanos()) / 1e6, s.bytesPromoted() / 1048576.0,
                s.bytesAllocated() / 1048576.0);
    }

    @Override
    public void close() {
        mutator.close();
        heap.close();
    }
}
