package org.korlang.sync;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

/**
 * The lost wake-up window, hit deterministically: every primitive calls the blocking hook after
 * its last check of the condition and before the kernel wait. The hook here runs the waking
 * action on another thread at exactly that moment and waits for it to finish. A primitive that
 * decided to sleep on stale information would then sleep for the whole (5 s) timeout and the
 * timed operation would fail; a correct one sees the changed word and returns at once.
 */
class WakeupWindowTest {

    /** Runs the armed action once, on another thread, from inside the first kernel wait it sees. */
    static final class WindowHook implements BlockingHook {
        private final AtomicReference<Runnable> armed = new AtomicReference<>();
        final AtomicInteger fired = new AtomicInteger();

        void arm(Runnable action) {
            armed.set(action);
        }

        @Override
        public Section enter() {
            Runnable action = armed.getAndSet(null);
            if (action != null) {
                Thread t = new Thread(action, "waker");
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                fired.incrementAndGet();
            }
            return null;
        }
    }

    private WindowHook hook;
    private FutexSync sync;

    @BeforeEach
    void setUp() {
        hook = new WindowHook();
        sync = new FutexSync(new CountingOs(), SyncOptions.DEFAULTS.withSpinLimit(0), hook);
    }

    private void assertWindowHit() {
        assertEquals(1, hook.fired.get(), "the waker ran inside the window");
    }

    /** Runs {@code action} on {@code owner} (a lock's holder) and waits for it. */
    private static Runnable onOwner(HolderThread owner, Runnable action) {
        return () -> owner.run(action);
    }

    /** A thread that holds something and runs actions on request. */
    static final class HolderThread {
        private final java.util.concurrent.SynchronousQueue<Runnable> requests = new java.util.concurrent.SynchronousQueue<>();
        private final Thread thread;

        HolderThread(Runnable acquire) {
            CountDownLatch ready = new CountDownLatch(1);
            thread = start("holder", () -> {
                acquire.run();
                ready.countDown();
                try {
                    for (;;) {
                        requests.take().run();
                    }
                } catch (InterruptedException e) {
                    // done
                }
            });
            try {
                ready.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        void run(Runnable action) {
            CountDownLatch done = new CountDownLatch(1);
            try {
                requests.put(() -> {
                    action.run();
                    done.countDown();
                });
                done.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        void stop() {
            thread.interrupt();
        }
    }

    @Test
    void mutex() throws Exception {
        Mutex m = sync.newMutex();
        HolderThread holder = new HolderThread(m::lock);
        hook.arm(onOwner(holder, m::unlock));
        assertTrue(m.tryLock(5, TimeUnit.SECONDS));
        assertWindowHit();
        m.unlock();
        holder.stop();
    }

    @Test
    void condVar() throws Exception {
        Mutex m = sync.newMutex();
        CondVar cv = sync.newCondVar();
        boolean[] ready = {false};
        hook.arm(() -> {
            m.lock();
            ready[0] = true;
            m.unlock();
            cv.signal();
        });
        m.lock();
        assertTrue(cv.awaitUntil(m, () -> ready[0], 5, TimeUnit.SECONDS));
        m.unlock();
        assertWindowHit();
    }

    @Test
    void rwLockWriterWaitingForReader() throws Exception {
        RwLock lock = sync.newRwLock();
        lock.readLock();
        hook.arm(lock::readUnlock); // read holds are not owned: any thread may release one
        assertTrue(lock.tryWriteLock(5, TimeUnit.SECONDS));
        assertWindowHit();
        lock.writeUnlock();
    }

    @Test
    void rwLockReaderWaitingForWriter() throws Exception {
        RwLock lock = sync.newRwLock();
        HolderThread writer = new HolderThread(lock::writeLock);
        hook.arm(onOwner(writer, lock::writeUnlock));
        assertTrue(lock.tryReadLock(5, TimeUnit.SECONDS));
        assertWindowHit();
        lock.readUnlock();
        writer.stop();
    }

    @Test
    void semaphore() throws Exception {
        Semaphore s = sync.newSemaphore(0);
        hook.arm(s::release);
        assertTrue(s.tryAcquire(5, TimeUnit.SECONDS));
        assertWindowHit();
    }

    @Test
    void once() throws Exception {
        Once once = sync.newOnce();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread runner = start("runner", () -> once.run(() -> {
            running.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        running.await();
        hook.arm(() -> {
            finish.countDown();
            try {
                runner.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        once.run(() -> { throw new AssertionError("must not run twice"); });
        assertTrue(once.isDone());
        assertWindowHit();
    }

    @Test
    void waitGroupAndLatch() throws Exception {
        WaitGroup group = sync.newWaitGroup();
        group.add(1);
        hook.arm(group::done);
        assertTrue(group.await(5, TimeUnit.SECONDS));
        assertWindowHit();
        Latch latch = sync.newLatch(1);
        hook.arm(latch::countDown);
        assertTrue(latch.await(5, TimeUnit.SECONDS));
        assertEquals(2, hook.fired.get());
    }

    @Test
    void channelReceiverAndSender() throws Exception {
        Channel<String> ch = sync.newChannel(1);
        hook.arm(() -> assertTrue(ch.trySend("a")));
        assertEquals("a", ch.receive(5, TimeUnit.SECONDS));
        assertWindowHit();
        ch.send("b");
        hook.arm(() -> assertEquals("b", ch.tryReceive()));
        assertTrue(ch.send("c", 5, TimeUnit.SECONDS));
        assertEquals(2, hook.fired.get());
        hook.arm(() -> assertTrue(ch.close()));
        assertEquals("c", ch.receive());
        long start = System.nanoTime();
        try {
            ch.receive(5, TimeUnit.SECONDS);
        } catch (ChannelClosedException expected) {
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "close did not wake the receiver in the window");
        }
        assertEquals(3, hook.fired.get());
    }

    @Test
    void unboundedChannelReceiver() throws Exception {
        Channel<String> ch = sync.newUnboundedChannel();
        hook.arm(() -> assertTrue(ch.trySend("a")));
        assertEquals("a", ch.receive(5, TimeUnit.SECONDS));
        assertWindowHit();
    }

    @Test
    void select() throws Exception {
        Channel<String> a = sync.newChannel(1);
        Channel<String> b = sync.newUnboundedChannel();
        Select select = sync.newSelect();
        select.receive(a);
        Select.ReceiveCase<String> fromB = select.receive(b);
        hook.arm(() -> b.trySend("x"));
        assertSame(fromB, select.await(5, TimeUnit.SECONDS));
        assertEquals("x", fromB.value());
        assertWindowHit();
        assertFalse(a.isClosed());
    }
}
