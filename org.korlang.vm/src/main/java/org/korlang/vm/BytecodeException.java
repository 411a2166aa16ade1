package org.korlang.vm;

/** A program that fails verification at load time: the VM refuses to run it (a code generator bug). */
public final class BytecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BytecodeException(String message) {
        super(message);
    }
}
