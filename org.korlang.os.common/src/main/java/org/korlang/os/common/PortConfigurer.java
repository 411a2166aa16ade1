package org.korlang.os.common;

import java.io.IOException;
import java.util.Map;

import org.korlang.arch.Arch;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/*
 * The body of every OS bundle's "port configurer" component (LinuxPortConfigurer,
 * MacosPortConfigurer), written once: it publishes the Os component's configuration at activation
 * and feeds every Arch service's properties to one PortConfiguration (see there for the scheme)
 * through the "arch" reference declared here — dynamic, multiple, greedy, service properties only
 * (the service object is never got). A subclass is the @Component: immediate, no service, its
 * constructor takes ConfigurationAdmin and names its kernel. The OS bundle's bnd.bnd sets
 * `-dsannotations-options: inherit` so that bnd reads this class's @Reference into the
 * subclass's component description (the class is inlined with the rest of os.common).
 */

/** The shared body of an OS bundle's port configurer component: publish, then follow the Arch services. */
public abstract class PortConfigurer {

    private final PortConfiguration configuration;

    /**
     * Publishes the configuration of the Os component {@code pid} for this machine.
     *
     * @param thisKernel whether this JVM runs the port's kernel ({@link PortConfiguration#isLinux},
     *                   {@link PortConfiguration#isDarwin})
     * @param osArch     this JVM's {@code os.arch}
     */
    protected PortConfigurer(ConfigurationAdmin configAdmin, String pid, String kernel, boolean thisKernel, String osArch)
            throws IOException {
        configuration = new PortConfiguration(configAdmin, pid, kernel, thisKernel, osArch);
        configuration.publish();
    }

    /** An Arch service registered (its properties only). */
    @Reference(name = "arch", service = Arch.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindArch(Map<String, Object> properties) throws IOException {
        configuration.archArrived(properties);
    }

    /** An Arch service went away. */
    public void unbindArch(Map<String, Object> properties) throws IOException {
        configuration.archLeft(properties);
    }
}
