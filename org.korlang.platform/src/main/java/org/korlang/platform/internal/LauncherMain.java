package org.korlang.platform.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The platform's exit status, handed to the launcher's main thread.
 *
 * <p>The executable jar's launcher (bnd's) calls a {@code Callable<Integer>} service registered
 * with {@code main.thread=true} on its main thread and, when it returns, stops the framework and
 * ends the JVM with the returned status. Without one, a framework stopped from inside (Gogo's
 * Ctrl-D, {@code stop 0}) ends the JVM with the launcher's own status 117. {@link #call()} blocks
 * until {@link #exit(int)} is called — by {@code exit}/{@code quit} or when the framework starts
 * stopping for any other reason (then with 0: stopping the platform on purpose is a normal end).
 *
 * <p>Invariant: the first status wins; later calls to {@link #exit(int)} change nothing.
 */
final class LauncherMain implements Callable<Integer> {

    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private final CountDownLatch returned = new CountDownLatch(1);

    /** Asks the launcher to end the platform with {@code code}; true if this call decided the status. */
    boolean exit(int code) {
        return status.complete(code);
    }

    /**
     * The framework is stopping from inside (not through the launcher): end with 0, and give the
     * launcher's main thread a moment to take the status before the stop goes on, so that the
     * launcher knows the stop is orderly (else it ends the JVM with its status 117).
     */
    void frameworkStopping(long waitMillis) throws InterruptedException {
        exit(0);
        returned.await(waitMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether {@link #call()} has returned the status to the launcher. */
    boolean returned() {
        return returned.getCount() == 0;
    }

    @Override
    public Integer call() throws InterruptedException {
        try {
            return status.get();
        } catch (ExecutionException e) {
            return 1; // never completed exceptionally
        } finally {
            returned.countDown();
        }
    }
}
