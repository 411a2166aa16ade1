package org.korlang.scheduler.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.scheduler.SchedulerFixtures.awaitCondition;
import static org.korlang.scheduler.internal.component.TestConfigs.config;
import static org.korlang.scheduler.internal.component.TestConfigs.named;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.korlang.scheduler.SchedulerFixtures;
import org.korlang.scheduler.TaskHandle;
import org.korlang.scheduler.UnknownPolicyException;
import org.korlang.scheduler.internal.fifo.FifoPolicy;
import org.korlang.scheduler.internal.workstealing.WorkStealingPolicy;
import org.korlang.scheduler.spi.SchedulerPolicy;

/**
 * The DS component's life: policies bound and unbound dynamically (as when their bundle starts and
 * stops), configuration changes, fallback to the default, and deactivation. The component is driven
 * by calling its DS methods as SCR would.
 */
@Timeout(60)
class SchedulerComponentTest {

    private final SchedulerPolicy workStealing = new WorkStealingPolicy();
    private final SchedulerPolicy fifo = new FifoPolicy();
    private SchedulerComponent component;

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    private SchedulerComponent activate(String policy, SchedulerPolicy... bound) {
        component = new SchedulerComponent(config(policy, 2));
        for (SchedulerPolicy p : bound) {
            component.bindPolicy(p, named(p == fifo ? FifoPolicy.NAME : WorkStealingPolicy.NAME));
        }
        return component;
    }

    @Test
    void runsTheConfiguredPolicy() {
        activate("fifo", workStealing, fifo);
        assertEquals(Optional.of("fifo"), component.activePolicy());
        assertEquals(Set.of("fifo", "work-stealing"), component.availablePolicies());
        assertEquals(55L, component.spawn(() -> SchedulerFixtures.fib(component, 10)).join());
    }

    @Test
    void aConfigurationChangeSwapsLive() {
        activate("work-stealing", workStealing, fifo);
        TaskHandle<Long> before = component.spawn(() -> SchedulerFixtures.fib(component, 18));
        component.modified(config("fifo", 2));
        assertEquals(Optional.of("fifo"), component.activePolicy());
        assertEquals(SchedulerFixtures.fibSequential(18), before.join());
        component.modified(config("fifo", 3)); // new settings: a fresh runtime of the same policy
        assertEquals(3, component.metrics().parallelism());
        assertEquals(3, component.metrics().swaps());
        component.modified(config("fifo", 3)); // nothing changed: no swap
        assertEquals(3, component.metrics().swaps());
    }

    @Test
    void aWantedPolicyThatArrivesLaterIsTakenWhenItArrives() {
        activate("fifo", workStealing);
        assertEquals(Optional.of("work-stealing"), component.activePolicy(), "the default runs meanwhile");
        component.bindPolicy(fifo, named(FifoPolicy.NAME));
        assertEquals(Optional.of("fifo"), component.activePolicy());
    }

    /**
     * "Stopping the bundle of the active policy": its service is unbound while tasks run and wait; the
     * scheduler falls back to the default with the swap protocol, and takes the policy back when it
     * returns. Every task runs exactly once.
     */
    @Test
    void unbindingTheActivePolicyFallsBackToTheDefaultWithoutLosingTasks() throws Exception {
        activate("fifo", workStealing, fifo);
        CountDownLatch occupied = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<TaskHandle<Boolean>> running = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            running.add(component.spawn(() -> {
                occupied.countDown();
                return release.await(30, TimeUnit.SECONDS);
            }));
        }
        assertTrue(occupied.await(10, TimeUnit.SECONDS));
        AtomicIntegerArray runs = new AtomicIntegerArray(500);
        List<TaskHandle<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int k = i;
            queued.add(component.spawn(() -> {
                runs.incrementAndGet(k);
                return k;
            }));
        }
        component.unbindPolicy(fifo, named(FifoPolicy.NAME));
        assertEquals(Optional.of("work-stealing"), component.activePolicy());
        for (int i = 0; i < queued.size(); i++) {
            assertEquals(i, queued.get(i).join(Duration.ofSeconds(20)));
        }
        release.countDown();
        for (TaskHandle<Boolean> handle : running) {
            assertTrue(handle.join(), "tasks running on the stopped policy finished where they ran");
        }
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
        component.bindPolicy(fifo, named(FifoPolicy.NAME));
        assertEquals(Optional.of("fifo"), component.activePolicy(), "the wanted policy is taken back");
    }

    @Test
    void losingTheDefaultWhileItIsActiveFallsBackToAnyPolicy() {
        activate("work-stealing", workStealing, fifo);
        component.unbindPolicy(workStealing, named(WorkStealingPolicy.NAME));
        assertEquals(Optional.of("fifo"), component.activePolicy());
        assertEquals(7, component.spawn(() -> 7).join());
    }

    @Test
    void withNoPolicyTasksWaitAndRunWhenOneArrives() throws Exception {
        activate("work-stealing");
        assertEquals(Optional.empty(), component.activePolicy());
        TaskHandle<String> waiting = component.spawn(() -> "ran");
        assertThrows(java.util.concurrent.TimeoutException.class, () -> waiting.join(Duration.ofMillis(50)));
        assertEquals(1, component.metrics().pending());
        component.bindPolicy(fifo, named(FifoPolicy.NAME));
        assertEquals("ran", waiting.join(Duration.ofSeconds(10)));
        component.unbindPolicy(fifo, named(FifoPolicy.NAME));
        assertEquals(Optional.empty(), component.activePolicy());
        TaskHandle<String> again = component.spawn(() -> "ran again");
        component.bindPolicy(workStealing, named(WorkStealingPolicy.NAME));
        assertEquals("ran again", again.join(Duration.ofSeconds(10)));
    }

    @Test
    void aPolicyWithoutANameIsIgnored() {
        activate("work-stealing", workStealing);
        component.bindPolicy(fifo, Map.of());
        assertEquals(Set.of("work-stealing"), component.availablePolicies());
    }

    @Test
    void switchPolicyChecksTheName() {
        activate("work-stealing", workStealing, fifo);
        UnknownPolicyException unknown = assertThrows(UnknownPolicyException.class, () -> component.switchPolicy("lottery"));
        assertEquals(Set.of("fifo", "work-stealing"), unknown.available());
        assertTrue(unknown.getMessage().contains("fifo, work-stealing"), unknown.getMessage());
        component.switchPolicy("fifo");
        assertEquals(Optional.of("fifo"), component.activePolicy());
    }

    @Test
    void badConfigurationValuesAreRejectedWithAClearMessage() {
        IllegalArgumentException parallelism = assertThrows(IllegalArgumentException.class,
                () -> new SchedulerComponent(config("fifo", -1)));
        assertTrue(parallelism.getMessage().contains("parallelism"), parallelism.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SchedulerComponent(config("fifo", 1, -1, 100, 100)));
        assertThrows(IllegalArgumentException.class, () -> new SchedulerComponent(config("fifo", 1, 1, 0, 100)));
        assertThrows(IllegalArgumentException.class, () -> new SchedulerComponent(config("fifo", 1, 1, 100, -1)));
        assertEquals(Runtime.getRuntime().availableProcessors(),
                SchedulerComponent.settingsOf(config("fifo", 0)).parallelism(), "0 means one slot per processor");
    }

    @Test
    void deactivationShutsDown() {
        activate("work-stealing", workStealing, fifo);
        component.deactivate();
        assertThrows(RejectedExecutionException.class, () -> component.spawn(() -> 1));
        component.unbindPolicy(fifo, named(FifoPolicy.NAME)); // SCR unbinds after deactivate: harmless
        assertEquals(Optional.empty(), component.activePolicy());
        assertThrows(IllegalStateException.class, () -> component.switchPolicy("work-stealing"));
        awaitCondition("no threads left", Duration.ofSeconds(10), () -> component.metrics().retiringPolicies() == 0);
        component = null;
    }
}
