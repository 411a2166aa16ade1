package org.korlang.scheduler;

/**
 * A long task cut into steps. After each step that returns {@link Step#again()} the task
 * re-queues itself behind the work already waiting, so a long computation does not keep a worker
 * from other tasks; the step that returns {@link Step#done(Object)} completes the task. Steps of one
 * task never run at the same time, and each step sees the effects of the previous one.
 */
@FunctionalInterface
public interface YieldingTask<T> {

    /**
     * Runs one step.
     *
     * @return {@link Step#again()} to be resumed later, or {@link Step#done(Object)} with the value
     * @throws Exception to fail the task
     */
    Step<T> step() throws Exception;
}
