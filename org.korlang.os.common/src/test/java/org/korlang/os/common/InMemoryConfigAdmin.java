package org.korlang.os.common;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * ConfigurationAdmin reduced to what {@link PortConfiguration} uses, over a map pid → properties:
 * getConfiguration, updateIfDifferent (counting real updates), getProperties, listConfigurations by
 * service.pid, delete. Shared with the OS modules' tests through this module's test-jar.
 */
public final class InMemoryConfigAdmin {

    /** The stored configurations. */
    public final Map<String, Dictionary<String, Object>> store = new HashMap<>();
    /** How many updates changed a configuration. */
    public int updates;

    /** A ConfigurationAdmin over {@link #store}. */
    public ConfigurationAdmin proxy() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getConfiguration" -> configuration((String) args[0]);
                    case "listConfigurations" -> {
                        String pid = ((String) args[0]).replace("(service.pid=", "").replace(")", "");
                        yield store.containsKey(pid) ? new Configuration[] {configuration(pid)} : null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (self, method, args) -> switch (method.getName()) {
                    case "updateIfDifferent" -> {
                        Dictionary<String, Object> next = (Dictionary<String, Object>) args[0];
                        boolean differs = !next.equals(store.get(pid));
                        if (differs) {
                            store.put(pid, next);
                            updates++;
                        }
                        yield differs;
                    }
                    case "getProperties" -> store.get(pid);
                    case "delete" -> {
                        store.remove(pid);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
