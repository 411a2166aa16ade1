package org.korlang.observe.internal.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.korlang.scheduler.TaskCountSource;
import org.korlang.scheduler.TaskCounts;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/** {@code org.korlang:type=Scheduler}'s LanguageTasks* attributes: the sum of the bound TaskCountSources, 0 without one. */
class SchedulerBeansTasksTest {

    static TaskCountSource source(String name, TaskCounts counts) {
        return new TaskCountSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TaskCounts taskCounts() {
                return counts;
            }
        };
    }

    @Test
    void languageTaskAttributesSumTheSourcesThroughJmx() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("org.korlang:type=Scheduler");
        try (StandaloneScheduler scheduler = StandaloneScheduler.builder().parallelism(1).start()) {
            SchedulerBeans beans = new SchedulerBeans(scheduler, null); // the context is used only by setPolicy
            try {
                assertEquals(0L, server.getAttribute(name, "LanguageTasksLive"));
                TaskCountSource a = source("korlang", new TaskCounts(11, 10, 12, 1));
                TaskCountSource b = source("other", new TaskCounts(1, 0, 5, 4));
                beans.bindTaskCountSource(a);
                beans.bindTaskCountSource(b);
                assertEquals(12L, server.getAttribute(name, "LanguageTasksLive"));
                assertEquals(10L, server.getAttribute(name, "LanguageTasksParked"));
                assertEquals(17L, server.getAttribute(name, "LanguageTasksSpawned"));
                assertEquals(5L, server.getAttribute(name, "LanguageTasksCompleted"));
                beans.unbindTaskCountSource(b);
                assertEquals(11L, server.getAttribute(name, "LanguageTasksLive"));
            } finally {
                beans.deactivate();
            }
        }
    }
}
