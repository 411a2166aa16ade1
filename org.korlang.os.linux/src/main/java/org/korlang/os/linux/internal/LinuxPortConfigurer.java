package org.korlang.os.linux.internal;

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
 * Writes (or removes) the configuration of LinuxOsComponent for this machine, and rewrites it when
 * the Arch that answers this JVM's os.arch changes: it sees every Arch service's properties (a
 * dynamic, multiple reference that never gets the service object) and hands them to
 * PortConfiguration, which picks the processor from the arch bundles' own names (arch.os.arch) and
 * sets arch.target, table.target and os.arch — on Linux only; elsewhere it deletes any
 * configuration, so that the Os component stays inactive. See PortConfiguration for the scheme.
 */

/** Publishes the Linux Os component's configuration for this machine's Arch. */
@Component(immediate = true, service = {})
public final class LinuxPortConfigurer {

    private final PortConfiguration configuration;

    @Activate
    public LinuxPortConfigurer(@Reference(name = "configAdmin") ConfigurationAdmin configAdmin) throws IOException {
        configuration = new PortConfiguration(configAdmin, LinuxOsComponent.PID, "linux",
                PortConfiguration.isLinux(System.getProperty("os.name")), System.getProperty("os.arch"));
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
