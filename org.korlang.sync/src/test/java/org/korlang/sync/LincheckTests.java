package org.korlang.sync;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/*
 * Linearizability checks with Lincheck's stress strategy: Lincheck generates small concurrent
 * scenarios of the @Operation methods, runs them on real threads many times, and checks every
 * outcome against some sequential execution of the same class. (The model-checking strategy
 * cannot be used: it schedules threads itself and cannot see a thread asleep in a futex system
 * call.) Each test instance owns fresh primitives from the shared FutexSync.
 *
 * Only operations whose sequential meaning never blocks are checked (a blocking lock is fine:
 * sequentially it is always free); the blocking waits are covered by the other tests.
 */
class LincheckTests {

    static StressOptions options() {
        return new StressOptions()
                .iterations(25)
                .invocationsPerIteration(400)
                .threads(3)
                .actorsPerThread(3);
    }

    /** A counter guarded by a Mutex is linearizable: no lost or torn increments. */
    @Nested
    public class MutexCounter {
        @Test
        void linearizable() {
            options().check(MutexCounterScenario.class);
        }
    }

    public static class MutexCounterScenario {
        private final Mutex mutex = Fixtures.SHARED.newMutex();
        private long value;
        private long shadow;

        @Operation
        public long increment() {
            mutex.lock();
            try {
                long v = value + 1;
                Thread.yield();
                value = v;
                shadow = v;
                return v;
            } finally {
                mutex.unlock();
            }
        }

        @Operation
        public long add(int delta) {
            mutex.lock();
            try {
                value += delta;
                shadow = value;
                return value;
            } finally {
                mutex.unlock();
            }
        }

        @Operation
        public long get() {
            mutex.lock();
            try {
                if (shadow != value) {
                    throw new AssertionError("torn state");
                }
                return value;
            } finally {
                mutex.unlock();
            }
        }
    }

    @Nested
    public class SemaphorePermits {
        @Test
        void linearizable() {
            options().check(SemaphoreScenario.class);
        }
    }

    public static class SemaphoreScenario {
        private final Semaphore semaphore = Fixtures.SHARED.newSemaphore(2);

        @Operation
        public boolean tryAcquire() {
            return semaphore.tryAcquire();
        }

        @Operation
        public boolean tryAcquireTwo() {
            return semaphore.tryAcquire(2);
        }

        @Operation
        public void release() {
            semaphore.release();
        }

        @Operation
        public int available() {
            return semaphore.availablePermits();
        }
    }

    /** Writers change two fields in two steps; readers must see a consistent, linearizable pair. */
    @Nested
    public class RwLockPair {
        @Test
        void linearizable() {
            options().check(RwLockScenario.class);
        }
    }

    public static class RwLockScenario {
        private final RwLock lock = Fixtures.SHARED.newRwLock();
        private long a;
        private long b;

        @Operation
        public long write(@Param(gen = IntGen.class, conf = "1:3") int delta) {
            lock.writeLock();
            try {
                a += delta;
                Thread.yield();
                b += delta;
                return a;
            } finally {
                lock.writeUnlock();
            }
        }

        @Operation
        public long read() {
            lock.readLock();
            try {
                long x = a;
                Thread.yield();
                if (b != x) {
                    throw new AssertionError("a reader saw a half-done write");
                }
                return x;
            } finally {
                lock.readUnlock();
            }
        }
    }

    @Nested
    public class BoundedChannelOps {
        @Test
        void linearizable() {
            options().check(BoundedChannelScenario.class);
        }
    }

    @Nested
    public class UnboundedChannelOps {
        @Test
        void linearizable() {
            options().check(UnboundedChannelScenario.class);
        }
    }

    /** Channel operations as values (results include "full", "empty" and "closed"). */
    public abstract static class ChannelScenario {
        private final Channel<Integer> channel;

        ChannelScenario(Channel<Integer> channel) {
            this.channel = channel;
        }

        @Operation
        public String send(@Param(gen = IntGen.class, conf = "1:9") int v) {
            try {
                return channel.trySend(v) ? "sent" : "full";
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation
        public String receive() {
            try {
                Integer v = channel.tryReceive();
                return v == null ? "empty" : v.toString();
            } catch (ChannelClosedException e) {
                return "closed";
            }
        }

        @Operation
        public boolean close() {
            return channel.close();
        }

        @Operation
        public boolean isClosed() {
            return channel.isClosed();
        }
    }

    public static class BoundedChannelScenario extends ChannelScenario {
        public BoundedChannelScenario() {
            super(Fixtures.SHARED.newChannel(2));
        }
    }

    public static class UnboundedChannelScenario extends ChannelScenario {
        public UnboundedChannelScenario() {
            super(Fixtures.SHARED.newUnboundedChannel());
        }
    }
}
