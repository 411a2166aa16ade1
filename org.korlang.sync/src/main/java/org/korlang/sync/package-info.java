/**
 * Korlang's synchronization primitives: locks, conditions, atomics and channels whose waiting
 * words are 32-bit futex words in native memory mapped through the {@link org.korlang.os.Os}
 * service, so that a contended wait is a real kernel wait on a real address
 * ({@code FUTEX_WAIT_PRIVATE} on Linux, {@code __ulock_wait} on Darwin) and an uncontended
 * lock/unlock is a compare-and-set with no system call.
 *
 * <p>Start from {@link org.korlang.sync.Sync}: in OSGi it is a service (bound to {@code Os}, and
 * optionally to the scheduler through a {@link org.korlang.sync.BlockingHook}); outside OSGi,
 * {@code new FutexSync(os)} gives the same factory. Every primitive is a plain object that
 * returns its native words when it becomes unreachable.
 *
 * <p>None of the locks is reentrant; all of them barge (a thread that arrives while the lock
 * is free may take it before a woken waiter). Interruptible waits notice
 * {@link java.lang.Thread#interrupt()} within {@link org.korlang.sync.SyncOptions#interruptPollNanos()},
 * because a thread asleep in the kernel's futex wait is not woken by {@code interrupt()}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.sync;
