package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskHandle;
import org.korlang.sync.Channel;
import org.korlang.sync.ChannelClosedException;
import org.korlang.sync.Mutex;
import org.korlang.sync.Sync;
import org.osgi.framework.BundleContext;

/**
 * The sync primitives as the platform runs them: made by the Sync service over the Os port's
 * futex words, used by plain threads and by scheduler tasks at once.
 */
class SyncServiceTest {

    private final BundleContext context = Services.context();

    @Test
    void aContendedMutexCountsExactlyAcrossThreads() throws Exception {
        Sync sync = Services.await(context, Sync.class, null);
        Mutex mutex = sync.newMutex();
        MutexChecks.hammer(mutex, 4, 20_000, "across four threads");
    }

    @Test
    void schedulerTasksBlockOnAChannelWithoutStarvingTheScheduler() throws Exception {
        Sync sync = Services.await(context, Sync.class, null);
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        Channel<Integer> channel = sync.newChannel(4);
        int receivers = scheduler.metrics().parallelism() + 2; // more blocked receivers than worker slots
        List<TaskHandle<Long>> handles = new ArrayList<>();
        for (int r = 0; r < receivers; r++) {
            handles.add(scheduler.spawn(() -> {
                long sum = 0;
                try {
                    while (true) {
                        sum += channel.receive();
                    }
                } catch (ChannelClosedException closed) {
                    return sum;
                }
            }));
        }
        // A task spawned after every slot's task is blocked in a receive still runs: compensation.
        assertEquals(42, scheduler.spawn(() -> 42).join(Duration.ofSeconds(10)));
        long expected = 0;
        for (int i = 1; i <= 10_000; i++) {
            channel.send(i);
            expected += i;
        }
        channel.close();
        long total = 0;
        for (TaskHandle<Long> h : handles) {
            total += h.join(Duration.ofSeconds(20));
        }
        assertEquals(expected, total, "every element received exactly once");
        assertThrows(ChannelClosedException.class, () -> channel.send(1));
    }
}
