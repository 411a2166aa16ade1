package org.korlang.os.linux.internal;

import java.util.Map;

import org.korlang.arch.Arch;
import org.korlang.os.Os;
import org.korlang.os.common.MappingRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/*
 * The Os service for Linux, as a Declarative Services component.
 *
 * Binding: a mandatory, static reference named "arch" to the Arch service. Its target filter,
 * (arch.processor=<this processor>), is not known at build time, so it comes from the component's
 * configuration (configurationPolicy REQUIRE, PID org.korlang.os.linux) as the property
 * "arch.target"; LinuxPortConfigurer writes that configuration, and only on Linux. Hence:
 *   - not Linux (or an unknown processor): no configuration, the component is never satisfied and
 *     stays inactive — nothing is registered;
 *   - Linux: DS activates the component when the matching Arch is present and registers it as Os
 *     with os.name=linux and os.arch=<processor> (the latter from the configuration); when that
 *     Arch goes away DS deactivates it (static reference) and the Os service disappears; when an
 *     Arch comes back, a new instance is activated and registered.
 *
 * Mappings outlive service objects: memory a consumer mapped through one instance is still the
 * process's after an Arch swap, and the consumer must be able to munmap it through the next
 * instance. So every instance of this component shares one registry, held by the class (data, not a
 * service; it lives exactly as long as this bundle's class loader).
 */

/** Registers {@link LinuxOs} as the {@link Os} service, bound to the Arch of this processor. */
@Component(
        service = Os.class,
        configurationPid = LinuxOsComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Os.OS_NAME + "=linux")
public final class LinuxOsComponent extends LinuxOs {

    /** The configuration PID (written by {@link LinuxPortConfigurer}). */
    public static final String PID = "org.korlang.os.linux";

    private static final MappingRegistry PROCESS_MAPPINGS = new MappingRegistry();

    /**
     * @param arch       the Arch selected by the configured target filter
     * @param properties the component properties, carrying {@code os.arch}
     */
    @Activate
    public LinuxOsComponent(@Reference(name = "arch") Arch arch, Map<String, Object> properties) {
        super(arch, PROCESS_MAPPINGS);
        Object configured = properties.get(Os.OS_ARCH);
        if (!arch.name().equals(configured)) {
            throw new IllegalStateException("configured for processor " + configured + " but bound to Arch " + arch.name());
        }
    }
}
