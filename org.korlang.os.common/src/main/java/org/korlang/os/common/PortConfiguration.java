package org.korlang.os.common;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Optional;

import org.korlang.arch.Arch;
import org.korlang.os.Os;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/*
 * How an OS bundle binds its Os component to the Arch of *this* processor, the DS way.
 *
 * The Os component of each OS bundle has configurationPolicy=REQUIRE and a mandatory, static
 * reference named "arch" to Arch. Its configuration (one per bundle, PID = the component's name)
 * is written at run time by a small immediate "port configurer" component, through ConfigAdmin:
 *
 *   - on a matching OS (os.name) whose processor is known (os.arch amd64/x86_64 → x86_64,
 *     aarch64/arm64 → aarch64) it holds
 *        arch.target = (arch.processor=<processor>)   the reference's target filter, and
 *        os.arch     = <processor>                    which DS publishes as a service property;
 *   - anywhere else there is no configuration at all, so the Os component is never satisfied:
 *     it stays inactive and registers nothing.
 *
 * From there on Declarative Services does the life cycle: when the matching Arch goes away the Os
 * component is deactivated and its service unregistered; when an Arch comes back, a fresh
 * instance is activated and registered. The configurer only writes when the values differ
 * (Configuration.updateIfDifferent), so a restart does not bounce the component.
 */

/** Computes and publishes the configuration that binds an OS port to this machine's Arch. */
public final class PortConfiguration {

    /** The target property of the Os components' reference named {@code "arch"}. */
    public static final String ARCH_TARGET = "arch.target";

    private PortConfiguration() { }

    /** The Arch processor name for a {@code os.arch} value, if the platform has a port for it. */
    public static Optional<String> processorOf(String osArch) {
        if (osArch == null) {
            return Optional.empty();
        }
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
            case "x86-64":
                return Optional.of("x86_64");
            case "aarch64":
            case "arm64":
                return Optional.of("aarch64");
            default:
                return Optional.empty();
        }
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

    /** The component configuration for {@code processor}. */
    public static Dictionary<String, Object> properties(String processor) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ARCH_TARGET, archFilter(processor));
        properties.put(Os.OS_ARCH, processor);
        return properties;
    }

    /**
     * Makes configuration {@code pid} match this machine: present with {@link #properties} when
     * {@code osMatches} and the processor is known, absent otherwise.
     */
    public static void publish(ConfigurationAdmin configAdmin, String pid, boolean osMatches, String osArch) throws IOException {
        Optional<String> processor = processorOf(osArch);
        if (osMatches && processor.isPresent()) {
            Configuration configuration = configAdmin.getConfiguration(pid, "?");
            configuration.updateIfDifferent(properties(processor.get()));
            return;
        }
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
