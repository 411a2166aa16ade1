package org.korlang.arch.common;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ShimFunctions} in plain Java that records each call as text ("kr_ctx_switch 16 32") and
 * answers with fixed values: what {@link ShimArch} passes to the shim, and what it never lets
 * through, can then be asserted without native code.
 */
final class RecordingShim implements ShimFunctions {

    final List<String> calls = new ArrayList<>();
    private final int contextSize;

    RecordingShim(int contextSize) {
        this.contextSize = contextSize;
    }

    private long record(String call, long... args) {
        StringBuilder text = new StringBuilder(call);
        for (long arg : args) {
            text.append(' ').append(arg);
        }
        calls.add(text.toString());
        return args.length == 0 ? 0 : args[0] * 10;
    }

    @Override
    public long kr_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        return record("kr_syscall6", nr, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public long kr_syscall6_darwin(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        return record("kr_syscall6_darwin", nr, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public void kr_ctx_switch(long from, long to) {
        record("kr_ctx_switch", from, to);
    }

    @Override
    public void kr_ctx_init(long ctx, long stackTop, long entry, long arg, long returnCtx) {
        record("kr_ctx_init", ctx, stackTop, entry, arg, returnCtx);
    }

    @Override
    public void kr_cpu_relax() {
        record("kr_cpu_relax");
    }

    @Override
    public long kr_cycle_counter() {
        record("kr_cycle_counter");
        return 12345;
    }

    @Override
    public int kr_ctx_size() {
        return contextSize;
    }
}
