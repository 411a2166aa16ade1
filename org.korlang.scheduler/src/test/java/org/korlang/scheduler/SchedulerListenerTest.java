package org.korlang.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/** Every swap reaches the listeners once, in order, with the names on both sides; removal stops it. */
@Timeout(60)
class SchedulerListenerTest {

    @Test
    void listenersSeeEverySwapInOrder() {
        try (StandaloneScheduler scheduler = SchedulerFixtures.start("work-stealing", 1)) {
            List<PolicySwitch> seen = new CopyOnWriteArrayList<>();
            SchedulerListener listener = seen::add;
            scheduler.addListener(listener);
            scheduler.addListener(event -> {
                throw new IllegalStateException("a failing listener must not break the swap");
            });
            long before = scheduler.metrics().swaps();
            scheduler.switchPolicy("fifo");
            scheduler.switchPolicy("work-stealing");
            assertEquals(2, seen.size(), seen.toString());
            assertEquals("work-stealing", seen.get(0).from());
            assertEquals("fifo", seen.get(0).to());
            assertEquals(before + 1, seen.get(0).sequence());
            assertEquals("fifo", seen.get(1).from());
            assertEquals("work-stealing", seen.get(1).to());
            assertEquals(before + 2, seen.get(1).sequence());
            assertTrue(seen.get(0).durationNanos() >= 0 && seen.get(1).startNanos() >= seen.get(0).startNanos());
            assertEquals(42, scheduler.spawn(() -> 42).join(), "the scheduler still runs tasks");

            scheduler.removeListener(listener);
            scheduler.switchPolicy("fifo");
            assertEquals(2, seen.size(), "a removed listener hears nothing");
        }
    }
}
