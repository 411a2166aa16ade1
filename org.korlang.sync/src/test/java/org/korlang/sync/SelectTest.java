package org.korlang.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.korlang.testkit.CountingOs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.korlang.sync.Fixtures.*;

class SelectTest {

    @Test
    void receivesFromWhicheverChannelIsReady() throws Exception {
        Channel<String> a = SHARED.newChannel(4);
        Channel<Integer> b = SHARED.newUnboundedChannel();
        Select select = SHARED.newSelect();
        Select.ReceiveCase<String> fromA = select.receive(a);
        Select.ReceiveCase<Integer> fromB = select.receive(b);
        assertNull(select.poll());
        b.send(7);
        assertSame(fromB, select.await());
        assertEquals(7, fromB.value());
        a.send("x");
        assertSame(fromA, select.await(1, TimeUnit.SECONDS));
        assertEquals("x", fromA.value());
        assertNull(select.await(20, TimeUnit.MILLISECONDS), "timeout");
    }

    @Test
    void aSleepingSelectIsWokenBySendOnAnyChannel() throws Exception {
        FutexSync sync = noSpin(new CountingOs());
        for (int which = 0; which < 3; which++) {
            Channel<Long>[] chans = newChannels(sync, 3);
            Select select = sync.newSelect();
            for (Channel<Long> ch : chans) {
                select.receive(ch);
            }
            AtomicReference<Object> fired = new AtomicReference<>();
            Thread t = start("select", () -> {
                try {
                    fired.set(select.await());
                } catch (Throwable e) {
                    fired.set(e);
                }
            });
            awaitBlocked(t);
            chans[which].send(42L);
            joinOrFail(t);
            Select.Case c = (Select.Case) fired.get();
            assertEquals(which, c.index());
            assertEquals(42L, ((Select.ReceiveCase<?>) c).value());
        }
    }

    @Test
    void sendCasesAndClosedReceiveCases() throws Exception {
        Channel<Long> full = SHARED.newChannel(1);
        full.send(1L);
        Channel<Long> out = SHARED.newChannel(1);
        Select select = SHARED.newSelect();
        Select.SendCase<Long> toFull = select.send(full, 2L);
        Select.SendCase<Long> toOut = select.send(out, 3L);
        assertSame(toOut, select.await());
        assertEquals(3L, out.receive());
        AtomicReference<Object> fired = new AtomicReference<>();
        toOut.setEnabled(false);
        Thread t = start("select", () -> {
            try {
                fired.set(select.await());
            } catch (Throwable e) {
                fired.set(e);
            }
        });
        awaitBlocked(t);
        assertEquals(1L, full.receive()); // makes room: the select's send proceeds
        joinOrFail(t);
        assertSame(toFull, fired.get());
        assertEquals(2L, full.receive());

        Channel<Long> closing = SHARED.newChannel(2);
        closing.send(5L);
        closing.close();
        Select reader = SHARED.newSelect();
        Select.ReceiveCase<Long> rc = reader.receive(closing);
        assertSame(rc, reader.await());
        assertEquals(5L, rc.value());
        assertFalse(rc.isClosed());
        assertSame(rc, reader.await());
        assertTrue(rc.isClosed(), "a closed, drained channel fires as closed");
        rc.setEnabled(false);
        assertThrows(IllegalStateException.class, reader::await, "no enabled case");

        full.close();
        toFull.setValue(9L);
        assertThrows(ChannelClosedException.class, select::await);
    }

    @Test
    void interruptedSelectThrows() throws Exception {
        Select select = SHARED.newSelect();
        select.receive(SHARED.<Long>newChannel(1));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = start("select", () -> {
            try {
                select.await();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitBlocked(t);
        t.interrupt();
        joinOrFail(t);
        assertInstanceOf(InterruptedException.class, thrown.get());
    }

    /** Selectors compete with plain receivers; every element is taken exactly once. */
    @Test
    void selectAndPlainReceiversShareTheWork() throws Exception {
        FutexSync sync = noSpin(new CountingOs());
        Channel<Long>[] chans = newChannels(sync, 2);
        int per = 20_000;
        AtomicLong sum = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        long total = 2L * per;
        runThreads(6, i -> {
            switch (i) {
                case 0:
                case 1:
                    for (long k = 1; k <= per; k++) {
                        chans[i].send(k);
                    }
                    break;
                case 2:
                case 3: {
                    Select s = sync.newSelect();
                    Select.ReceiveCase<Long> c0 = s.receive(chans[0]);
                    Select.ReceiveCase<Long> c1 = s.receive(chans[1]);
                    while (taken.get() < total) {
                        Select.Case c = s.await(50, TimeUnit.MILLISECONDS);
                        if (c != null) {
                            sum.addAndGet(c == c0 ? c0.value() : c1.value());
                            taken.incrementAndGet();
                        }
                    }
                    break;
                }
                default:
                    while (taken.get() < total) {
                        Long v = chans[i - 4].receive(50, TimeUnit.MILLISECONDS);
                        if (v != null) {
                            sum.addAndGet(v);
                            taken.incrementAndGet();
                        }
                    }
            }
        });
        assertEquals(total, taken.get());
        assertEquals(2L * per * (per + 1) / 2, sum.get());
    }

    @SuppressWarnings("unchecked")
    private static Channel<Long>[] newChannels(FutexSync sync, int n) {
        Channel<Long>[] chans = new Channel[n];
        for (int i = 0; i < n; i++) {
            chans[i] = sync.newChannel(2);
        }
        return chans;
    }
}
