/**
 * JMH benchmarks of the Korlang scheduler, after Tokio's scheduler benchmarks
 * ({@code benches/rt_multi_threaded.rs}): each workload runs once on the Korlang scheduler
 * ({@code korlang}) and once on a {@link java.util.concurrent.ForkJoinPool} of the same
 * parallelism ({@code forkJoinPool}), in the same JMH run. One operation is one whole workload, so
 * higher is better and {@code korlang / forkJoinPool} is the throughput ratio.
 *
 * <p>Run: {@code java -jar org.korlang.benchmarks/target/benchmarks.jar 'scheduler' -f 1 -wi 5 -i 5}
 * (add {@code -p policy=fifo} for the FIFO baseline). The Korlang side needs about five warm-up
 * seconds: its hot path is VarHandle accesses, slow until C2 has compiled them.
 */
package org.korlang.benchmarks.scheduler;
