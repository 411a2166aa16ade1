package org.korlang.shell.common.config;

import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.osgi.service.cm.Configuration;

/*
 * Waiting until a configuration a shell command wrote has reached its component.
 *
 * ConfigAdmin delivers an update asynchronously: it fires a ConfigurationEvent, and Felix SCR, on
 * ConfigAdmin's event thread, reads the configuration's properties and then, in a separate call, its
 * change count, and hands both to the component holder, which ignores any delivery whose change
 * count is not newer than the last one it applied. So an update written while SCR handles the event
 * of the update before it can be lost: SCR reads the earlier properties, then the later change count,
 * applies the earlier properties under the later count, and drops the later event as already seen.
 * The configuration store then says one thing and the component runs another, until the next write.
 * (Seen in the in-framework tests: a scheduler configuration written right after another one never
 * arrived.)
 *
 * The remedy is a second write: writing the stored properties again makes a new change count and a
 * new event, which SCR reads whole. So a command that saves a choice waits for its effect
 * (`delivered`), and while it has not come, writes the configuration's current properties again
 * every REDELIVER_AFTER. It writes what is stored, not what it wrote itself, so a later write by
 * someone else is never undone; the wait then ends in an error that says what the store holds now.
 *
 * Waiting polls `delivered`: the components tell no one when a configuration arrives. The poll
 * interval is short against the time a delivery takes (a policy switch), and the whole wait is
 * bounded by the caller's timeout.
 */

/** Waits until a configuration written by a shell command has been delivered, writing it again if it was lost. */
public final class ConfigurationDelivery {

    /** How long a write may go unanswered before the stored properties are written again. */
    static final Duration REDELIVER_AFTER = Duration.ofSeconds(1);

    private static final long POLL_NANOS = 5_000_000L;

    private ConfigurationDelivery() {
    }

    /**
     * Waits until {@code delivered} holds, writing the configuration's stored properties again each
     * {@link #REDELIVER_AFTER} while it does not.
     *
     * @param configuration the configuration just written
     * @param delivered     true once the component runs with what was written
     * @param timeout       the longest wait
     * @param notDelivered  the message of the failure when the wait ends without delivery
     * @return how many times the configuration had to be written again (0 when the first delivery came)
     * @throws IllegalStateException if {@code delivered} does not hold within {@code timeout}
     * @throws IOException           if ConfigAdmin cannot store the configuration again
     * @throws InterruptedException  if the waiting thread is interrupted
     */
    public static int await(Configuration configuration, BooleanSupplier delivered, Duration timeout,
            Supplier<String> notDelivered) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long lastWrite = start;
        int rewrites = 0;
        while (!delivered.getAsBoolean()) {
            long now = System.nanoTime();
            if (now - start >= timeout.toNanos()) {
                throw new IllegalStateException(notDelivered.get() + " after " + timeout.toMillis() + " ms");
            }
            if (now - lastWrite >= REDELIVER_AFTER.toNanos()) {
                Dictionary<String, Object> stored = configuration.getProperties();
                if (stored != null) {
                    configuration.update(stored);
                    rewrites++;
                }
                lastWrite = now;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("waiting for configuration " + configuration.getPid());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return rewrites;
    }

    /** The value {@code key} has in the stored {@code configuration} now (null if none), for a command's message. */
    public static Object stored(Configuration configuration, String key) {
        Dictionary<String, Object> properties = configuration.getProperties();
        return properties == null ? null : properties.get(key);
    }
}
