package org.korlang.itest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import org.korlang.os.Os;
import org.osgi.framework.BundleContext;

/*
 * What the port tests share: waiting until korlang:ports shows a binding, and a second Linux port
 * made in the test (a distinct service object over the real port's system calls, as a second port
 * bundle for the same kernel and processor would be).
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
}
