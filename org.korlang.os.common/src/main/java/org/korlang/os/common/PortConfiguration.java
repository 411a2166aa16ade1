package org.korlang.os.common;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.korlang.arch.Arch;
import org.korlang.os.Os;
import org.korlang.os.SyscallTable;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/*
 * How an OS bundle binds its Os component to the Arch of *this* processor and to the system-call
 * table of its kernel on that processor, the DS way — with no list of processors anywhere.
 *
 * The Os component of each OS bundle has configurationPolicy=REQUIRE and two mandatory, static
 * references: "arch" (Arch) and "table" (SyscallTable). Their target filters come from the
 * component's configuration (one per bundle, PID = the component's name), written at run time by
 * the bundle's immediate "port configurer" component through one instance of this class:
 *
 *   - The configurer tracks every registered Arch by its service properties (a dynamic, multiple
 *     reference: arrived/left). Each Arch names its processor (arch.processor) and the os.arch
 *     values it answers to (arch.os.arch, e.g. amd64, x86_64): only an arch bundle knows those.
 *   - This machine's processor is that of the best Arch whose names hold this JVM's os.arch (the
 *     highest service.ranking, then the lowest service.id — OSGi's own order), so a new CPU port is
 *     found the moment its bundle registers its Arch, and a better-ranked port for the same
 *     os.arch takes over from the one serving.
 *   - On a matching OS (os.name) with such an Arch the configuration holds
 *        arch.target  = (arch.processor=<processor>)
 *        table.target = (&(syscall.kernel=<kernel>)(syscall.processor=<processor>))
 *        os.arch      = <processor>          which DS publishes as a service property;
 *     on another OS there is no configuration at all, so the Os component is never satisfied.
 *   - While no Arch answers os.arch (its bundle stopped), the configuration is left as it was:
 *     the Os component is unsatisfied anyway, and an Arch returning under the same name finds its
 *     configuration unchanged (no component bounce beyond DS's own).
 *
 * From there on Declarative Services does the life cycle: the Os component is active exactly while
 * the chosen Arch and a SyscallTable for <kernel>/<processor> are both registered (the table may
 * come from the OS bundle itself or from the CPU port's bundle); when either goes away the Os
 * service is unregistered, when both are back a fresh instance registers. A processor with no
 * table is never bound: the platform's korlang:ports says "no syscall table for linux on riscv64".
 * Writes happen only when values differ (Configuration.updateIfDifferent), so a restart does not
 * bounce the component.
 *
 * Thread safety: arrived/left come from SCR's threads; both are synchronized and publish in order.
 */

/** Chooses this machine's processor from the registered Arch services and publishes the OS port's configuration. */
public final class PortConfiguration {

    /** The target property of the Os components' reference named {@code "arch"}. */
    public static final String ARCH_TARGET = "arch.target";

    /** The target property of the Os components' reference named {@code "table"}. */
    public static final String TABLE_TARGET = "table.target";

    private final ConfigurationAdmin configAdmin;
    private final String pid;
    private final String kernel;
    private final boolean osMatches;
    private final String osArch;
    private final Map<Object, Map<String, ?>> archs = new HashMap<>();

    /**
     * @param configAdmin where the configuration goes
     * @param pid         the Os component's configuration PID
     * @param kernel      the OS port's {@code os.name} ({@code linux}), also the tables' {@link SyscallTable#KERNEL}
     * @param osMatches   whether this JVM runs that kernel
     * @param osArch      this JVM's {@code os.arch}
     */
    public PortConfiguration(ConfigurationAdmin configAdmin, String pid, String kernel, boolean osMatches, String osArch) {
        this.configAdmin = Objects.requireNonNull(configAdmin, "configAdmin");
        this.pid = Objects.requireNonNull(pid, "pid");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.osMatches = osMatches;
        this.osArch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
    }

    /** Publishes for the Arch services known so far (the configurer's activation). */
    public synchronized void publish() throws IOException {
        if (!osMatches) {
            delete();
            return;
        }
        Optional<String> processor = processorOf(osArch, archs.values());
        if (processor.isPresent()) {
            configAdmin.getConfiguration(pid, "?").updateIfDifferent(properties(kernel, processor.get()));
        }
    }

    /** An Arch service was registered (its service properties). */
    public synchronized void archArrived(Map<String, ?> properties) throws IOException {
        archs.put(properties.get(Constants.SERVICE_ID), Map.copyOf(properties));
        publish();
    }

    /** An Arch service went away. */
    public synchronized void archLeft(Map<String, ?> properties) throws IOException {
        archs.remove(properties.get(Constants.SERVICE_ID));
        publish();
    }

    /**
     * The processor whose Arch answers {@code osArch}: of the Arch services (their properties) whose
     * {@link Arch#JVM_ARCH_NAMES} hold it (case-insensitively), the one with the highest
     * {@code service.ranking}, then the lowest {@code service.id}; empty when none does.
     */
    public static Optional<String> processorOf(String osArch, Iterable<? extends Map<String, ?>> archs) {
        if (osArch == null || osArch.isEmpty()) {
            return Optional.empty();
        }
        String wanted = osArch.toLowerCase(Locale.ROOT);
        Comparator<Map<String, ?>> best = Comparator
                .comparingInt((Map<String, ?> p) -> p.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0).reversed()
                .thenComparingLong(p -> p.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE);
        Map<String, ?> chosen = null;
        for (Map<String, ?> arch : archs) {
            if (!(arch.get(Arch.PROCESSOR) instanceof String) || !answers(arch.get(Arch.JVM_ARCH_NAMES), wanted)) {
                continue;
            }
            if (chosen == null || best.compare(arch, chosen) < 0) {
                chosen = arch;
            }
        }
        return chosen == null ? Optional.empty() : Optional.of((String) chosen.get(Arch.PROCESSOR));
    }

    private static boolean answers(Object names, String osArch) {
        if (names instanceof String one) {
            return one.toLowerCase(Locale.ROOT).equals(osArch);
        }
        if (names instanceof String[] many) {
            return Arrays.stream(many).anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(osArch));
        }
        if (names instanceof Iterable<?> many) {
            for (Object n : many) {
                if (String.valueOf(n).toLowerCase(Locale.ROOT).equals(osArch)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code os.name} names Linux. */
    public static boolean isLinux(String osName) {
        return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /** Whether {@code os.name} names macOS ({@code "Mac OS X"} in every JDK) or bare Darwin. */
    public static boolean isDarwin(String osName) {
        if (osName == null) {
            return false;
        }
        String name = osName.toLowerCase(Locale.ROOT);
        return name.startsWith("mac os") || name.startsWith("macos") || name.startsWith("darwin");
    }

    /** The target filter that selects the Arch of {@code processor}. */
    public static String archFilter(String processor) {
        return "(" + Arch.PROCESSOR + "=" + processor + ")";
    }

    /** The target filter that selects the system-call table of {@code kernel} on {@code processor}. */
    public static String tableFilter(String kernel, String processor) {
        return "(&(" + SyscallTable.KERNEL + "=" + kernel + ")(" + SyscallTable.PROCESSOR + "=" + processor + "))";
    }

    /** The component configuration for {@code kernel} on {@code processor}. */
    public static Dictionary<String, Object> properties(String kernel, String processor) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ARCH_TARGET, archFilter(processor));
        properties.put(TABLE_TARGET, tableFilter(kernel, processor));
        properties.put(Os.OS_ARCH, processor);
        return properties;
    }

    private void delete() throws IOException {
        Configuration[] stale;
        try {
            stale = configAdmin.listConfigurations("(service.pid=" + pid + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad pid " + pid, e);
        }
        if (stale != null) {
            for (Configuration configuration : stale) {
                configuration.delete();
            }
        }
    }
}
