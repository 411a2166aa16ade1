/**
 * A heap outside OSGi: {@link org.korlang.gc.standalone.Heaps#create} builds the same heap that the
 * gc bundle's DS component provides inside the platform, on the built-in policies or a given one,
 * and returns it as a {@link org.korlang.gc.standalone.Heaps.ClosableHeap} whose owner unmaps it.
 * For unit tests, benchmarks, the launcher ({@code bin/korlang run}) and the torture tool.
 *
 * <p>1.0.0: {@code Heaps} and {@code Heaps.ClosableHeap}, moved here from {@code org.korlang.gc}
 * (gc API 3.0.0), so that the API package depends on no implementation package.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.gc.standalone;
