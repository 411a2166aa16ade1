package org.korlang.os.macos.internal;

import java.io.IOException;

import org.korlang.os.common.PortConfiguration;
import org.korlang.os.common.PortConfigurer;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/*
 * Writes (or removes) the configuration of MacosOsComponent for this machine, and rewrites it when
 * the Arch that answers this JVM's os.arch changes (every Arch's properties reach it through the
 * dynamic, multiple reference "arch" of os.common's PortConfigurer, read by bnd through
 * -dsannotations-options: inherit): on macOS it sets arch.target, table.target and os.arch for that
 * Arch's processor; elsewhere (Linux) it deletes any configuration, so that the macOS Os component
 * stays inactive. See PortConfiguration.
 */

/** Publishes the macOS Os component's configuration for this machine's Arch. */
@Component(immediate = true, service = {})
public final class MacosPortConfigurer extends PortConfigurer {

    /** The constructor SCR uses: this JVM's {@code os.name} and {@code os.arch}. */
    @Activate
    public MacosPortConfigurer(@Reference(name = "configAdmin") ConfigurationAdmin configAdmin) throws IOException {
        this(configAdmin, System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** For a machine with these host facts (tests substitute a Mac's). */
    MacosPortConfigurer(ConfigurationAdmin configAdmin, String osName, String osArch) throws IOException {
        super(configAdmin, MacosOsComponent.PID, "macos", PortConfiguration.isDarwin(osName), osArch);
    }
}
