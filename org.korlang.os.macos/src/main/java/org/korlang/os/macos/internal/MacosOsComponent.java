package org.korlang.os.macos.internal;

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
 * The Os service for macOS, as a Declarative Services component — the same scheme as the Linux
 * port's LinuxOsComponent: mandatory, static references "arch" and "table" whose target filters
 * ((arch.processor=<processor>), (&(syscall.kernel=macos)(syscall.processor=<processor>))) come
 * from the configuration PID org.korlang.os.macos, which MacosPortConfigurer writes only when
 * os.name is "Mac OS X" (or "Darwin"), for the Arch that answers os.arch. On Linux there is no
 * configuration, so this component stays inactive and registers nothing. On a Mac, DS registers it
 * as Os with os.name=macos and os.arch=<processor> while the matching Arch and a macOS system-call
 * table for its processor (this bundle's own, or a CPU port's) are present.
 *
 * All instances, and every revision of this bundle, share the process's one registry of mappings:
 * a third mandatory, static reference, "mappings", binds the MappingRegistry service of
 * org.korlang.os.mappings (target MappingRegistry.PROCESS_TARGET). So memory mapped before an
 * Arch swap or an update of this bundle can still be used and unmapped afterwards.
 */

/** Registers {@link DarwinOs} as the {@link Os} service, bound to the Arch of this processor. */
@Component(
        service = Os.class,
        configurationPid = MacosOsComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Os.OS_NAME + "=macos")
public final class MacosOsComponent extends DarwinOs {

    /** The configuration PID (written by {@link MacosPortConfigurer}). */
    public static final String PID = "org.korlang.os.macos";

    /**
     * @param arch       the Arch selected by the configured target filter
     * @param table      XNU's system-call table for that Arch's processor (configured target filter)
     * @param mappings   the process's registry of mapped ranges, shared by every OS port
     * @param properties the component properties, carrying {@code os.arch}
     */
    @Activate
    public MacosOsComponent(@Reference(name = "arch") Arch arch, @Reference(name = "table") SyscallTable table,
            @Reference(name = "mappings", target = MappingRegistry.PROCESS_TARGET) MappingRegistry mappings, Map<String, Object> properties) {
        super(arch, DarwinTables.of(table, arch.name()), mappings);
        Object configured = properties.get(Os.OS_ARCH);
        if (!arch.name().equals(configured)) {
            throw new IllegalStateException("configured for processor " + configured + " but bound to Arch " + arch.name());
        }
    }
}
