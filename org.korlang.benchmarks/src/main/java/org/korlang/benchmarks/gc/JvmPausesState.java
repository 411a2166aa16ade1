package org.korlang.benchmarks.gc;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JVM's own GC pauses during a plain-Java trial, printed as one {@code JVM-GC-PAUSES} line
 * named after the benchmark when the trial ends; shared by every plain-Java side of the gc set.
 */
@State(Scope.Thread)
public class JvmPausesState {
    JvmGcPauses pauses;

    @Setup(Level.Trial)
    public void setUp() {
        pauses = new JvmGcPauses();
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        System.out.println();
        System.out.println(pauses.summary(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1)));
        pauses.close();
    }
}
