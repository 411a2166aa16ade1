package org.korlang.gc.spi;

import java.util.function.IntConsumer;

/** The heap's GC threads. {@link #run} runs {@code task(i)} for every worker i (0 on the caller) and waits. */
public interface ParallelWorkers {

    int count();

    void run(IntConsumer task);
}
