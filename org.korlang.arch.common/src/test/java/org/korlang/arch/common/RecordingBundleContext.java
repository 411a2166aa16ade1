package org.korlang.arch.common;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A stand-in for the framework's {@link BundleContext} that records {@code registerService} calls
 * and what became of each registration. Only what an arch component uses is supported:
 * {@code registerService(Class, Object, Dictionary)} on the context and {@code unregister()} on a
 * registration; {@code getBundles()}, which answers the port bundles given to
 * {@link #installPort(String)} (only their {@code Korlang-Port} header), and
 * {@code getServiceReferences(String, String)}, which finds none; any other call fails the test with {@link UnsupportedOperationException}.
 * Unregistering twice throws {@link IllegalStateException}, as a real framework does. The real-Felix
 * life cycle is covered by org.korlang.itest.
 *
 * <p>Shared with the arch modules' tests through this module's test-jar.
 */
public final class RecordingBundleContext {

    /** One registerService call and whether it was later unregistered. */
    public static final class Registration {
        private final Class<?> serviceClass;
        private final Object service;
        private final Dictionary<?, ?> properties;
        private boolean unregistered;

        Registration(Class<?> serviceClass, Object service, Dictionary<?, ?> properties) {
            this.serviceClass = serviceClass;
            this.service = service;
            this.properties = properties;
        }

        /** The class the service was registered under. */
        public Class<?> serviceClass() {
            return serviceClass;
        }

        public Object service() {
            return service;
        }

        public Object property(String key) {
            return properties.get(key);
        }

        public synchronized boolean unregistered() {
            return unregistered;
        }

        /** Pretends the framework took the service down (bundle stopping). */
        public synchronized void unregisterByFramework() {
            unregistered = true;
        }

        synchronized void unregister() {
            if (unregistered) {
                throw new IllegalStateException("service already unregistered");
            }
            unregistered = true;
        }
    }

    private final List<Registration> registrations = Collections.synchronizedList(new ArrayList<>());
    private final List<Bundle> bundles = Collections.synchronizedList(new ArrayList<>());
    private final BundleContext context = proxy(BundleContext.class, (method, args) -> {
        if (method.getName().equals("getBundles") && args.length == 0) {
            return bundles.toArray(new Bundle[0]);
        }
        if (method.getName().equals("getServiceReferences") && args.length == 2 && args[0] instanceof String) {
            return null;
        }
        if (!method.getName().equals("registerService") || args.length != 3 || !(args[0] instanceof Class)) {
            throw new UnsupportedOperationException("BundleContext." + method.getName());
        }
        Registration registration = new Registration((Class<?>) args[0], args[1], (Dictionary<?, ?>) args[2]);
        registrations.add(registration);
        return proxy(ServiceRegistration.class, (m, a) -> {
            if (!m.getName().equals("unregister")) {
                throw new UnsupportedOperationException("ServiceRegistration." + m.getName());
            }
            registration.unregister();
            return null;
        });
    });

    /** The context to hand to the component. */
    public BundleContext context() {
        return context;
    }

    /** Pretends a bundle whose manifest says {@code Korlang-Port: <header>} is installed. */
    public RecordingBundleContext installPort(String header) {
        Hashtable<String, String> headers = new Hashtable<>();
        headers.put(PortHeader.HEADER, header);
        bundles.add(proxy(Bundle.class, (method, args) -> {
            if (!method.getName().equals("getHeaders")) {
                throw new UnsupportedOperationException("Bundle." + method.getName());
            }
            return headers;
        }));
        return this;
    }

    /** Every registration so far, in order. */
    public List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    private interface Handler {
        Object invoke(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(RecordingBundleContext.class.getClassLoader(),
                new Class<?>[] {type}, (self, method, args) -> {
                    switch (method.getName()) {
                        case "toString":
                            return "recording " + type.getSimpleName();
                        case "hashCode":
                            return System.identityHashCode(self);
                        case "equals":
                            return self == args[0];
                        default:
                            return handler.invoke(method, args == null ? new Object[0] : args);
                    }
                }));
    }
}
