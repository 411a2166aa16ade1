package org.korlang.scheduler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korlang.scheduler.stress.SwapStress;

/**
 * Issue 18: fork-join trees (spawn + join, depth 11) from four driver threads while the policy is
 * swapped without pause — work-stealing to fifo and back, and work-stealing to a fresh work-stealing
 * runtime. Every tree must finish with the right node count, every join within the watchdog (a lost
 * task shows up as a join that would wait forever: the run fails with the metrics and the threads'
 * stacks instead of hanging), and the accounting must be exact at the end. Before the fix a closed
 * work-stealing runtime could keep a stolen task in a slot nobody served. {@code bin/soak-scheduler}
 * runs the same stress for as long as asked.
 */
@Timeout(300)
class SwapUnderLoadTest {

    private static final Duration RUN = Duration.ofSeconds(6);
    private static final Duration WATCHDOG = Duration.ofSeconds(30);

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 4})
    void forkJoinTreesSurviveContinuousSwaps(int parallelism) {
        SwapStress.Report report = SwapStress.run(
                new SwapStress.Config("work-stealing", parallelism, 4, 11, RUN, WATCHDOG, false));
        assertTrue(report.passed(), report::toString);
        assertTrue(report.trees() > 0 && report.swaps() > 10, "the load and the swaps both ran: " + report);
    }

    /** Trees plus plain, yielding, blocking, failing and cancelled tasks, under the same swaps. */
    @Test
    void mixedLoadSurvivesContinuousSwaps() {
        SwapStress.Report report = SwapStress.run(new SwapStress.Config("fifo", 2, 3, 9, RUN, WATCHDOG, true));
        assertTrue(report.passed(), report::toString);
        assertTrue(report.trees() > 0 && report.swaps() > 10, "the load and the swaps both ran: " + report);
    }
}
