package org.korlang.vm.internal;

import org.korlang.lang.bytecode.FunctionCode;

/**
 * A verified function as the interpreter uses it: the code and the frame geometry in bytes,
 * precomputed so that a call is a few adds and compares.
 *
 * <h2>Frame</h2>
 * In a stack chunk a frame has {@code refBytes} of ref registers (in the chunk's root words) and, in
 * its data words, a two-word header followed by {@code primBytes} of prim registers; {@code pb} points
 * at p0, so the header is at {@code pb-16} (caller pc << 32 | caller function index; result register
 * | flags) and the next frame's p0 is at {@code pb + primStride}.
 */
public final class VmFunction {
    public static final int HEADER_BYTES = 16;

    public final int index;
    public final String name;
    public final int[] code;
    public final int[] lines;
    public final int[] columns;
    public final int refBytes;
    public final int primBytes;
    public final int primStride;
    public final int refParamBytes;
    public final int primParamBytes;
    /** 0 Void, 1 prim, 2 ref. */
    public final int returnKind;
    final FunctionCode source;

    VmFunction(int index, FunctionCode f, int refParams, int primParams, int returnKind) {
        this.index = index;
        this.name = f.name();
        this.code = f.code();
        this.lines = f.lines();
        this.columns = f.columns();
        this.refBytes = f.refRegs().length * 8;
        this.primBytes = f.primRegs().length * 8;
        this.primStride = primBytes + HEADER_BYTES;
        this.refParamBytes = refParams * 8;
        this.primParamBytes = primParams * 8;
        this.returnKind = returnKind;
        this.source = f;
    }

    @Override
    public String toString() {
        return name;
    }
}
