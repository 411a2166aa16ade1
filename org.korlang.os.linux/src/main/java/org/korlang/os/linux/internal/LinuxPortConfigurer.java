package org.korlang.os.linux.internal;

import java.io.IOException;

import org.korlang.os.common.PortConfiguration;
import org.korlang.os.common.PortConfigurer;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/*
 * Writes (or removes) the configuration of LinuxOsComponent for this machine, and rewrites it when
 * the Arch that answers this JVM's os.arch changes: it sees every Arch service's properties (the
 * dynamic, multiple reference "arch" of os.common's PortConfigurer, read by bnd through
 * -dsannotations-options: inherit) and hands them to PortConfiguration, which picks the processor
 * from the arch bundles' own names (arch.os.arch) and sets arch.target, table.target and os.arch —
 * on Linux only; elsewhere it deletes any configuration, so that the Os component stays inactive.
 * See PortConfiguration for the scheme.
 */

/** Publishes the Linux Os component's configuration for this machine's Arch. */
@Component(immediate = true, service = {})
public final class LinuxPortConfigurer extends PortConfigurer {

    @Activate
    public LinuxPortConfigurer(@Reference(name = "configAdmin") ConfigurationAdmin configAdmin) throws IOException {
        super(configAdmin, LinuxOsComponent.PID, "linux", PortConfiguration.isLinux(System.getProperty("os.name")),
                System.getProperty("os.arch"));
    }
}
