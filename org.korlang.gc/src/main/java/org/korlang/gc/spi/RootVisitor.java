package org.korlang.gc.spi;

/** Visits a root slot: receives the reference it holds (never 0) and returns the value to store back. */
@FunctionalInterface
public interface RootVisitor {
    long visit(long reference);
}
