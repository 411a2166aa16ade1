package org.korlang.vm.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.korlang.gc.RootArea;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.VmAccess;

/**
 * First stack chunks of ended tasks, kept for the next spawn of the same run (#12): a spawn then
 * costs no pinned allocation and no root-area registration, and a short-lived task's chunk is not
 * left for a full collection to reclaim. A pooled chunk stays a registered root area with live count
 * 0, so a collection visits only the area object. At most {@link #MAX} chunks are kept; the rest, and
 * all of them at the end of the run, are closed.
 */
final class ChunkPool {

    static final int MAX = 4096;

    private final ConcurrentLinkedQueue<RootArea> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    /** A pooled chunk with at least this room, or null (a chunk too small is closed). */
    RootArea take(int rootWords, int dataWords) {
        RootArea a = free.poll();
        if (a == null) {
            return null;
        }
        size.decrementAndGet();
        if (a.rootWords() >= rootWords && a.dataWords() >= dataWords) {
            return a;
        }
        a.close();
        return null;
    }

    /** Keeps {@code a} (its frames are dead; called by a thread with a running mutator), or closes it when full. */
    void give(RootArea a) {
        Raw.putLong(VmAccess.address(a) + VmAccess.AREA_LIVE, 0);
        if (size.incrementAndGet() > MAX) {
            size.decrementAndGet();
            a.close();
            return;
        }
        free.offer(a);
    }

    void closeAll() {
        for (RootArea a = free.poll(); a != null; a = free.poll()) {
            a.close();
        }
        size.set(0);
    }
}
