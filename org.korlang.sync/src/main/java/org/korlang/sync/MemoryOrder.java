package org.korlang.sync;

/**
 * The memory ordering of an atomic operation, named as in C11/C++11 and mapped onto the Java
 * memory model's access modes ({@link java.lang.invoke.VarHandle}).
 *
 * <table>
 * <caption>Which orders each operation accepts</caption>
 * <tr><th>operation</th><th>RELAXED</th><th>ACQUIRE</th><th>RELEASE</th><th>ACQ_REL</th><th>SEQ_CST</th></tr>
 * <tr><td>load</td><td>opaque</td><td>acquire</td><td>—</td><td>—</td><td>volatile</td></tr>
 * <tr><td>store</td><td>opaque</td><td>—</td><td>release</td><td>—</td><td>volatile</td></tr>
 * <tr><td>read-modify-write</td><td>see below</td><td>acquire</td><td>release</td><td>volatile</td><td>volatile</td></tr>
 * </table>
 *
 * <p>A load with {@code RELEASE} or {@code ACQ_REL}, or a store with {@code ACQUIRE} or
 * {@code ACQ_REL}, is meaningless and throws {@link IllegalArgumentException}. The JVM offers no
 * acquire-and-release read-modify-write weaker than volatile, so {@code ACQ_REL} runs as
 * {@code SEQ_CST}; a {@code RELAXED} compare-and-set is a plain (weak, retried) CAS, and a
 * {@code RELAXED} get-and-add/get-and-set uses the release mode (the weakest the JVM offers for
 * them). A stronger order than asked is always correct.
 */
public enum MemoryOrder {
    /** Atomicity and per-variable coherence only (opaque). */
    RELAXED,
    /** Later reads and writes of this thread are not moved before this read. */
    ACQUIRE,
    /** Earlier reads and writes of this thread are not moved after this write. */
    RELEASE,
    /** Both, for read-modify-write operations. */
    ACQ_REL,
    /** A single total order over all sequentially consistent operations (Java volatile). */
    SEQ_CST;

    void checkLoad() {
        if (this == RELEASE || this == ACQ_REL) {
            throw new IllegalArgumentException("a load cannot have " + this + " ordering");
        }
    }

    void checkStore() {
        if (this == ACQUIRE || this == ACQ_REL) {
            throw new IllegalArgumentException("a store cannot have " + this + " ordering");
        }
    }
}
