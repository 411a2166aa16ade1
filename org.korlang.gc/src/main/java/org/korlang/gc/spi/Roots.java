package org.korlang.gc.spi;

/**
 * The heap's roots: every mutator's local handles and the global handles. Only valid while the
 * world is stopped. Roots are split into {@link #partitions()} disjoint parts so that GC threads
 * can visit them in parallel; visiting stores the visitor's result back into each handle.
 */
public interface Roots {

    /** How many disjoint parts the roots are split into now (at least 1). */
    int partitions();

    /** Visits the non-null roots of one part. */
    void visit(int partition, RootVisitor visitor);
}
