/**
 * Spaces that policy bundles may reuse for their plans, as MMTk's plans share spaces: for now the
 * non-moving {@link org.korlang.gc.spi.space.PinnedSpace} (bump allocation over free runs, swept
 * against the marks of the plan's trace), which the semispace bundle uses for its pinned objects.
 * Written against the SPI ({@link org.korlang.gc.spi.HeapMemory}, {@link org.korlang.gc.spi.ObjectModel})
 * only; a space lives in a region its plan reserves, and the plan owns it.
 *
 * <p>1.0.0: {@code PinnedSpace}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.gc.spi.space;
