package org.korlang.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

class ChannelTest {

    /** capacity 0 stands for unbounded. */
    private static Channel<Long> channel(FutexSync sync, int capacity) {
        return capacity == 0 ? sync.newUnboundedChannel() : sync.newChannel(capacity);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 64})
    void fifoForOneProducer(int capacity) throws Exception {
        Channel<Long> ch = channel(SHARED, capacity);
        int n = 20_000;
        Thread producer = start("producer", () -> {
            try {
                for (long i = 0; i < n; i++) {
                    ch.send(i);
                }
                ch.close();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        for (long i = 0; i < n; i++) {
            assertEquals(i, ch.receive());
        }
        joinOrFail(producer);
        assertThrows(ChannelClosedException.class, ch::receive);
    }

    /** Every element sent is received exactly once, and each producer's elements in order. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 128})
    void mpmcStressDeliversEverythingOnceInPerProducerOrder(int capacity) throws Exception {
        Channel<Long> ch = channel(noSpin(new CountingOs()), capacity);
        int producers = 3;
        int consumers = 3;
        int each = 20_000;
        AtomicLong sum = new AtomicLong();
        AtomicLong count = new AtomicLong();
        runThreads(producers + consumers, i -> {
            if (i < producers) {
                for (long k = 0; k < each; k++) {
                    ch.send(((long) i << 32) | k);
                }
            } else {
                long[] last = new long[producers];
                java.util.Arrays.fill(last, -1);
                for (;;) {
                    Long v = ch.receive(200, TimeUnit.MILLISECONDS);
                    if (v == null) {
                        if (count.get() == (long) producers * each) {
                            return;
                        }
                        continue;
                    }
                    int p = (int) (v >>> 32);
                    long k = v & 0xffffffffL;
                    if (k <= last[p]) {
                        throw new AssertionError("producer " + p + " out of order: " + k + " after " + last[p]);
                    }
                    last[p] = k;
                    sum.addAndGet(v);
                    count.incrementAndGet();
                }
            }
        });
        long expected = 0;
        for (long p = 0; p < producers; p++) {
            for (long k = 0; k < each; k++) {
                expected += (p << 32) | k;
            }
        }
        assertEquals((long) producers * each, count.get());
        assertEquals(expected, sum.get());
        assertEquals(0, ch.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5})
    void closeLetsReceiversDrainThenReportsClosed(int capacity) throws Exception {
        Channel<Long> ch = channel(SHARED, capacity);
        ch.send(1L);
        ch.send(2L);
        assertTrue(ch.close());
        assertFalse(ch.close(), "close is idempotent");
        assertTrue(ch.isClosed());
        assertThrows(ChannelClosedException.class, () -> ch.send(3L));
        assertThrows(ChannelClosedException.class, () -> ch.trySend(3L));
        assertEquals(2, ch.size());
        assertEquals(1L, ch.receive());
        assertEquals(2L, ch.tryReceive());
        assertThrows(ChannelClosedException.class, ch::receive);
        assertThrows(ChannelClosedException.class, ch::tryReceive);
        assertThrows(ChannelClosedException.class, () -> ch.receive(1, TimeUnit.SECONDS));
    }

    @Test
    void closeWakesBlockedSendersAndReceivers() throws Exception {
        FutexSync sync = noSpin(new CountingOs());
        Channel<Long> full = sync.newChannel(1);
        full.send(0L);
        Channel<Long> empty = sync.newChannel(1);
        List<AtomicReference<Throwable>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AtomicReference<Throwable> sender = new AtomicReference<>();
            AtomicReference<Throwable> receiver = new AtomicReference<>();
            results.add(sender);
            results.add(receiver);
            threads.add(start("sender" + i, () -> {
                try {
                    full.send(1L);
                } catch (Throwable e) {
                    sender.set(e);
                }
            }));
            threads.add(start("receiver" + i, () -> {
                try {
                    empty.receive();
                } catch (Throwable e) {
                    receiver.set(e);
                }
            }));
        }
        for (Thread t : threads) {
            awaitBlocked(t);
        }
        full.close();
        empty.close();
        for (Thread t : threads) {
            joinOrFail(t);
        }
        for (AtomicReference<Throwable> r : results) {
            assertInstanceOf(ChannelClosedException.class, r.get());
        }
        assertEquals(0L, full.receive(), "the element sent before close is still received");
        assertThrows(ChannelClosedException.class, full::receive);
    }

    @Test
    void timeoutsAndInterrupts() throws Exception {
        Channel<Long> ch = SHARED.newChannel(1);
        assertNull(ch.receive(20, TimeUnit.MILLISECONDS));
        assertNull(ch.tryReceive());
        assertTrue(ch.trySend(1L));
        assertFalse(ch.trySend(2L));
        assertFalse(ch.send(2L, 20, TimeUnit.MILLISECONDS));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread sender = start("sender", () -> {
            try {
                ch.send(2L);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(sender);
        sender.interrupt();
        joinOrFail(sender);
        assertInstanceOf(InterruptedException.class, thrown.get());
        assertEquals(1L, ch.receive());
        assertEquals(0, ch.size(), "the interrupted send sent nothing");
        Thread receiver = start("receiver", () -> {
            try {
                ch.receive();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(receiver);
        receiver.interrupt();
        joinOrFail(receiver);
        assertInstanceOf(InterruptedException.class, thrown.get());
        assertThrows(NullPointerException.class, () -> ch.send(null));
        assertThrows(IllegalArgumentException.class, () -> SHARED.newChannel(0));
        assertEquals(Integer.MAX_VALUE, SHARED.newUnboundedChannel().capacity());
    }

    @Test
    void bulkUnboundedBuffersEverything() throws Exception {
        Channel<Long> ch = SHARED.newUnboundedChannel();
        for (long i = 0; i < 100_000; i++) {
            assertTrue(ch.trySend(i));
        }
        assertEquals(100_000, ch.size());
        for (long i = 0; i < 100_000; i++) {
            assertEquals(i, ch.tryReceive());
        }
        assertNull(ch.tryReceive());
    }

    @Test
    void boundedRingWrapsManyLaps() throws Exception {
        Channel<Long> ch = SHARED.newChannel(3);
        for (long i = 0; i < 10_000; i++) {
            assertTrue(ch.trySend(i));
            assertTrue(ch.trySend(i + 1));
            assertEquals(2, ch.size());
            assertEquals(i, ch.tryReceive());
            assertEquals(i + 1, ch.tryReceive());
        }
        ch.trySend(1L);
        ch.trySend(2L);
        ch.trySend(3L);
        assertEquals(3, ch.size());
        assertFalse(ch.trySend(4L));
        ch.close();
        assertEquals(3, ch.size());
    }

    static Supplier<String> describe(Channel<?> ch) {
        return ch::toString;
    }
}
