package org.korlang.gc.spi.scan;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a collector does with one reference slot that {@link ReferenceSlots#forEach} found: it gets
 * the slot's address (not its value), so that it can read the reference (0 for none) and, if it moves
 * objects, store the new address back.
 *
 * <p>Make one visitor per GC thread (or per collection) and pass the same one for every object — a
 * lambda that captures per-object values would allocate for each object scanned. Pass it as an
 * instance of a final class, typed as that class (the collector's per-thread worker passing
 * {@code this}, or a field declared with the final class): the scanner is shared by every collector,
 * so its call site sees many visitor classes, and only a visitor whose exact class the JIT knows where
 * it inlines the scanner gets a direct, inlined call per slot instead of an interface dispatch.
 */
@ConsumerType
@FunctionalInterface
public interface SlotVisitor {

    /** One reference slot at {@code slotAddress} (8-byte aligned, inside the object being scanned). */
    void visit(long slotAddress);
}
