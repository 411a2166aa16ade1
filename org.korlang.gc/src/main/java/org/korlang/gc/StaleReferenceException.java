package org.korlang.gc;

/** A raw reference kept across a collection (detected in verify mode), or used by a mutator that is blocked or detached. */
public class StaleReferenceException extends InvalidReferenceException {
    private static final long serialVersionUID = 1L;

    public StaleReferenceException(String message) {
        super(message);
    }
}
