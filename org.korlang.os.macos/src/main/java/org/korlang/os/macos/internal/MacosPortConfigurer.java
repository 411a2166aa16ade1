package org.korlang.os.macos.internal;

import java.io.IOException;
import java.util.Map;

import org.korlang.arch.Arch;
import org.korlang.os.common.PortConfiguration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/*
 * Writes (or removes) the configuration of MacosOsComponent for this machine, and rewrites it when
 * the Arch that answers this JVM's os.arch changes (every Arch's properties reach it through a
 * dynamic, multiple reference): on macOS it sets arch.target, table.target and os.arch for that
 * Arch's processor; elsewhere (Linux) it deletes any configuration, so that the macOS Os component
 * stays inactive. See PortConfiguration.
 */

/** Publishes the macOS Os component's configuration for this machine's Arch. */
@Component(immediate = true, service = {})
public final class MacosPortConfigurer {

    private final PortConfiguration configuration;

    /** The constructor SCR uses: this JVM's {@code os.name} and {@code os.arch}. */
    @Activate
    public MacosPortConfigurer(@Reference(name = "configAdmin") ConfigurationAdmin configAdmin) throws IOException {
        this(configAdmin, System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** For a machine with these host facts (tests substitute a Mac's). */
    MacosPortConfigurer(ConfigurationAdmin configAdmin, String osName, String osArch) throws IOException {
        configuration = new PortConfiguration(configAdmin, MacosOsComponent.PID, "macos", PortConfiguration.isDarwin(osName), osArch);
        configuration.publish();
    }

    @Reference(name = "arch", service = Arch.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindArch(Map<String, Object> properties) throws IOException {
        configuration.archArrived(properties);
    }

    void unbindArch(Map<String, Object> properties) throws IOException {
        configuration.archLeft(properties);
    }
}
