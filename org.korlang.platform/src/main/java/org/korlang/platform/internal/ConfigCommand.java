package org.korlang.platform.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.korlang.shell.common.UsageException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code korlang:config}: the platform's ConfigAdmin configurations, listed and set from the shell.
 *
 * <ul>
 * <li>{@code korlang:config} — every configuration: its PID and properties, one per line.
 * <li>{@code korlang:config <pid>} — one configuration's properties.
 * <li>{@code korlang:config <pid> <key>=<value> [<key>=<value>...]} — sets properties (creating the
 * configuration if needed) and updates it; the component that owns the PID receives the update as
 * from any other ConfigAdmin client, and ConfigAdmin stores it ({@code felix.cm.dir}:
 * {@code $KORLANG_HOME/config} under bin/korlang), so it survives a restart.
 * </ul>
 *
 * <p>Values: a property that already exists keeps its type (Long, Integer, Boolean, …; a value that
 * does not parse as that type is a usage error naming the type); a new property is a String. The
 * framework's own keys ({@code service.pid}, {@code service.factoryPid}, {@code service.bundleLocation})
 * are shown but cannot be set. Every bad call answers with the one-line usage.
 */
@Component(service = ConfigCommand.class, property = {
        "osgi.command.scope=korlang",
        "osgi.command.function=config" })
public final class ConfigCommand {

    static final String USAGE = "usage: korlang:config [<pid> [<key>=<value>...]]";

    private final ConfigurationAdmin admin;

    @Activate
    public ConfigCommand(@Reference ConfigurationAdmin admin) {
        this.admin = admin;
    }

    @Descriptor("List the platform's configurations, show one, or set its properties (saved: survives restart) "
            + "(usage: korlang:config [<pid> [<key>=<value>...]])")
    public String config(@Descriptor("a configuration PID (e.g. org.korlang.gc, org.korlang.scheduler), then "
            + "key=value pairs to set (e.g. policy=semispace)") String... args) throws IOException, InvalidSyntaxException {
        if (args.length == 0) {
            return list();
        }
        String pid = args[0];
        if (pid.isBlank() || pid.contains("=")) {
            throw new UsageException(USAGE + " (a PID comes first; got '" + pid + "')");
        }
        if (args.length == 1) {
            return show(pid);
        }
        return set(pid, Arrays.asList(args).subList(1, args.length));
    }

    private String list() throws IOException, InvalidSyntaxException {
        Configuration[] all = admin.listConfigurations(null);
        if (all == null || all.length == 0) {
            return "no configurations yet (korlang:config <pid> <key>=<value> creates one)";
        }
        List<Configuration> sorted = new ArrayList<>(Arrays.asList(all));
        sorted.sort((a, b) -> a.getPid().compareTo(b.getPid()));
        StringBuilder text = new StringBuilder();
        for (Configuration c : sorted) {
            text.append(c.getPid()).append("  ").append(format(c.getProperties())).append(System.lineSeparator());
        }
        return text.toString().stripTrailing();
    }

    private String show(String pid) throws IOException, InvalidSyntaxException {
        Configuration c = existing(pid);
        if (c == null) {
            return "no configuration " + pid + " (the component uses its defaults; korlang:config " + pid
                    + " <key>=<value> creates it)";
        }
        return pid + "  " + format(c.getProperties());
    }

    private String set(String pid, List<String> assignments) throws IOException, InvalidSyntaxException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(USAGE + " (expected key=value, got '" + assignment + "')");
            }
            String key = assignment.substring(0, eq);
            if (key.equals(Constants.SERVICE_PID) || key.startsWith("service.")) {
                throw new UsageException(USAGE + " (" + key + " is ConfigAdmin's own; it cannot be set)");
            }
            values.put(key, assignment.substring(eq + 1));
        }
        Configuration existing = existing(pid);
        Configuration c = existing != null ? existing : admin.getConfiguration(pid, "?");
        Dictionary<String, Object> properties = c.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            properties.put(e.getKey(), typed(e.getKey(), e.getValue(), properties.get(e.getKey())));
        }
        c.update(properties);
        return pid + "  " + format(properties) + "  (saved: survives restart)";
    }

    /** {@code value} as the type of the property's current value (a String for a new property). */
    static Object typed(String key, String value, Object current) {
        try {
            if (current instanceof Long) {
                return Long.valueOf(value);
            }
            if (current instanceof Integer) {
                return Integer.valueOf(value);
            }
            if (current instanceof Boolean) {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new NumberFormatException();
                }
                return Boolean.valueOf(value);
            }
            if (current instanceof Double) {
                return Double.valueOf(value);
            }
        } catch (NumberFormatException e) {
            throw new UsageException(USAGE + " (" + key + " is a " + current.getClass().getSimpleName()
                    + ", got '" + value + "')");
        }
        return value;
    }

    private Configuration existing(String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = admin.listConfigurations("(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
        return found == null || found.length == 0 ? null : found[0];
    }

    private static String escape(String value) {
        return value.replace("\\", "\\5c").replace("(", "\\28").replace(")", "\\29").replace("*", "\\2a");
    }

    /** {@code key=value, ...} sorted by key, without ConfigAdmin's own keys. */
    static String format(Dictionary<String, Object> properties) {
        if (properties == null) {
            return "(no properties)";
        }
        Map<String, String> sorted = new TreeMap<>();
        for (String key : Collections.list(properties.keys())) {
            if (!key.startsWith("service.") && !key.startsWith("felix.")) {
                Object value = properties.get(key);
                sorted.put(key, value instanceof Object[] array
                        ? String.join(",", Arrays.stream(array).map(String::valueOf).toList())
                        : String.valueOf(value));
            }
        }
        if (sorted.isEmpty()) {
            return "(no properties)";
        }
        StringBuilder text = new StringBuilder();
        sorted.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return text.toString();
    }
}
