package org.korlang.scheduler.internal.workstealing;

import java.util.ArrayDeque;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that {@link ChaseLevDeque} is linearizable against a sequential deque: the owner
 * pushes and pops at the bottom and takes its oldest element at the top (one thread, the "owner"
 * non-parallel group) while other threads steal at the top. A small initial capacity (2) makes pushes grow the array during the scenarios,
 * so growth races with steals too. Model checking explores thread switches at every shared-memory
 * access; the stress run executes the same scenarios on real threads.
 */
@Param(name = "element", gen = IntGen.class, conf = "1:9")
public class ChaseLevDequeLincheckTest {

    private final ChaseLevDeque<Integer> deque = new ChaseLevDeque<>(2);

    @Operation(nonParallelGroup = "owner")
    public void push(@Param(name = "element") int element) {
        deque.push(element);
    }

    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
        return deque.pop();
    }

    @Operation(nonParallelGroup = "owner")
    public Integer pollOldest() {
        return deque.pollOldest();
    }

    @Operation
    public Integer steal() {
        return deque.steal();
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1)
                .sequentialSpecification(SequentialDeque.class)
                .check(getClass());
    }

    @Test
    void stress() {
        new StressOptions()
                .iterations(30)
                .invocationsPerIteration(2_000)
                .threads(3)
                .actorsPerThread(4)
                .actorsBefore(3)
                .actorsAfter(2)
                .sequentialSpecification(SequentialDeque.class)
                .check(getClass());
    }

    /** The specification: bottom is the end of an ArrayDeque, top is its front. */
    public static final class SequentialDeque {

        private final ArrayDeque<Integer> items = new ArrayDeque<>();

        public void push(int element) {
            items.addLast(element);
        }

        public Integer pop() {
            return items.pollLast();
        }

        public Integer pollOldest() {
            return items.pollFirst();
        }

        public Integer steal() {
            return items.pollFirst();
        }
    }
}
