package org.korlang.scheduler.internal.component;

import java.lang.annotation.Annotation;
import java.util.Dictionary;
import java.util.Map;

import org.korlang.scheduler.spi.SchedulerPolicy;

/** SchedulerConfig values for tests, as DS would build them from a configuration. */
final class TestConfigs {

    private TestConfigs() {
    }

    static SchedulerConfig config(String policy, int parallelism) {
        return config(policy, parallelism, 256, 200, 500);
    }

    static SchedulerConfig config(String policy, int parallelism, int maxSpare, long keepAliveMillis, long graceMillis) {
        return new SchedulerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SchedulerConfig.class;
            }

            @Override
            public String policy() {
                return policy;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public int maxSpareThreads() {
                return maxSpare;
            }

            @Override
            public long spareKeepAliveMillis() {
                return keepAliveMillis;
            }

            @Override
            public long shutdownGraceMillis() {
                return graceMillis;
            }
        };
    }

    /** The configuration DS would pass for these ConfigAdmin properties (missing keys take defaults). */
    static SchedulerConfig config(Dictionary<String, Object> properties) {
        Object policy = properties.get("policy");
        Object parallelism = properties.get("parallelism");
        return config(policy == null ? SchedulerPolicy.DEFAULT_POLICY : policy.toString(),
                parallelism == null ? 2 : Integer.parseInt(parallelism.toString()));
    }

    static Map<String, Object> named(String name) {
        return Map.of(SchedulerPolicy.NAME_PROPERTY, name);
    }
}
