package org.korlang.gc;

/**
 * A root area: a pinned heap object whose leading reference words are precise roots that the
 * collector re-scans at <em>every</em> collection (minor ones too), so that stores into them need no
 * write barrier — the shape a virtual machine needs for its frames (Lua's rule for thread stacks:
 * re-traverse instead of barriers). Made by {@link Mutator#newRootArea(int, int)}; usable from any
 * attached mutator (a task's stack moves between worker threads); dies with {@link #close()}.
 *
 * <h2>Layout</h2>
 * The object has {@code 1 + rootWords + dataWords} word slots: slot 0 holds the <em>live count</em>
 * {@code n}; slots {@code 1 .. rootWords} are reference words, of which the first {@code n} are roots;
 * the {@code dataWords} slots after them hold primitive bits the collector never reads. At each
 * collection, with the world stopped, the heap visits the area object itself and then each non-zero
 * word among the first {@code n} reference words, storing back the collector's (possibly moved)
 * reference. Words at or above the live count are not scanned: they may hold stale bits, so an owner
 * that raises the live count over them must write them (or zero them) first.
 *
 * <h2>Moving</h2>
 * The area is allocated pinned, so ordinary collections never move it; but a copying policy switch,
 * and a semispace collection adopting objects pinned under an earlier policy, do. Like any raw
 * reference, its address is valid only until the next safepoint.
 *
 * @since 1.2
 */
public interface RootArea extends AutoCloseable {

    /** The most words (roots plus data) an area may have. */
    int MAX_WORDS = TypeLayout.MAX_SLOTS - 1;

    /** Reference words (the live count is at most this). */
    int rootWords();

    /** Primitive data words after the reference words. */
    int dataWords();

    /** Whether the area is still open (a root area). */
    boolean isOpen();

    /** Stops treating the area as roots; the object becomes garbage. Idempotent. */
    @Override
    void close();
}
