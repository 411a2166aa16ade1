package org.korlang.lang.bytecode;

/** A bytecode file that cannot be read: not one, another format or instruction set, truncated or corrupt. */
public final class ProgramFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ProgramFileException(String message) {
        super(message);
    }
}
