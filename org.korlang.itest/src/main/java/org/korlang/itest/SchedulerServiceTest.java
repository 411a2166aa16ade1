package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskHandle;
import org.korlang.scheduler.spi.SchedulerPolicy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The scheduler as the platform runs it: tasks really run on its worker threads, and the policy
 * is swapped through ConfigAdmin and through the shell while tasks run and wait, with every task
 * run exactly once.
 */
class SchedulerServiceTest {

    private static final String PID = "org.korlang.scheduler";

    private final BundleContext context = Services.context();

    @AfterEach
    void backToTheDefaultPolicy() throws Exception {
        ConfigurationAdmin cm = Services.await(context, ConfigurationAdmin.class, null);
        Configuration config = cm.getConfiguration(PID, "?");
        config.delete();
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!scheduler.activePolicy().orElse("").equals("work-stealing") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void tasksRunOnTheSchedulersWorkerThreads() throws Exception {
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        assertEquals("work-stealing", scheduler.activePolicy().orElseThrow());
        assertTrue(scheduler.availablePolicies().containsAll(List.of("work-stealing", "fifo")), scheduler.availablePolicies().toString());
        Thread caller = Thread.currentThread();
        TaskHandle<Thread> handle = scheduler.spawn(() -> {
            assertTrue(scheduler.isWorkerThread());
            return Thread.currentThread();
        });
        assertNotEquals(caller, handle.join(Duration.ofSeconds(10)));
        assertTrue(!scheduler.isWorkerThread());
    }

    @Test
    void configAdminSwapsThePolicyUnderLoadWithoutLosingATask() throws Exception {
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        ConfigurationAdmin cm = Services.await(context, ConfigurationAdmin.class, null);
        Configuration config = cm.getConfiguration(PID, "?");
        AtomicLong ran = new AtomicLong();
        List<TaskHandle<Void>> handles = new ArrayList<>();
        long swapsBefore = scheduler.metrics().swaps();
        String[] policies = { "fifo", "work-stealing", "fifo", "work-stealing" };
        for (String policy : policies) {
            for (int i = 0; i < 20_000; i++) {
                handles.add(scheduler.spawn(() -> {
                    ran.incrementAndGet();
                }));
            }
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("policy", policy);
            config.update(props);
            awaitPolicy(scheduler, policy);
        }
        for (TaskHandle<Void> h : handles) {
            h.join(Duration.ofSeconds(30));
        }
        assertEquals(handles.size(), ran.get(), "every task ran exactly once across the swaps");
        assertTrue(scheduler.metrics().swaps() >= swapsBefore + policies.length, "each configuration change swapped the policy");
    }

    @Test
    void theShellShowsAndSwitchesThePolicy() throws Exception {
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        Shell.run(context, "sched:policy fifo");
        awaitPolicy(scheduler, "fifo");
        String stats = Shell.run(context, "sched:stats");
        assertTrue(stats.contains("fifo"), stats);
        Shell.run(context, "sched:policy work-stealing");
        awaitPolicy(scheduler, "work-stealing");
    }

    @Test
    void whenTheActivePolicyLeavesTheSchedulerFallsBackWithoutLosingATask() throws Exception {
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        SchedulerPolicy fifo = Services.await(context, SchedulerPolicy.class, "(scheduler.policy=fifo)");
        // A policy arriving from "another bundle": the test bundle registers it, then takes it away.
        SchedulerPolicy external = fifo::start;
        Dictionary<String, Object> policyProps = new Hashtable<>();
        policyProps.put(SchedulerPolicy.NAME_PROPERTY, "external");
        ServiceRegistration<SchedulerPolicy> registration = context.registerService(SchedulerPolicy.class, external, policyProps);
        ConfigurationAdmin cm = Services.await(context, ConfigurationAdmin.class, null);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("policy", "external");
        cm.getConfiguration(PID, "?").update(props);
        awaitPolicy(scheduler, "external");

        AtomicLong ran = new AtomicLong();
        List<TaskHandle<Void>> handles = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            handles.add(scheduler.spawn(() -> {
                ran.incrementAndGet();
            }));
        }
        registration.unregister();
        awaitPolicy(scheduler, "work-stealing");
        for (int i = 0; i < 20_000; i++) {
            handles.add(scheduler.spawn(() -> {
                ran.incrementAndGet();
            }));
        }
        for (TaskHandle<Void> h : handles) {
            h.join(Duration.ofSeconds(30));
        }
        assertEquals(handles.size(), ran.get(), "every task ran exactly once across the policy's departure");

        // The configured policy comes back: the scheduler returns to it.
        registration = context.registerService(SchedulerPolicy.class, external, policyProps);
        try {
            awaitPolicy(scheduler, "external");
        } finally {
            registration.unregister();
        }
    }

    private static void awaitPolicy(Scheduler scheduler, String policy) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!scheduler.activePolicy().orElse("").equals(policy)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("policy " + policy + " not active within 10 s, active: " + scheduler.activePolicy());
            }
            Thread.sleep(5);
        }
    }
}
