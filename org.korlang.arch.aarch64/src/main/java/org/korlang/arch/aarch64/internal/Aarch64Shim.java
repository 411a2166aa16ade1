package org.korlang.arch.aarch64.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The entry points of {@code libkorlang_aarch64.so} (src/main/native/korlang_aarch64.S), bound
 * with JNA direct mapping: each {@code static native} method below is linked straight to the
 * symbol of the same name, so a call costs one JNI transition and no argument marshalling
 * objects. Pointers travel as {@code long}. The method names are the C symbols, deliberately.
 *
 * <p>Binding is per class (that is how JNI natives work), so {@link #bind} is idempotent: the
 * bundle may stop and start again in the same class loader and find its natives still bound.
 * Nothing here checks arguments; {@link Aarch64Arch} does, before it calls.
 */
final class Aarch64Shim {

    private Aarch64Shim() {
    }

    /** Links the natives below to {@code library}, once per class loader. */
    static synchronized void bind(NativeLibrary library) {
        if (!Native.registered(Aarch64Shim.class)) {
            Native.register(Aarch64Shim.class, library);
        }
    }

    static native long kr_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    static native long kr_syscall6_darwin(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    static native void kr_ctx_switch(long from, long to);

    static native void kr_ctx_init(long ctx, long stackTop, long entry, long arg, long returnCtx);

    static native void kr_cpu_relax();

    static native long kr_cycle_counter();

    static native int kr_ctx_size();
}
