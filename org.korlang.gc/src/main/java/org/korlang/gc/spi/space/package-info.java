/**
 * Spaces that policy bundles may build their plans from, as MMTk's plans share spaces; the built-in
 * plans use exactly these classes (one implementation):
 * <ul>
 * <li>{@link org.korlang.gc.spi.space.BumpSpace}: a contiguous bump-pointer space (CAS on the top),
 * kept parseable with filler gaps — the generational plan's eden and survivors, the semispace
 * bundle's two semispaces;</li>
 * <li>{@link org.korlang.gc.spi.space.SegregatedSpace}: a non-moving mark-sweep space of size-class
 * cells ({@link org.korlang.gc.spi.space.SizeClasses}) in 64 KiB blocks, with per-thread
 * allocators and a parallel sweep;</li>
 * <li>{@link org.korlang.gc.spi.space.LargeObjectSpace}: a non-moving space giving each large
 * object its own run of pages, swept by walking its objects;</li>
 * <li>{@link org.korlang.gc.spi.space.MatureSpaces}: a segregated plus a large-object space in the
 * shape the generational and mark-sweep plans share, so that one plan can hand them to another in
 * a policy switch ({@link org.korlang.gc.spi.space.MatureSpaces.Owner}, a plan capability);</li>
 * <li>{@link org.korlang.gc.spi.space.PinnedSpace}: a non-moving space for pinned objects (bump
 * allocation over free runs) — the semispace bundle's pinned objects.</li>
 * </ul>
 * The non-moving spaces are swept against the {@link org.korlang.gc.spi.ObjectHeader#MARKED} bits
 * of the plan's trace (e.g. {@link org.korlang.gc.spi.trace.Marking}). Written against the SPI
 * ({@link org.korlang.gc.spi.HeapMemory}, {@link org.korlang.gc.spi.ObjectModel},
 * {@link org.korlang.gc.spi.Region}) only; a space lives in a region its plan reserves, and the plan
 * owns it. Not thread-safe unless a method says so; a plan serializes what its spaces need.
 *
 * <p>1.0.0: {@code PinnedSpace}.
 * <p>1.1.0: {@code BumpSpace}, {@code SegregatedSpace}, {@code SizeClasses}, {@code LargeObjectSpace},
 * {@code MatureSpaces} (formerly private to the gc bundle).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.korlang.gc.spi.space;
