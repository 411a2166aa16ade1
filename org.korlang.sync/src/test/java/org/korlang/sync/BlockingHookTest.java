package org.korlang.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

/** The scheduler's hook is entered exactly around kernel waits, and never on fast paths. */
class BlockingHookTest {

    static final class CountingHook implements BlockingHook {
        final AtomicInteger entered = new AtomicInteger();
        final AtomicInteger exited = new AtomicInteger();
        final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);

        @Override
        public Section enter() {
            entered.incrementAndGet();
            depth.set(depth.get() + 1);
            Thread owner = Thread.currentThread();
            return () -> {
                if (Thread.currentThread() != owner) {
                    throw new AssertionError("exited on another thread");
                }
                depth.set(depth.get() - 1);
                exited.incrementAndGet();
            };
        }
    }

    @Test
    void fastPathsNeverEnterTheHook() throws Exception {
        CountingHook hook = new CountingHook();
        FutexSync sync = new FutexSync(new CountingOs(), SyncOptions.DEFAULTS, hook);
        Mutex m = sync.newMutex();
        RwLock rw = sync.newRwLock();
        Semaphore s = sync.newSemaphore(1);
        Channel<Integer> ch = sync.newChannel(1);
        for (int i = 0; i < 1000; i++) {
            m.lock();
            m.unlock();
            rw.readLock();
            rw.readUnlock();
            rw.writeLock();
            rw.writeUnlock();
            s.acquire();
            s.release();
            ch.send(i);
            ch.receive();
        }
        assertEquals(0, hook.entered.get());
    }

    @Test
    void everyKernelWaitIsInsideASectionThatIsExited() throws Exception {
        CountingHook hook = new CountingHook();
        CountingOs os = new CountingOs();
        FutexSync sync = new FutexSync(os, SyncOptions.DEFAULTS.withSpinLimit(0), hook);
        Mutex m = sync.newMutex();
        Channel<Integer> ch = sync.newChannel(1);
        runThreads(4, i -> {
            for (int r = 0; r < 2000; r++) {
                m.lock();
                m.unlock();
                if ((i & 1) == 0) {
                    ch.send(r);
                } else {
                    ch.receive();
                }
                assertEquals(0, hook.depth.get(), "no section left open");
            }
        });
        assertTrue(hook.entered.get() > 0, "contention entered the hook");
        assertEquals(hook.entered.get(), hook.exited.get());
        assertTrue(hook.entered.get() <= os.futexWaits.get(), "one section per blocking operation at most");
    }

    @Test
    void theSectionIsExitedWhenTheWaitTimesOutOrIsInterrupted() throws Exception {
        CountingHook hook = new CountingHook();
        FutexSync sync = new FutexSync(new CountingOs(), SyncOptions.DEFAULTS, hook);
        Semaphore s = sync.newSemaphore(0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = start("waiter", () -> {
            try {
                s.tryAcquire(30, TimeUnit.MILLISECONDS);
                s.acquire();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(t);
        eventually("the timed wait ended", () -> hook.exited.get() >= 1);
        awaitBlocked(t);
        t.interrupt();
        joinOrFail(t);
        assertTrue(thrown.get() instanceof InterruptedException);
        assertEquals(2, hook.entered.get());
        assertEquals(2, hook.exited.get());
    }
}
