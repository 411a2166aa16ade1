package org.korlang.arch.common;

/**
 * The entry points every shim library exports ({@code src/main/native/korlang_<processor>.S} of
 * each arch module), as Java sees them. The method names are the C symbols, deliberately: JNA
 * binds each method to the symbol of the same name.
 *
 * <p>Each arch bundle implements this interface with a tiny class of {@code native} methods
 * ({@code X86_64Shim}, {@code Aarch64Shim}) that {@link ShimArch#bind} links to the loaded
 * library by JNA direct mapping: one JNI transition per call, no marshalling objects, pointers as
 * {@code long}. JNA direct mapping accepts member as well as static natives and ignores the
 * receiver, so the natives themselves implement these methods. The class must be the port's own:
 * JNI binds natives per declaring class, and two ports (two libraries) must never share one.
 *
 * <p>Nothing here checks arguments; {@link ShimArch} does, before it calls.
 */
public interface ShimFunctions {

    /** {@code long kr_syscall6(long nr, long a1, ..., long a6)}: the Linux convention, -errno on failure. */
    long kr_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    /** {@code long kr_syscall6_darwin(...)}: the Darwin convention folded into -errno. */
    long kr_syscall6_darwin(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

    /** {@code void kr_ctx_switch(void *from, void *to)}. */
    void kr_ctx_switch(long from, long to);

    /** {@code void kr_ctx_init(void *ctx, void *stack_top, void (*entry)(void *), void *arg, void *return_ctx)}. */
    void kr_ctx_init(long ctx, long stackTop, long entry, long arg, long returnCtx);

    /** {@code void kr_cpu_relax(void)}: the spin-wait hint. */
    void kr_cpu_relax();

    /** {@code unsigned long kr_cycle_counter(void)}. */
    long kr_cycle_counter();

    /** {@code int kr_ctx_size(void)}: bytes of one context save area. */
    int kr_ctx_size();
}
