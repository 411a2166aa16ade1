package org.korlang.scheduler.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskFailedException;
import org.korlang.scheduler.TaskGroup;
import org.korlang.scheduler.TaskHandle;

/**
 * A fork-join group: a list of handles spawned on one scheduler. {@link #joinAll()} waits for every
 * member (joins help on workers, so the joiner itself runs members that are still queued) before it
 * reports the first failure, so no member is left running behind a thrown exception.
 */
final class Group<T> implements TaskGroup<T> {

    private final Scheduler scheduler;
    private final List<TaskHandle<T>> members = new ArrayList<>();

    Group(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public TaskHandle<T> spawn(Callable<T> task) {
        TaskHandle<T> handle = scheduler.spawn(task);
        synchronized (members) {
            members.add(handle);
        }
        return handle;
    }

    @Override
    public List<T> joinAll() {
        List<TaskHandle<T>> snapshot = members();
        List<T> results = new ArrayList<>(snapshot.size());
        TaskFailedException firstFailure = null;
        CancellationException firstCancellation = null;
        for (TaskHandle<T> member : snapshot) {
            try {
                results.add(member.join());
            } catch (TaskFailedException failure) {
                if (firstFailure == null) {
                    firstFailure = new TaskFailedException(failure.getCause());
                } else {
                    firstFailure.addSuppressed(failure.getCause());
                }
            } catch (CancellationException cancelled) {
                if (firstCancellation == null) {
                    firstCancellation = new CancellationException("a member of the group was cancelled");
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        if (firstCancellation != null) {
            throw firstCancellation;
        }
        return results;
    }

    @Override
    public int cancelAll() {
        int cancelled = 0;
        for (TaskHandle<T> member : members()) {
            if (member.cancel()) {
                cancelled++;
            }
        }
        return cancelled;
    }

    @Override
    public List<TaskHandle<T>> members() {
        synchronized (members) {
            return List.copyOf(members);
        }
    }
}
