package org.korlang.vm;

/**
 * How the VM runs a program.
 *
 * @param maxStackBytes the most heap bytes a task's stack chunks may take: a deeper recursion ends in
 *                      the runtime error "stack overflow" (default 64 MiB: a million frames of a small
 *                      function, well past 100,000 of a large one)
 * @param verifyBytecode verify every function at load (always on outside tests of the verifier itself)
 */
public record VmOptions(long maxStackBytes, boolean verifyBytecode) {

    public static final long DEFAULT_MAX_STACK = 64L << 20;

    public VmOptions {
        if (maxStackBytes < (64L << 10)) {
            throw new IllegalArgumentException("maxStackBytes must be at least 64 KiB, not " + maxStackBytes);
        }
    }

    public static VmOptions defaults() {
        return new VmOptions(DEFAULT_MAX_STACK, true);
    }

    public VmOptions withMaxStackBytes(long bytes) {
        return new VmOptions(bytes, verifyBytecode);
    }
}
