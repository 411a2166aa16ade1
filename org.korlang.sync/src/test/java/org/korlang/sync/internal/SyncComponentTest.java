package org.korlang.sync.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.scheduler.TaskHandle;
import org.korlang.scheduler.standalone.StandaloneScheduler;
import org.korlang.sync.BlockingHook;
import org.korlang.sync.Mutex;
import org.korlang.sync.Sync;
import org.korlang.sync.internal.scheduler.SchedulerBlockingHook;
import org.korlang.testkit.CountingOs;
import org.korlang.testkit.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DS components, driven by hand as SCR would, with a real standalone scheduler. */
class SyncComponentTest {

    static SyncConfig config(int spins, int pollMillis, int slabKiB) {
        return new SyncConfig() {
            @Override public Class<? extends Annotation> annotationType() { return SyncConfig.class; }
            @Override public int spinLimit() { return spins; }
            @Override public int interruptPollMillis() { return pollMillis; }
            @Override public int slabKiB() { return slabKiB; }
        };
    }

    /** A component bound to a real Linux Os, as SCR makes it. */
    static SyncComponent component(SyncConfig config) {
        SyncComponent c = new SyncComponent(config);
        c.bindOs(new CountingOs(), java.util.Map.of(org.korlang.os.Os.OS_NAME,
                org.korlang.os.binding.PortHandle.kernelOfThisMachine(), org.korlang.os.Os.OS_ARCH, "x86_64"));
        return c;
    }

    /** What SCR does for the dynamic reference. */
    static void bindHook(SyncComponent component, BlockingHook hook) throws Exception {
        Field f = SyncComponent.class.getDeclaredField("hook");
        f.setAccessible(true);
        f.set(component, hook);
    }

    @Test
    void configurationBecomesOptions() {
        SyncComponent c = component(config(7, 5, 16));
        assertEquals(7, c.options().spinLimit());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(5), c.options().interruptPollNanos());
        assertEquals(16 * 1024, c.options().slabBytes());
        Mutex m = c.newMutex();
        m.lock();
        m.unlock();
        c.deactivate();
        assertThrows(IllegalStateException.class, c::newMutex, "a deactivated component makes no more primitives");
        m.lock(); // but what it made keeps working
        m.unlock();
        assertThrows(IllegalArgumentException.class, () -> new SyncComponent(config(-1, 5, 16)));
    }

    /**
     * A task blocked on a contended Mutex enters the scheduler's blocking section, so with a
     * single worker slot another task still runs; without the hook the scheduler never learns
     * that its worker sleeps in the kernel.
     */
    @Test
    void aBlockedTaskHandsItsWorkerSlotOver() throws Exception {
        try (StandaloneScheduler scheduler = StandaloneScheduler.builder().parallelism(1).start()) {
            SyncComponent sync = component(config(0, 20, 64));
            bindHook(sync, new SchedulerBlockingHook(scheduler));
            assertTrue(sync.hasHook());
            Mutex m = sync.newMutex();
            m.lock();
            TaskHandle<Void> blocked = scheduler.spawn(() -> {
                m.lock();
                m.unlock();
            });
            waitFor(() -> scheduler.metrics().blockedThreads() == 1, "the task entered the blocking section");
            CountDownLatch other = new CountDownLatch(1);
            scheduler.spawn(other::countDown);
            assertTrue(other.await(20, TimeUnit.SECONDS), "another task ran on the freed slot");
            m.unlock();
            blocked.join();
            waitFor(() -> scheduler.metrics().blockedThreads() == 0, "the section was exited");
            sync.deactivate();
        }
    }

    @Test
    void withoutTheHookTheSchedulerIsNotTold() throws Exception {
        try (StandaloneScheduler scheduler = StandaloneScheduler.builder().parallelism(2).start()) {
            SyncComponent sync = component(config(0, 20, 64));
            assertFalse(sync.hasHook());
            Mutex m = sync.newMutex();
            m.lock();
            AtomicReference<Thread> worker = new AtomicReference<>();
            TaskHandle<Void> blocked = scheduler.spawn(() -> {
                worker.set(Thread.currentThread());
                m.lock();
                m.unlock();
            });
            // a hook would be entered before the futex wait, so once the worker sleeps there it would have counted
            waitFor(() -> worker.get() != null && CountingOs.sleepsInFutexWait(worker.get()), "the task sleeps in futex_wait");
            assertEquals(0, scheduler.metrics().blockedThreads());
            m.unlock();
            blocked.join();
        }
    }

    @Test
    void theHookDoesNothingOffTheSchedulersThreads() {
        try (StandaloneScheduler scheduler = StandaloneScheduler.builder().parallelism(1).start()) {
            assertNull(new SchedulerBlockingHook(scheduler).enter());
        }
    }

    @Test
    void aSyncComponentIsASync() {
        Sync sync = component(config(100, 20, 64));
        assertEquals(3, sync.newChannel(3).capacity());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        Eventually.await(what, condition, Duration.ofSeconds(20));
    }
}
