package org.korlang.os.macos.internal;

import java.io.IOException;

import org.korlang.os.common.PortConfiguration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/*
 * Writes (or removes) the configuration of MacosOsComponent for this machine, once, when the bundle
 * starts and ConfigAdmin is there: on macOS with a known processor it sets arch.target to
 * (arch.processor=<processor>) and os.arch to <processor>; elsewhere (Linux) it deletes any
 * configuration, so that the macOS Os component stays inactive. See PortConfiguration.
 */

/** Publishes the macOS Os component's configuration for this machine. */
@Component(immediate = true, service = {})
public final class MacosPortConfigurer {

    /** The constructor SCR uses: this JVM's {@code os.name} and {@code os.arch}. */
    @Activate
    public MacosPortConfigurer(@Reference(name = "configAdmin") ConfigurationAdmin configAdmin) throws IOException {
        this(configAdmin, System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** For a machine with these host facts (tests substitute a Mac's). */
    MacosPortConfigurer(ConfigurationAdmin configAdmin, String osName, String osArch) throws IOException {
        PortConfiguration.publish(configAdmin, MacosOsComponent.PID, PortConfiguration.isDarwin(osName), osArch);
    }
}
