/**
 * The managed heap of the Korlang runtime: objects in native memory that the heap maps through the
 * {@link org.korlang.os.Os} service, with a precise object model and a pluggable collector.
 *
 * <p>Entry points: the {@link org.korlang.gc.Heap} service (or the factory of
 * {@code org.korlang.gc.standalone} outside OSGi), {@link org.korlang.gc.TypeLayout} to describe object shapes, a {@link org.korlang.gc.Mutator}
 * per thread for allocation and checked field access, {@link org.korlang.gc.HandleScope} and
 * {@link org.korlang.gc.GlobalHandle} for references that must survive a collection, and
 * {@link org.korlang.gc.GcListener} for collection events, and (1.2) {@link org.korlang.gc.RootArea}: pinned
 * objects whose leading words are roots re-scanned at every collection, without write barriers (VM
 * stack chunks).
 *
 * <p>2.0 (incompatible: a changed return type): {@link org.korlang.gc.Heap#switchPolicy(String)} and
 * {@code Heaps.ClosableHeap.switchPolicy(GcPolicy)} return the switch's {@link org.korlang.gc.GcEvent};
 * {@link org.korlang.gc.HeapConfig#youngGenerationBytes()} added.
 *
 * <p>3.0 (incompatible: a type removed): the factory {@code Heaps} (with {@code Heaps.ClosableHeap})
 * moved to its own package, {@code org.korlang.gc.standalone} 1.0.0, so that this package depends on
 * no other package of the bundle — the API no longer reaches into {@code internal.*}, which depends
 * on it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.0.0")
package org.korlang.gc;
