package org.korlang.testkit;

import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/*
 * Positive evidence that another thread got somewhere, for "X does not happen" checks: instead of
 * sleeping and hoping the other thread reached the point where X would have happened, wait (with
 * Eventually) until it is parked on the right object or waiting inside the right method.
 *
 * Tests that run two things at once (a program that blocks and a collection that must finish meanwhile)
 * give each its own thread (OWN_THREAD), never the common pool: with parallelism 1 (two cores) the
 * pool runs one task at a time, and a task queued behind a blocked one never starts.
 */
public final class Threads {

    /** Runs each task on a new daemon thread of its own, so that tasks never wait for one another to start. */
    public static final Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "test-own-thread");
        t.setDaemon(true);
        t.start();
    };

    private Threads() {
    }

    /** Whether {@code t} is parked (untimed or timed) with {@code blocker} as its park blocker. */
    public static boolean parkedOn(Thread t, Object blocker) {
        return isWaiting(t) && LockSupport.getBlocker(t) == blocker;
    }

    /** Whether {@code t} is waiting (parked, sleeping or joining) inside a method called {@code method} of {@code type}. */
    public static boolean waitingInside(Thread t, Class<?> type, String method) {
        if (!isWaiting(t)) {
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWaiting(Thread t) {
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }
}
