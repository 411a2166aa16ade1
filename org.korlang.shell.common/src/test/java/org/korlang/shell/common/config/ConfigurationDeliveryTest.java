package org.korlang.shell.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.service.cm.Configuration;

/**
 * A configuration store whose deliveries the test controls: what a command waits for after a write,
 * and what it writes again when SCR lost the write.
 */
@Timeout(30)
class ConfigurationDeliveryTest {

    /** The stored properties, every update() after the first, and the component's view. */
    private final AtomicReference<Dictionary<String, Object>> stored = new AtomicReference<>();
    private final List<Dictionary<String, Object>> rewrites = new ArrayList<>();
    private final AtomicReference<Object> delivered = new AtomicReference<>();

    private Configuration store(boolean deliverRewrites) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> stored.get() == null ? null : new Hashtable<>(asMap(stored.get()));
                    case "getPid" -> "org.korlang.test";
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> written = (Dictionary<String, Object>) args[0];
                        synchronized (rewrites) {
                            rewrites.add(written);
                        }
                        stored.set(written);
                        if (deliverRewrites) {
                            delivered.set(written.get("policy"));
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static java.util.Map<String, Object> asMap(Dictionary<String, Object> d) {
        java.util.Map<String, Object> map = new java.util.HashMap<>();
        for (var keys = d.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, d.get(key));
        }
        return map;
    }

    private static Hashtable<String, Object> policy(String name) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("policy", name);
        return props;
    }

    @Test
    void aDeliveredWriteIsNotWrittenAgain() throws Exception {
        Configuration configuration = store(true);
        stored.set(policy("fifo"));
        delivered.set("fifo");
        int again = ConfigurationDelivery.await(configuration, () -> "fifo".equals(delivered.get()), Duration.ofSeconds(10),
                () -> "not delivered");
        assertEquals(0, again);
        assertTrue(rewrites.isEmpty(), rewrites.toString());
    }

    /** SCR lost the write (it applied the one before under the new change count): one more write delivers it. */
    @Test
    void aLostWriteIsWrittenAgainWithWhatIsStored() throws Exception {
        Configuration configuration = store(true);
        stored.set(policy("fifo")); // written, never delivered: the component still runs what came before
        delivered.set("work-stealing");
        long start = System.nanoTime();
        int again = ConfigurationDelivery.await(configuration, () -> "fifo".equals(delivered.get()), Duration.ofSeconds(10),
                () -> "not delivered");
        assertEquals(1, again);
        assertEquals(1, rewrites.size());
        assertEquals("fifo", rewrites.get(0).get("policy"), "the stored properties are written again");
        assertTrue(System.nanoTime() - start >= ConfigurationDelivery.REDELIVER_AFTER.toNanos(),
                "a write is given " + ConfigurationDelivery.REDELIVER_AFTER + " before it is written again");
    }

    /** A write that never arrives ends the wait with the caller's message and the time waited; the store keeps what was written. */
    @Test
    void aWriteThatNeverArrivesFailsWithTheCallersMessage() {
        Configuration configuration = store(false);
        stored.set(policy("fifo"));
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ConfigurationDelivery.await(configuration,
                () -> false, Duration.ofMillis(2_500), () -> "configuration org.korlang.test now says policy=fifo"));
        assertEquals("configuration org.korlang.test now says policy=fifo after 2500 ms", failure.getMessage());
        assertTrue(rewrites.size() >= 1 && rewrites.size() <= 3, "written again about once a second: " + rewrites.size());
        assertEquals("fifo", stored.get().get("policy"));
    }

    @Test
    void anInterruptEndsTheWait() {
        Configuration configuration = store(false);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class,
                () -> ConfigurationDelivery.await(configuration, () -> false, Duration.ofSeconds(10), () -> "not delivered"));
        assertTrue(!Thread.interrupted(), "the interrupt was consumed by the exception");
    }
}
