package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskHandle;
import org.korlang.scheduler.spi.SchedulerPolicy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
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
        // Update rather than delete, and wait for the delivery: the next test then starts from a known,
        // delivered configuration (its first write cannot land while SCR still reads this one).
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("policy", "work-stealing");
        configure(props);
        awaitPolicy("work-stealing");
    }

    @Test
    void tasksRunOnTheSchedulersWorkerThreads() throws Exception {
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        awaitPolicy("work-stealing");
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
            configure(props);
            awaitPolicy(policy);
        }
        for (TaskHandle<Void> h : handles) {
            h.join(Duration.ofSeconds(30));
        }
        assertEquals(handles.size(), ran.get(), "every task ran exactly once across the swaps");
        assertTrue(scheduler.metrics().swaps() >= swapsBefore + policies.length, "each configuration change swapped the policy");
    }

    /**
     * Issue 18 in the running platform: fork-join trees (each node spawns one half and joins it) keep
     * finishing, with the right value and within a watchdog, while ConfigAdmin swaps the policy again
     * and again — fifo and back, and work-stealing restarted with a different parallelism.
     */
    @Test
    void forkJoinTreesFinishWhileConfigAdminSwapsThePolicy() throws Exception {
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong trees = new AtomicLong();
        List<Thread> drivers = new ArrayList<>();
        for (int d = 0; d < 3; d++) {
            Thread driver = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long value = scheduler.spawn(() -> fib(scheduler, 15)).join(Duration.ofSeconds(30));
                        assertEquals(610L, value);
                        trees.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "fork-join-driver-" + d);
            driver.setDaemon(true);
            driver.start();
            drivers.add(driver);
        }
        long swapsBefore = scheduler.metrics().swaps();
        try {
            for (int i = 0; i < 12 && failure.get() == null; i++) {
                Dictionary<String, Object> props = new Hashtable<>();
                // every update differs from the one before (the parallelism alternates), so each swaps
                String policy = i % 3 == 0 ? "fifo" : "work-stealing";
                int parallelism = 2 + i % 2;
                props.put("policy", policy);
                props.put("parallelism", parallelism);
                configure(props);
                awaitPolicy(policy);
                Services.eventually(() -> "the configured parallelism " + parallelism + "; it is " + scheduler.metrics().parallelism(),
                        () -> scheduler.metrics().parallelism() == parallelism, Duration.ofSeconds(20));
            }
        } finally {
            stop.set(true);
            for (Thread driver : drivers) {
                driver.join(Duration.ofSeconds(60).toMillis());
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("a fork-join tree failed across the swaps: " + scheduler.metrics(), failure.get());
        }
        for (Thread driver : drivers) {
            assertTrue(!driver.isAlive(), driver.getName() + " ended (its last tree finished)");
        }
        assertTrue(trees.get() > 0, "trees ran");
        assertTrue(scheduler.metrics().swaps() >= swapsBefore + 12, "every configuration change swapped");
    }

    private static long fib(Scheduler scheduler, int n) {
        if (n < 2) {
            return n;
        }
        TaskHandle<Long> left = scheduler.spawn(() -> fib(scheduler, n - 1));
        long right = fib(scheduler, n - 2);
        return left.join() + right;
    }

    @Test
    void theShellShowsAndSwitchesThePolicy() throws Exception {
        Scheduler scheduler = Services.await(context, Scheduler.class, null);
        Shell.run(context, "sched:policy fifo");
        awaitPolicy("fifo");
        String stats = Shell.run(context, "sched:stats");
        assertTrue(stats.contains("fifo"), stats);
        Shell.run(context, "sched:policy work-stealing");
        awaitPolicy("work-stealing");
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
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("policy", "external");
        configure(props);
        awaitPolicy("external");

        AtomicLong ran = new AtomicLong();
        List<TaskHandle<Void>> handles = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            handles.add(scheduler.spawn(() -> {
                ran.incrementAndGet();
            }));
        }
        registration.unregister();
        awaitPolicy("work-stealing");
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
            awaitPolicy("external");
        } finally {
            registration.unregister();
        }
    }

    /** Writes the scheduler's configuration and waits until the Scheduler component has received it. */
    private void configure(Dictionary<String, Object> props) throws Exception {
        Services.configure(context, PID, props, Scheduler.class);
    }

    /**
     * Waits until the registered Scheduler runs {@code policy}. The service is looked up on every
     * poll: ConfigAdmin delivers configurations asynchronously, and a test must not judge an
     * instance that DS may be replacing.
     */
    private void awaitPolicy(String policy) throws Exception {
        String[] active = {""};
        Services.eventually(() -> "policy " + policy + " to be active; active: " + active[0], () -> {
            active[0] = activePolicy();
            return active[0].equals(policy);
        }, Duration.ofSeconds(20));
    }

    private String activePolicy() {
        ServiceReference<Scheduler> ref = context.getServiceReference(Scheduler.class);
        if (ref == null) {
            return "(no scheduler)";
        }
        Scheduler scheduler = context.getService(ref);
        try {
            return scheduler == null ? "(no scheduler)" : scheduler.activePolicy().orElse("(none)");
        } finally {
            context.ungetService(ref);
        }
    }
}
