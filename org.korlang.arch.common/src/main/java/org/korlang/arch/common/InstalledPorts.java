package org.korlang.arch.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.korlang.arch.Arch;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The CPU ports present in a framework, as their {@link PortHeader}s, and the machine they name. Kept
 * apart from {@link PortHeader} and {@link HostPlatform}, which the ports use outside a framework
 * too, so that only code running in a framework needs the OSGi classes.
 */
public final class InstalledPorts {

    private InstalledPorts() {
    }

    /** This JVM's machine, its processor named by the CPU ports in {@code context}'s framework. */
    public static HostPlatform machine(BundleContext context) {
        return HostPlatform.current().namedBy(headers(context));
    }

    /**
     * What the CPU ports in {@code context}'s framework declare: the registered {@code Arch}
     * services (best-ranked first), then the {@code Korlang-Port} headers of the installed bundles.
     */
    public static List<PortHeader> headers(BundleContext context) {
        List<PortHeader> ports = new ArrayList<>();
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(Arch.class.getName(), null);
            List<ServiceReference<?>> archs = refs == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(refs));
            archs.sort(Collections.reverseOrder()); // higher ranking, then lower service.id, is greater
            for (ServiceReference<?> ref : archs) {
                if (ref.getProperty(Arch.PROCESSOR) instanceof String processor
                        && ref.getProperty(Arch.JVM_ARCH_NAMES) instanceof String[] names) {
                    ports.add(new PortHeader(processor, Set.copyOf(Arrays.asList(names))));
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new AssertionError(impossible); // no filter given
        }
        for (Bundle bundle : context.getBundles()) {
            PortHeader.parse(bundle.getHeaders("").get(PortHeader.HEADER)).ifPresent(ports::add);
        }
        return List.copyOf(ports);
    }

}
