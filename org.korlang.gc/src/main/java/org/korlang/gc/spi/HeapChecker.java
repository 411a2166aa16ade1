package org.korlang.gc.spi;

/** Receives the findings of a plan's structural self-check during heap verification. */
public interface HeapChecker {

    /** Reports an inconsistency; the verifier collects them and fails. */
    void fail(String finding);

    /** Checks a condition, reporting {@code finding} when it does not hold. */
    default void check(boolean condition, String finding) {
        if (!condition) {
            fail(finding);
        }
    }
}
