package org.korlang.gc;

/** The heap verifier found an inconsistency (a collector or barrier bug); the message names the object and the rule. */
public class HeapCorruptionException extends HeapException {
    private static final long serialVersionUID = 1L;

    public HeapCorruptionException(String message) {
        super(message);
    }
}
