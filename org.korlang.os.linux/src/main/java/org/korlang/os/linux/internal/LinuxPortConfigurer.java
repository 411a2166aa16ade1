package org.korlang.os.linux.internal;

import java.io.IOException;

import org.korlang.os.common.PortConfiguration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/*
 * Writes (or removes) the configuration of LinuxOsComponent for this machine, once, when the bundle
 * starts and ConfigAdmin is there: on Linux with a known processor it sets arch.target to
 * (arch.processor=<processor>) and os.arch to <processor>; elsewhere it deletes any configuration,
 * so that the Os component stays inactive. See PortConfiguration for the whole scheme.
 */

/** Publishes the Linux Os component's configuration for this machine. */
@Component(immediate = true, service = {})
public final class LinuxPortConfigurer {

    @Activate
    public LinuxPortConfigurer(@Reference(name = "configAdmin") ConfigurationAdmin configAdmin) throws IOException {
        PortConfiguration.publish(configAdmin, LinuxOsComponent.PID,
                PortConfiguration.isLinux(System.getProperty("os.name")), System.getProperty("os.arch"));
    }
}
