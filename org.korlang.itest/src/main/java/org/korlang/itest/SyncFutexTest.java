package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.korlang.os.Os;
import org.korlang.sync.Mutex;
import org.korlang.sync.Sync;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Sync service's contended paths go through the Os service's futex calls, and its uncontended
 * ones never do: the sync component is pointed, through ConfigAdmin, at an Os that counts the
 * futex calls it forwards to the real port.
 */
class SyncFutexTest {

    private final BundleContext context = Services.context();

    @Test
    void onlyContendedLocksReachTheKernelsFutex() throws Exception {
        Os real = Services.await(context, Os.class, "(" + Os.OS_NAME + "=linux)");
        AtomicLong waits = new AtomicLong();
        AtomicLong wakes = new AtomicLong();
        Os counting = (Os) Proxy.newProxyInstance(Os.class.getClassLoader(), new Class<?>[] { Os.class }, (proxy, method, args) -> {
            if (method.getName().equals("futexWait")) {
                waits.incrementAndGet();
            } else if (method.getName().equals("futexWake")) {
                wakes.incrementAndGet();
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        Dictionary<String, Object> osProps = new Hashtable<>();
        osProps.put("itest.counting", "true");
        // an Os service says which kernel and processor it serves: sync binds only a port that matches
        osProps.put(Os.OS_NAME, real.name());
        osProps.put(Os.OS_ARCH, real.archName());
        ServiceRegistration<Os> registration = context.registerService(Os.class, counting, osProps);
        ConfigurationAdmin cm = Services.await(context, ConfigurationAdmin.class, null);
        Configuration config = cm.getConfiguration("org.korlang.sync", "?");
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("os.target", "(itest.counting=true)");
            props.put("spinLimit", 0);
            props.put("itest.marker", "futex");
            config.update(props);
            Sync sync = Services.await(context, Sync.class, "(itest.marker=futex)");

            Mutex mutex = sync.newMutex();
            for (int i = 0; i < 100_000; i++) {
                mutex.lock();
                mutex.unlock();
            }
            assertEquals(0, waits.get() + wakes.get(), "an uncontended lock/unlock makes no futex call");

            MutexChecks.hammer(mutex, 4, 20_000, "through the counting port");

            // Contention for certain (the threads above may well have run one after another on
            // two cores): hold the lock while another thread asks for it.
            long waitsBefore = waits.get();
            long wakesBefore = wakes.get();
            mutex.lock();
            Thread contender = new Thread(() -> {
                mutex.lock();
                mutex.unlock();
            });
            contender.start();
            while (waits.get() == waitsBefore && contender.isAlive()) {
                Thread.sleep(1);
            }
            mutex.unlock();
            contender.join(Services.TIMEOUT_MS);
            assertTrue(!contender.isAlive(), "the contender got the lock after unlock");
            assertTrue(waits.get() > waitsBefore && wakes.get() > wakesBefore,
                    "contention waits and wakes in the kernel: " + (waits.get() - waitsBefore) + " waits, "
                            + (wakes.get() - wakesBefore) + " wakes");
        } finally {
            config.delete();
            // The deletion reaches SCR asynchronously. Until it has, the Sync registered is the one
            // whose Os target is the counting port: unregistering that port first left it with no
            // port at all, and the next test (SyncServiceTest) could get it and wait for a port
            // forever (seen twice on a loaded machine). So the counting port leaves only once the
            // Sync configured for it is gone.
            Services.awaitAbsent(context, Sync.class, "(itest.marker=futex)");
            registration.unregister();
        }
    }
}
