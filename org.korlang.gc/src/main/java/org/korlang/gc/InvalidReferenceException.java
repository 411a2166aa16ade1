package org.korlang.gc;

/** A reference that is null, outside the heap, or not pointing at a live object. */
public class InvalidReferenceException extends HeapException {
    private static final long serialVersionUID = 1L;

    public InvalidReferenceException(String message) {
        super(message);
    }
}
