package org.korlang.itest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Hashtable;

import org.korlang.os.Os;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/*
 * What the port tests share: waiting until korlang:ports shows a binding, a second Linux port
 * made in the test (a distinct service object over the real port's system calls, as a second port
 * bundle for the same kernel and processor would be), and registering such a port with the service
 * properties an OS port's Os carries (os.name, os.arch, service.ranking).
 */
final class Ports {

    private Ports() { }

    /** Runs korlang:ports until its output contains {@code text}; returns that output, or fails after the deadline. */
    static String awaitShown(BundleContext context, String text) throws Exception {
        String[] last = {""};
        Services.eventually(() -> "korlang:ports to show '" + text + "'; it shows:\n" + last[0], () -> {
            last[0] = Shell.run(context, "korlang:ports");
            return last[0].contains(text);
        });
        return last[0];
    }

    /** A second Linux port: its own service object over {@code real}'s system calls. */
    static Os secondPortOver(Os real) {
        return (Os) Proxy.newProxyInstance(Os.class.getClassLoader(), new Class<?>[] {Os.class}, (proxy, method, args) -> {
            if (method.getName().equals("toString") && (args == null || args.length == 0)) {
                return "itest second Linux port";
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /** Registers {@code os} as a Linux port's Os service on {@code processor}, ranked {@code ranking}. */
    static ServiceRegistration<Os> register(BundleContext context, Os os, String processor, int ranking) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Os.OS_NAME, "linux");
        properties.put(Os.OS_ARCH, processor);
        properties.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(Os.class, os, properties);
    }
}
