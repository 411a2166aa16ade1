package org.korlang.launcher;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapStats;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.standalone.Heaps;

/*
 * The heap of a `bin/korlang run`, as the program's mem.setPolicy sees it.
 *
 * In the platform, Heap.switchPolicy(name) finds every policy bundle that DS bound (gc:policy and
 * mem.setPolicy make the same switch). Outside OSGi a heap knows only the policies built into the gc
 * bundle and those it has been switched to, so semispace, which lives in its own jar, would be
 * unknown until first used. This wrapper knows it by name, as DS would: a switch to "semispace"
 * hands the policy object to the heap, everything else is the heap's own.
 */

/** A heap whose policy names include the semispace jar's, as in the platform. */
final class LauncherHeap implements Heap {

    private final Heaps.ClosableHeap heap;

    LauncherHeap(Heaps.ClosableHeap heap) {
        this.heap = heap;
    }

    @Override
    public GcEvent switchPolicy(String name) {
        if ("semispace".equals(name) && !"semispace".equals(heap.policyName())) {
            return heap.switchPolicy(new org.korlang.gc.semispace.internal.SemispacePolicy());
        }
        return heap.switchPolicy(name);
    }

    @Override public TypeId registerType(TypeLayout layout) { return heap.registerType(layout); }
    @Override public TypeId type(String name) { return heap.type(name); }
    @Override public Mutator attach() { return heap.attach(); }
    @Override public void collect(CollectionKind kind) { heap.collect(kind); }
    @Override public void verify() { heap.verify(); }
    @Override public HeapStats stats() { return heap.stats(); }
    @Override public String policyName() { return heap.policyName(); }
    @Override public HeapConfig config() { return heap.config(); }
    @Override public void addListener(GcListener listener) { heap.addListener(listener); }
    @Override public void removeListener(GcListener listener) { heap.removeListener(listener); }
}
