package org.korlang.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/*
 * Atomic access to native words from Java.
 *
 * Every futex word of this bundle lives in a direct ByteBuffer that the Os service made over
 * memory it mapped (Os.memory). A byte-buffer view VarHandle gives that buffer int and long
 * accessors with every JMM access mode (plain, opaque, acquire/release, volatile) and the atomic
 * read-modify-writes (compareAndSet, getAndAdd, getAndSet, bitwise). The handle checks, on every
 * access, that the index lies inside the buffer and that the address is aligned for the access,
 * so a wrong offset throws (IndexOutOfBoundsException / IllegalStateException) instead of
 * touching memory it should not: the checks are a compare or two that the JIT hoists or folds,
 * which is what makes this both safe and fast (the primitives hold the buffer in a final field
 * and use constant offsets).
 *
 * Call sites invoke INT/LONG directly with exact static types — (ByteBuffer, int, ...) — so that
 * the invocation links to the handle's fast path without any adaptation.
 */
final class Words {
    /** 32-bit native-order words at byte indexes (4-aligned for atomic modes). */
    static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    /** 64-bit native-order words at byte indexes (8-aligned for atomic modes). */
    static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private Words() {}
}
