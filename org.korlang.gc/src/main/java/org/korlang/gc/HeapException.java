package org.korlang.gc;

/** The base of every error the managed heap reports. */
public class HeapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeapException(String message) {
        super(message);
    }
}
