package org.korlang.sync;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates Korlang's synchronization primitives, whose futex words live in native memory mapped
 * through one {@link org.korlang.os.Os} service.
 *
 * <p>In OSGi this is a service (component {@code org.korlang.sync}), bound to the {@code Os}
 * service and, optionally and dynamically, to a {@link BlockingHook} (the scheduler's). Outside
 * OSGi use {@code new FutexSync(os)}.
 *
 * <p>A primitive stays usable for as long as it is reachable, even after the service that made
 * it goes away; its native words are returned when it becomes unreachable.
 */
@ProviderType
public interface Sync {

    /** A new, unlocked {@link Mutex}. */
    Mutex newMutex();

    /** A new {@link CondVar}. */
    CondVar newCondVar();

    /** A new, unlocked {@link RwLock}. */
    RwLock newRwLock();

    /** A new {@link Semaphore} with {@code permits >= 0} permits. */
    Semaphore newSemaphore(int permits);

    /** A new {@link Once}. */
    Once newOnce();

    /** A new cyclic {@link Barrier} for {@code parties >= 1} threads. */
    Barrier newBarrier(int parties);

    /** A new {@link WaitGroup} with counter 0. */
    WaitGroup newWaitGroup();

    /** A new one-shot {@link Latch} that opens after {@code count >= 0} count-downs. */
    Latch newLatch(int count);

    /** A new 64-bit atomic cell in native memory holding {@code initial}. */
    AtomicLongCell newAtomicLong(long initial);

    /** A new atomic reference cell holding {@code initial} (may be null). */
    <T> AtomicReferenceCell<T> newAtomicReference(T initial);

    /** A new bounded multi-producer multi-consumer channel of {@code capacity >= 1} elements. */
    <T> Channel<T> newChannel(int capacity);

    /** A new unbounded multi-producer multi-consumer channel. */
    <T> Channel<T> newUnboundedChannel();

    /** A new {@link Select} over channels (of this or any other {@code Sync}). */
    Select newSelect();
}
