package org.korlang.sync;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

class ArenaLifetimeTest {

    @Test
    void linesComeBackWhenPrimitivesBecomeUnreachable() throws Exception {
        CountingOs os = new CountingOs();
        FutexSync sync = new FutexSync(os, SyncOptions.DEFAULTS, BlockingHook.NONE);
        List<Object> live = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) { // more than two 1024-line slabs
            live.add(sync.newMutex());
            live.add(sync.newChannel(2));
        }
        assertEquals(6_000, sync.liveLines());
        long mapped = os.mmapCalls.get();
        assertTrue(mapped >= 6, "several slabs were mapped: " + mapped);
        live.clear();
        eventually("lines freed by the Cleaner", () -> {
            System.gc();
            return sync.liveLines() == 0;
        });
        assertTrue(os.munmapCalls.get() >= mapped - 1, "empty slabs go back to the Os, one may stay: " + os.munmapCalls.get());
        sync.close();
        eventually("every slab unmapped after close", () -> os.munmapCalls.get() == os.mmapCalls.get());
    }

    @Test
    void aFreedLineIsZeroedBeforeReuse() throws Exception {
        FutexSync sync = new FutexSync(new CountingOs());
        WeakReference<Semaphore> ref = new WeakReference<>(sync.newSemaphore(12345));
        eventually("freed", () -> {
            System.gc();
            return ref.get() == null && sync.liveLines() == 0;
        });
        // LIFO reuse: the next primitive gets the same line; it must start from zero words
        AtomicLongCell cell = sync.newAtomicLong(0);
        assertEquals(0, cell.load(MemoryOrder.SEQ_CST));
        Semaphore s = sync.newSemaphore(0);
        assertEquals(0, s.availablePermits());
        Mutex m = sync.newMutex();
        assertTrue(m.tryLock());
        m.unlock();
    }

    @Test
    void primitivesOutliveTheirClosedFactory() throws Exception {
        CountingOs os = new CountingOs();
        FutexSync sync = new FutexSync(os);
        Mutex m = sync.newMutex();
        Channel<String> ch = sync.newChannel(4);
        sync.close();
        assertTrue(sync.isClosed());
        assertThrows(IllegalStateException.class, sync::newMutex);
        runThreads(2, i -> {
            for (int r = 0; r < 1000; r++) {
                m.lock();
                m.unlock();
                ch.send("x");
                ch.receive();
            }
        });
        assertEquals(0, os.munmapCalls.get(), "memory in use stays mapped");
    }

    @Test
    void badOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SyncOptions(-1, 1_000_000, 4096));
        assertThrows(IllegalArgumentException.class, () -> new SyncOptions(1, 10, 4096));
        assertThrows(IllegalArgumentException.class, () -> new SyncOptions(1, 1_000_000, 100));
        assertThrows(NullPointerException.class, () -> new FutexSync(null));
    }
}
