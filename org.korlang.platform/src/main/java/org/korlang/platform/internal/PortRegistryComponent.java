package org.korlang.platform.internal;

import java.util.List;

import org.korlang.platform.PortRegistry;
import org.korlang.platform.PortStatus;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link PortRegistry} service: {@link PortReport}, the same computation as {@code korlang:ports},
 * turned into plain records for other bundles. Holds no state: every call reads the registry anew.
 */
@Component(service = PortRegistry.class)
public final class PortRegistryComponent implements PortRegistry {

    private final BundleContext context;

    @Activate
    public PortRegistryComponent(BundleContext context) {
        this.context = context;
    }

    @Override
    public List<PortStatus> ports() {
        return PortReport.of(context, currentMachine()).lines().stream().map(line -> {
            Bundle b = line.port().bundle();
            return new PortStatus(b.getSymbolicName(), b.getVersion().toString(),
                    line.port().kind().name().toLowerCase(java.util.Locale.ROOT), line.port().target(),
                    PortReport.stateName(b.getState()), line.serving(), line.status());
        }).toList();
    }

    @Override
    public List<String> missing() {
        return PortReport.of(context, currentMachine()).missing();
    }

    @Override
    public String machine() {
        Machine machine = currentMachine();
        return machine.os() + " on " + machine.processor();
    }

    /** This machine, its processor named by the ports present now (they come and go). */
    private Machine currentMachine() {
        return Machine.current(context);
    }
}
