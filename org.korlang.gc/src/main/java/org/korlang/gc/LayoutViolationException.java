package org.korlang.gc;

/** An access that does not match the object's layout: a wrong slot, a primitive access to a reference slot or the reverse, an index past an array's end, an element size that does not match. */
public class LayoutViolationException extends HeapException {
    private static final long serialVersionUID = 1L;

    public LayoutViolationException(String message) {
        super(message);
    }
}
