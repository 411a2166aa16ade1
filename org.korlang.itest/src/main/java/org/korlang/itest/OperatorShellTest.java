package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.korlang.gc.Heap;
import org.korlang.gc.spi.GcPolicy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The operator's shell (issue #15) in the real platform: help text from {@code @Descriptor}, one-line
 * usage messages instead of coercion errors, exit/quit, korlang:config, and gc:policy saved through
 * ConfigAdmin so that a re-created heap component starts on it.
 */
class OperatorShellTest {

    private static final String GC_PID = "org.korlang.gc";
    private static final String TEST_PID = "org.korlang.itest.config";

    private final BundleContext context = Services.context();

    @AfterEach
    void backToTheDefaultPolicy() throws Exception {
        ConfigurationAdmin cm = Services.await(context, ConfigurationAdmin.class, null);
        cm.getConfiguration(GC_PID, "?").delete();
        Configuration[] test = cm.listConfigurations("(service.pid=" + TEST_PID + ")");
        if (test != null) {
            test[0].delete();
        }
        awaitPolicy("generational");
    }

    @Test
    void helpShowsTheDescriptionAndTheParameters() throws Exception {
        Services.await(context, Heap.class, null);
        String help = Shell.run(context, "help gc:policy");
        assertTrue(help.contains("Show the active gc policy, or switch the live heap"), help);
        assertTrue(help.contains("name of the policy to switch to"), help);
        String exit = Shell.run(context, "help korlang:exit");
        assertTrue(exit.contains("End the platform (exit status 0)"), exit);
    }

    @Test
    void wrongArgumentsGiveAOneLineUsageNeverACoercionError() throws Exception {
        Services.await(context, Heap.class, null);
        for (String[] call : new String[][] {
                {"gc:policy a b", "usage: gc:policy [name]"},
                {"gc:collect young full", "usage: gc:collect [young|full]"},
                {"gc:stats now", "usage: gc:stats"},
                {"sched:policy a b", "usage: sched:policy [name]"},
                {"korlang:demo fast", "usage: korlang:demo [verbose|stop]"},
                {"korlang:config a=b", "usage: korlang:config"},
                {"korlang:config " + TEST_PID + " novalue", "usage: korlang:config"},
                {"korlang:ports all", "usage: korlang:ports"},
                {"exit now", "usage: exit"},
                {"korlang:run", "usage: korlang:run <file.kor>"}}) {
            Exception e = assertThrows(Exception.class, () -> Shell.run(context, call[0]), call[0]);
            String message = String.valueOf(e.getMessage());
            assertTrue(message.startsWith(call[1]) && !message.contains("Cannot coerce") && !message.contains("\n"),
                    call[0] + " -> " + message);
        }
    }

    @Test
    void exitAndQuitAreKorlangCommandsThatEndThePlatform() throws Exception {
        for (String function : new String[] {"exit", "quit"}) {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=korlang)(osgi.command.function=" + function + "))");
            assertNotNull(refs, "a korlang:" + function + " command");
            assertEquals(1, refs.length, function);
            Object commands = context.getService(refs[0]);
            try {
                assertNotNull(commands.getClass().getMethod(function, String[].class), function);
            } finally {
                context.ungetService(refs[0]);
            }
        }
        // (Calling one here would stop the test framework: bin/korlang -c exit is tested from the
        // launcher script, and the hand-over of status 0 to the launcher in org.korlang.platform.)
    }

    @Test
    void korlangConfigListsShowsAndSetsConfigurationsThroughConfigAdmin() throws Exception {
        ConfigurationAdmin cm = Services.await(context, ConfigurationAdmin.class, null);
        String set = Shell.run(context, "korlang:config " + TEST_PID + " color=blue size=3");
        assertTrue(set.contains(TEST_PID + "  color=blue, size=3  (saved: survives restart)"), set);
        Configuration[] stored = cm.listConfigurations("(service.pid=" + TEST_PID + ")");
        assertNotNull(stored);
        assertEquals("blue", stored[0].getProperties().get("color"));
        assertTrue(Shell.run(context, "korlang:config").contains(TEST_PID + "  color=blue, size=3"));
        assertTrue(Shell.run(context, "korlang:config " + TEST_PID).contains("color=blue"));
        assertTrue(Shell.run(context, "korlang:config org.korlang.nosuch").contains("no configuration org.korlang.nosuch"));
    }

    @Test
    void gcPolicyIsSavedAndARecreatedHeapComponentStartsOnIt() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        Services.await(context, GcPolicy.class, "(gc.policy=marksweep)");
        String out = Shell.run(context, "gc:policy marksweep");
        assertTrue(out.contains("-> marksweep") && out.contains("(saved: survives restart; configuration org.korlang.gc)"), out);
        assertEquals("marksweep", heap.policyName());
        ConfigurationAdmin cm = Services.await(context, ConfigurationAdmin.class, null);
        Configuration[] saved = cm.listConfigurations("(service.pid=" + GC_PID + ")");
        assertNotNull(saved, "gc:policy wrote configuration " + GC_PID);
        assertEquals("marksweep", saved[0].getProperties().get("policy"));

        // a new HeapComponent (as after a restart) starts on the saved policy
        ServiceComponentRuntime scr = Services.await(context, ServiceComponentRuntime.class, null);
        ComponentDescriptionDTO heapComponent = scr.getComponentDescriptionDTO(
                Services.bundle(context, "org.korlang.gc"), "org.korlang.gc.internal.osgi.HeapComponent");
        assertNotNull(heapComponent);
        scr.disableComponent(heapComponent).getValue();
        Services.awaitAbsent(context, Heap.class, null);
        scr.enableComponent(heapComponent).getValue();
        Heap recreated = Services.await(context, Heap.class, null);
        assertTrue(recreated != heap, "a new heap component");
        assertEquals("marksweep", recreated.policyName());
    }

    private void awaitPolicy(String policy) throws Exception {
        String[] running = {""};
        Services.eventually(() -> "the heap to run " + policy + "; it runs " + running[0], () -> {
            running[0] = Services.await(context, Heap.class, null).policyName();
            return running[0].equals(policy);
        }, Duration.ofSeconds(20));
    }
}
