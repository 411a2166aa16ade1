package org.korlang.observe.internal.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.korlang.scheduler.TaskCountSource;
import org.korlang.scheduler.TaskCounts;

/** The console's {@code tasks} field: null without a TaskCountSource, each source's counts with one. */
class KorlangPluginTasksTest {

    @Test
    void tasksAreNullWithoutASourceAndTheSourcesCountsWithOne() {
        KorlangPlugin plugin = new KorlangPlugin(null); // heap, scheduler and ports absent: no context needed
        assertTrue(plugin.data(0).contains("\"tasks\":null"), plugin.data(0));
        TaskCountSource korlang = new TaskCountSource() {
            @Override
            public String name() {
                return "korlang";
            }

            @Override
            public TaskCounts taskCounts() {
                return new TaskCounts(11, 10, 12, 1);
            }
        };
        plugin.bindTaskCountSource(korlang);
        String data = plugin.data(0);
        assertTrue(data.contains("\"tasks\":{\"korlang\":{\"live\":11,\"parked\":10,\"spawned\":12,\"completed\":1}}"), data);
        plugin.unbindTaskCountSource(korlang);
        assertTrue(plugin.data(0).contains("\"tasks\":null"), plugin.data(0));
    }
}
