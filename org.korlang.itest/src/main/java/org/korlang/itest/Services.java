package org.korlang.itest;

import java.time.Duration;
import java.util.Dictionary;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/** Small helpers the in-framework tests share: waiting for services to come and go, finding bundles. */
final class Services {

    static final long TIMEOUT_MS = 10_000;

    /**
     * Runs each task on a daemon thread of its own. Tests that run a blocking program beside a
     * collection use it rather than the common pool, whose parallelism is 1 on two cores: there a
     * task queued behind a blocked one never starts.
     */
    static final Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "itest-own-thread");
        t.setDaemon(true);
        t.start();
    };

    private Services() { }

    /** A condition a test waits for; it may run shell commands or look up services. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Returns once {@code condition} holds; fails naming {@code what} (made when it fails, so it can
     * show the last state seen) once {@link #TIMEOUT_MS} has passed. The one polling loop of the
     * in-framework tests.
     */
    static void eventually(Supplier<String> what, Condition condition) throws Exception {
        eventually(what, condition, Duration.ofMillis(TIMEOUT_MS));
    }

    /** {@link #eventually(Supplier, Condition)} with its own {@code timeout}. */
    static void eventually(Supplier<String> what, Condition condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what.get());
            }
            Thread.sleep(1); // a poll interval (the condition is what is awaited), so as not to burn a core
        }
    }

    /** {@link #eventually(Supplier, Condition)} with a fixed description. */
    static void eventually(String what, Condition condition) throws Exception {
        eventually(() -> what, condition);
    }

    /** A service property that numbers the tests' configuration writes, so each delivery can be seen. */
    static final String WRITE_PROPERTY = "itest.write";
    private static final AtomicLong WRITES = new AtomicLong();

    /**
     * Writes configuration {@code pid} (as {@code props} plus a new {@value #WRITE_PROPERTY}) and waits
     * until the DS component it configures, registered as {@code service}, has received it: DS
     * republishes a component's configuration as its service properties once its modified method
     * has returned. Waiting for the write's effect (a policy) is not enough: the effect may already
     * hold before the write arrives (a fallback), and a next write that lands while SCR still reads
     * this one can be lost — SCR reads a configuration's properties and its change count in two steps
     * (see the shell's ConfigurationDelivery). So a test writes again only after a delivery.
     */
    static void configure(BundleContext context, String pid, Dictionary<String, Object> props, Class<?> service)
            throws Exception {
        long write = WRITES.incrementAndGet();
        props.put(WRITE_PROPERTY, write);
        ConfigurationAdmin cm = await(context, ConfigurationAdmin.class, null);
        cm.getConfiguration(pid, "?").update(props);
        Object[] seen = {null};
        eventually(() -> service.getSimpleName() + " to receive write " + write + " of configuration " + pid
                + "; it has write " + seen[0], () -> {
                    ServiceReference<?> ref = context.getServiceReference(service);
                    seen[0] = ref == null ? "(no service)" : ref.getProperty(WRITE_PROPERTY);
                    return Long.valueOf(write).equals(seen[0]);
                }, Duration.ofSeconds(20));
    }

    /** Waits until a service of {@code type} matching {@code filter} is registered; returns it or fails. */
    static <T> T await(BundleContext context, Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = tracker(context, type, filter);
        try {
            if (tracker.waitForService(TIMEOUT_MS) == null) {
                throw new AssertionError("no " + type.getSimpleName() + " " + filter + " within " + TIMEOUT_MS + " ms");
            }
            // Get it on the test bundle's own account (not the tracker's, which closes below):
            // a service factory such as ConfigAdmin disposes its object when the last use is released.
            T service = context.getService(tracker.getServiceReference());
            if (service == null) {
                throw new AssertionError(type.getSimpleName() + " " + filter + " went away while the test looked it up");
            }
            return service;
        } finally {
            tracker.close();
        }
    }

    /** Waits until no service of {@code type} matching {@code filter} is registered. */
    static void awaitAbsent(BundleContext context, Class<?> type, String filter) throws Exception {
        eventually(() -> type.getSimpleName() + " " + filter + " to go away", () -> !present(context, type, filter));
    }

    static boolean present(BundleContext context, Class<?> type, String filter) throws Exception {
        return context.getServiceReferences(type.getName(), filter) != null;
    }

    static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle " + symbolicName + " is not installed");
    }

    static BundleContext context() {
        return FrameworkUtil.getBundle(Services.class).getBundleContext();
    }

    private static <T> ServiceTracker<T, T> tracker(BundleContext context, Class<T> type, String filter) throws Exception {
        String full = "(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, context.createFilter(full), null);
        tracker.open();
        return tracker;
    }
}
