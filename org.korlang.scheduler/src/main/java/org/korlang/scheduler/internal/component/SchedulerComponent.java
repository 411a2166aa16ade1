package org.korlang.scheduler.internal.component;

import java.time.Duration;
import java.util.Map;

import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.internal.core.SchedulerSettings;
import org.korlang.scheduler.internal.core.TaskScheduler;
import org.korlang.scheduler.spi.SchedulerPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link Scheduler} service: a {@link TaskScheduler} wired to DS and ConfigAdmin.
 *
 * <p>Every {@link SchedulerPolicy} service is bound dynamically (0..n, greedy), so policies come and
 * go without restarting the scheduler: a bind or unbind is a live swap when it changes the choice
 * (the wanted policy if available, else the default, else any — see {@code PolicyCatalog}). So
 * stopping the bundle of the active policy makes the scheduler fall back to the default, and the
 * wanted policy is taken again when it returns. With no policy at all, spawned tasks wait and run
 * when one arrives. Configuration changes ({@link SchedulerConfig}) arrive through {@link Modified}
 * and are swaps as well; deactivation shuts the scheduler down (every handle completes).
 */
@Component(service = Scheduler.class, configurationPid = SchedulerConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = SchedulerConfig.class)
public final class SchedulerComponent extends TaskScheduler {

    @Activate
    public SchedulerComponent(SchedulerConfig config) {
        super(settingsOf(config), config.policy());
    }

    @Modified
    void modified(SchedulerConfig config) {
        configure(settingsOf(config), config.policy());
    }

    @Deactivate
    void deactivate() {
        shutdown();
    }

    @Reference(name = "policies", service = SchedulerPolicy.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindPolicy")
    void bindPolicy(SchedulerPolicy policy, Map<String, Object> properties) {
        String name = policyName(properties);
        if (name != null) {
            addPolicy(name, policy);
        }
    }

    void unbindPolicy(SchedulerPolicy policy, Map<String, Object> properties) {
        String name = policyName(properties);
        if (name != null) {
            removePolicy(name, policy);
        }
    }

    /** The policy's name from its service properties, or null if it has none (it is then ignored). */
    static String policyName(Map<String, Object> properties) {
        Object name = properties.get(SchedulerPolicy.NAME_PROPERTY);
        return name instanceof String text && !text.isBlank() ? text : null;
    }

    /** Validated settings from a configuration; bad values throw IllegalArgumentException. */
    static SchedulerSettings settingsOf(SchedulerConfig config) {
        if (config.parallelism() < 0) {
            throw new IllegalArgumentException("parallelism must be 0 (one per processor) or positive: "
                    + config.parallelism());
        }
        if (config.spareKeepAliveMillis() < 1) {
            throw new IllegalArgumentException("spareKeepAliveMillis must be at least 1: " + config.spareKeepAliveMillis());
        }
        if (config.shutdownGraceMillis() < 0) {
            throw new IllegalArgumentException("shutdownGraceMillis must not be negative: " + config.shutdownGraceMillis());
        }
        return new SchedulerSettings(SchedulerSettings.parallelismOrCores(config.parallelism()), config.maxSpareThreads(),
                Duration.ofMillis(config.spareKeepAliveMillis()), Duration.ofMillis(config.shutdownGraceMillis()));
    }
}
