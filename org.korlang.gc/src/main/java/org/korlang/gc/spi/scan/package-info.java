/**
 * The reference-slot scanner on the heap's object model, shared by every collector (the built-in
 * plans, copying policy switches, the heap verifier and policy bundles such as semispace), as MMTk's
 * plans share one object scanner: {@link org.korlang.gc.spi.scan.ReferenceSlots#forEach} visits the
 * address of each reference slot of an object with a {@link org.korlang.gc.spi.scan.SlotVisitor}.
 * Written against the SPI ({@link org.korlang.gc.spi.ObjectModel}, {@link org.korlang.gc.spi.HeapMemory},
 * {@link org.korlang.gc.spi.ObjectHeader}) only.
 *
 * <p>1.0.0: {@code ReferenceSlots}, {@code SlotVisitor}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.korlang.gc.spi.scan;
