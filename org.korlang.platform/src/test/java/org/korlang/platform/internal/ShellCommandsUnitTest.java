package org.korlang.platform.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.korlang.shell.common.UsageException;

/** exit/quit's hand-over to the launcher, and korlang:config's typing and formatting of values. */
class ShellCommandsUnitTest {

    @Test
    void exitHandsStatusZeroToTheLaunchersMainThread() throws Exception {
        LauncherMain main = new LauncherMain();
        ExecutorService launcher = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> status = launcher.submit(main);
            assertFalse(main.returned());
            assertTrue(main.exit(0));
            assertEquals(0, status.get(10, TimeUnit.SECONDS));
            assertTrue(main.returned());
            assertFalse(main.exit(3), "the first status wins");
            assertEquals(0, main.call());
        } finally {
            launcher.shutdownNow();
        }
    }

    @Test
    void aFrameworkStopFromInsideEndsWithZeroOnceTheLauncherHasTheStatus() throws Exception {
        LauncherMain main = new LauncherMain();
        ExecutorService launcher = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> status = launcher.submit(main);
            main.frameworkStopping(10_000); // Ctrl-D or stop 0: returns once the launcher took the status
            assertTrue(main.returned());
            assertEquals(0, status.get(10, TimeUnit.SECONDS));
        } finally {
            launcher.shutdownNow();
        }
    }

    @Test
    void configValuesKeepTheTypeOfTheCurrentValue() {
        assertEquals(512L, ConfigCommand.typed("heapLimitMiB", "512", 256L));
        assertEquals(4, ConfigCommand.typed("gcThreads", "4", 2));
        assertEquals(Boolean.TRUE, ConfigCommand.typed("verify", "TRUE", false));
        assertEquals("semispace", ConfigCommand.typed("policy", "semispace", "generational"));
        assertEquals("42", ConfigCommand.typed("newKey", "42", null));
        UsageException e = assertThrows(UsageException.class, () -> ConfigCommand.typed("heapLimitMiB", "lots", 256L));
        assertEquals("usage: korlang:config [<pid> [<key>=<value>...]] (heapLimitMiB is a Long, got 'lots')", e.toString());
        assertThrows(UsageException.class, () -> ConfigCommand.typed("verify", "yes", false));
    }

    @Test
    void configPropertiesAreShownSortedWithoutConfigAdminsOwnKeys() {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("service.pid", "org.korlang.gc");
        p.put("policy", "semispace");
        p.put("heapLimitMiB", 512L);
        p.put("names", new String[] {"a", "b"});
        assertEquals("heapLimitMiB=512, names=a,b, policy=semispace", ConfigCommand.format(p));
        assertEquals("(no properties)", ConfigCommand.format(null));
    }
}
