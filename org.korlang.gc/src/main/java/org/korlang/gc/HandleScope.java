package org.korlang.gc;

/**
 * A LIFO region of local handles of one mutator ({@link Mutator#openScope()}). Closing it drops
 * every handle created inside it; using such a handle afterwards throws
 * {@link HandleMisuseException}. Opening a scope allocates nothing: the mutator reuses one scope
 * object per nesting depth, so a scope object must not be used once closed (use try-with-resources).
 */
public interface HandleScope extends AutoCloseable {

    /**
     * Creates a handle in this scope, which must be the mutator's innermost open scope.
     *
     * @throws HandleMisuseException     if the scope is closed or not the innermost one, or from
     *                                   another thread
     * @throws InvalidReferenceException if a non-zero {@code ref} is not an object start
     */
    int handle(long ref);

    /**
     * Closes the scope; it must be the innermost open scope.
     *
     * @throws HandleMisuseException   if it is closed already (twice, or its mutator detached), not
     *                                 the innermost one, or from another thread
     * @throws StaleReferenceException while its mutator is blocked
     */
    @Override
    void close();
}
