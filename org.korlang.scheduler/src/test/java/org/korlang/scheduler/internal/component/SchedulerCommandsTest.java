package org.korlang.scheduler.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.scheduler.internal.component.TestConfigs.config;
import static org.korlang.scheduler.internal.component.TestConfigs.named;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.korlang.scheduler.TaskCountSource;
import org.korlang.scheduler.TaskCounts;
import org.korlang.scheduler.UnknownPolicyException;
import org.korlang.scheduler.internal.fifo.FifoPolicy;
import org.korlang.scheduler.internal.workstealing.WorkStealingPolicy;
import org.korlang.shell.common.UsageException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The Gogo commands, on a live scheduler component. */
@Timeout(60)
class SchedulerCommandsTest {

    private SchedulerComponent scheduler;
    private SchedulerCommands commands;

    @BeforeEach
    void start() {
        scheduler = new SchedulerComponent(config("work-stealing", 2));
        scheduler.bindPolicy(new WorkStealingPolicy(), named(WorkStealingPolicy.NAME));
        scheduler.bindPolicy(new FifoPolicy(), named(FifoPolicy.NAME));
        commands = new SchedulerCommands(scheduler);
    }

    @AfterEach
    void stop() {
        scheduler.deactivate();
    }

    @Test
    void statsShowWorkersQueuesStealsParksAndSpares() {
        scheduler.spawn(() -> 1).join();
        String stats = commands.stats();
        for (String expected : new String[] {"policy:   work-stealing (parallelism 2", "holding slots", "parked",
                "spare threads", "blocked", "queues:   global 0, local [", "steals:", "parks:",
                "tasks:    spawned 1, succeeded 1, failed 0, cancelled 0, pending 0"}) {
            assertTrue(stats.contains(expected), "'" + expected + "' in:\n" + stats);
        }
    }

    @Test
    void statsShowTheTaskCountsOfEachPublishedSourceWhileItIsBound() {
        String nl = System.lineSeparator();
        assertTrue(!commands.stats().contains("korlang:"), commands.stats());
        java.util.concurrent.atomic.AtomicLong live = new java.util.concurrent.atomic.AtomicLong(11);
        TaskCountSource korlang = new TaskCountSource() {
            @Override
            public String name() {
                return "korlang";
            }

            @Override
            public TaskCounts taskCounts() {
                return new TaskCounts(live.get(), 10, 12, 1);
            }
        };
        commands.bindTaskCountSource(korlang);
        assertTrue(commands.stats().endsWith(nl + "korlang:  live 11, parked 10, spawned 12, completed 1"), commands.stats());
        live.set(3); // read when the command runs, not when the source was bound
        assertTrue(commands.stats().endsWith(nl + "korlang:  live 3, parked 10, spawned 12, completed 1"), commands.stats());
        commands.unbindTaskCountSource(korlang);
        assertTrue(!commands.stats().contains("korlang:"), commands.stats());
    }

    @Test
    void policyWithoutANameListsThePolicies() {
        String text = commands.policy();
        assertTrue(text.contains("active policy: work-stealing"), text);
        assertTrue(text.contains("available: fifo, work-stealing"), text);
    }

    @Test
    void anUnknownPolicyFailsWithTheList() {
        UnknownPolicyException failure = assertThrows(UnknownPolicyException.class, () -> commands.policy("round-robin"));
        assertTrue(failure.getMessage().contains("unknown scheduler policy 'round-robin'; available: fifo, work-stealing"),
                failure.getMessage());
        assertThrows(IllegalArgumentException.class, () -> commands.policy(" "));
        assertEquals("usage: sched:policy [name]; available: fifo, work-stealing",
                assertThrows(UsageException.class, () -> commands.policy("fifo", "now")).toString());
        assertEquals("usage: sched:stats", assertThrows(UsageException.class, () -> commands.stats("all")).toString());
    }

    @Test
    void withoutConfigAdminTheSwitchIsDirectAndSaysItIsNotPersisted() throws Exception {
        String text = commands.policy("fifo");
        assertEquals(Optional.of("fifo"), scheduler.activePolicy());
        assertTrue(text.contains("work-stealing -> fifo") && text.contains("not saved"), text);
    }

    /**
     * With ConfigAdmin the command writes policy=fifo into configuration org.korlang.scheduler and
     * waits until the scheduler (told by "ConfigAdmin", asynchronously, as SCR would) has swapped.
     */
    @Test
    void withConfigAdminTheChoiceIsWrittenToTheConfiguration() throws Exception {
        AtomicReference<Dictionary<String, Object>> stored = new AtomicReference<>();
        AtomicInteger writes = new AtomicInteger();
        AtomicReference<String> askedPid = new AtomicReference<>();
        commands.setConfigurationAdmin(configurationAdmin(stored, writes, 0, askedPid));
        String text = commands.policy("fifo");
        assertEquals(SchedulerConfig.PID, askedPid.get());
        assertNotNull(stored.get());
        assertEquals("fifo", stored.get().get("policy"));
        assertEquals(1, writes.get());
        assertEquals(Optional.of("fifo"), scheduler.activePolicy());
        assertTrue(text.contains("work-stealing -> fifo") && text.contains("(saved: survives restart; configuration org.korlang.scheduler)"),
                text);
    }

    /**
     * SCR can lose a write that lands while it handles the one before (see ConfigurationDelivery): the
     * command writes the stored configuration again and returns once the scheduler has it.
     */
    @Test
    void aWriteThatSCRLostIsWrittenAgain() throws Exception {
        AtomicReference<Dictionary<String, Object>> stored = new AtomicReference<>();
        AtomicInteger writes = new AtomicInteger();
        commands.setConfigurationAdmin(configurationAdmin(stored, writes, 1, new AtomicReference<>()));
        String text = commands.policy("fifo");
        assertEquals(2, writes.get(), "written once, lost, written again");
        assertEquals(Optional.of("fifo"), scheduler.activePolicy());
        assertEquals(Optional.of("fifo"), scheduler.wantedPolicy());
        assertTrue(text.contains("work-stealing -> fifo") && text.contains("saved"), text);
    }

    /**
     * The scheduler already runs work-stealing as the fallback (it was asked for "absent", which is not
     * installed); sched:policy work-stealing waits until the write has arrived, not only until
     * work-stealing runs, so a lost write is noticed and written again.
     */
    @Test
    void aFallbackThatAlreadyRunsThePolicyStillWaitsForTheWrite() throws Exception {
        scheduler.modified(config("absent", 2));
        assertEquals(Optional.of("work-stealing"), scheduler.activePolicy());
        assertEquals(Optional.of("absent"), scheduler.wantedPolicy());
        AtomicReference<Dictionary<String, Object>> stored = new AtomicReference<>();
        AtomicInteger writes = new AtomicInteger();
        commands.setConfigurationAdmin(configurationAdmin(stored, writes, 1, new AtomicReference<>()));
        commands.policy("work-stealing");
        assertEquals(2, writes.get(), "the lost write was noticed although work-stealing already ran");
        assertEquals(Optional.of("work-stealing"), scheduler.wantedPolicy());
    }

    /**
     * A ConfigAdmin with one configuration whose updates are delivered to the scheduler on another
     * thread, as SCR does, except the first {@code lost} ones.
     */
    private ConfigurationAdmin configurationAdmin(AtomicReference<Dictionary<String, Object>> stored, AtomicInteger writes,
            int lost, AtomicReference<String> askedPid) {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getProperties":
                            return stored.get() == null ? null : new Hashtable<>(toMap(stored.get()));
                        case "update":
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                            stored.set(properties);
                            if (writes.incrementAndGet() > lost) {
                                Thread delivery = new Thread(() -> scheduler.modified(config(properties)));
                                delivery.start(); // ConfigAdmin delivers updates asynchronously
                            }
                            return null;
                        case "getPid":
                            return SchedulerConfig.PID;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration") && args.length == 2) {
                        askedPid.set((String) args[0]);
                        return configuration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static java.util.Map<String, Object> toMap(Dictionary<String, Object> dictionary) {
        java.util.Map<String, Object> map = new java.util.HashMap<>();
        for (java.util.Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, dictionary.get(key));
        }
        return map;
    }
}
