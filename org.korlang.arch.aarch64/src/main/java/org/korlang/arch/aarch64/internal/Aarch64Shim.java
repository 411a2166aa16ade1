package org.korlang.arch.aarch64.internal;

import org.korlang.arch.common.ShimFunctions;

/**
 * The entry points of {@code libkorlang_aarch64.so} (src/main/native/korlang_aarch64.S), bound by
 * JNA direct mapping when {@link Aarch64Arch} loads the library (see {@link ShimFunctions} for
 * what each does and why the natives sit in a class of this bundle's own).
 */
final class Aarch64Shim implements ShimFunctions {

    @Override
    public native long kr_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    @Override
    public native long kr_syscall6_darwin(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    @Override
    public native void kr_ctx_switch(long from, long to);

    @Override
    public native void kr_ctx_init(long ctx, long stackTop, long entry, long arg, long returnCtx);

    @Override
    public native void kr_cpu_relax();

    @Override
    public native long kr_cycle_counter();

    @Override
    public native int kr_ctx_size();
}
