package org.korlang.os.linux.internal;

import java.util.Map;

import org.korlang.arch.Arch;
import org.korlang.os.Os;
import org.korlang.os.SyscallTable;
import org.korlang.os.mappings.MappingRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/*
 * The Os service for Linux, as a Declarative Services component.
 *
 * Binding: three mandatory, static references — "arch" to the Arch service, "table" to the
 * SyscallTable of Linux on that processor, and "mappings" to the process's one MappingRegistry
 * (org.korlang.os.mappings; its target, MappingRegistry.PROCESS_TARGET, keeps a registry that
 * someone else registers from being bound). The first two targets, (arch.processor=<processor>) and
 * (&(syscall.kernel=linux)(syscall.processor=<processor>)), are not known at build time, so they
 * come from the component's configuration (configurationPolicy REQUIRE, PID org.korlang.os.linux)
 * as "arch.target" and "table.target"; LinuxPortConfigurer writes that configuration, only on
 * Linux, for the processor of the Arch that answers this JVM's os.arch (PortConfiguration). Hence:
 *   - not Linux (or no Arch answers os.arch): no configuration, the component is never satisfied
 *     and stays inactive — nothing is registered;
 *   - Linux: DS activates the component when the matching Arch and a table for it are present
 *     (the table from this bundle, LinuxX86_64SyscallTable / LinuxAarch64SyscallTable, or from the
 *     bundle of a CPU port added later) and registers it as Os with os.name=linux and
 *     os.arch=<processor>; when either goes away DS deactivates it (static references) and the Os
 *     service disappears; when both are back, a new instance is activated and registered. A table
 *     that lacks a number the port needs fails the activation with IllegalArgumentException naming
 *     it (SCR logs it), so a wrong table never serves.
 *
 * Mappings outlive service objects and bundle revisions: memory a consumer mapped through one
 * instance is still the process's after an Arch swap, after an update of this bundle (a new
 * revision, new classes) and after a swap to a second Linux port, and the consumer must be able to
 * use and munmap it through the next port (sync's futex words, the heap's held regions). So no
 * instance makes a registry: every one binds the MappingRegistry service of org.korlang.os.mappings,
 * shared by every revision of every OS port bundle. While that service is absent the component is
 * unsatisfied and no Os is registered (see ProcessMappings there for what its departure means).
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

    /**
     * @param arch       the Arch selected by the configured target filter
     * @param table      Linux's system-call table for that Arch's processor (configured target filter)
     * @param mappings   the process's registry of mapped ranges, shared by every OS port
     * @param properties the component properties, carrying {@code os.arch}
     */
    @Activate
    public LinuxOsComponent(@Reference(name = "arch") Arch arch, @Reference(name = "table") SyscallTable table,
            @Reference(name = "mappings", target = MappingRegistry.PROCESS_TARGET) MappingRegistry mappings, Map<String, Object> properties) {
        super(arch, LinuxTables.of(table, arch.name()), mappings);
        Object configured = properties.get(Os.OS_ARCH);
        if (!arch.name().equals(configured)) {
            throw new IllegalStateException("configured for processor " + configured + " but bound to Arch " + arch.name());
        }
    }
}
