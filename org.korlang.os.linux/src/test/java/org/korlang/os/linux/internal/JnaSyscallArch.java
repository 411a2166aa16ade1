package org.korlang.os.linux.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.korlang.arch.Arch;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/*
 * A test-only Arch for this machine: real system calls through libc's syscall(2), reached with JNA.
 *
 * Stand-in for the arch bundle (org.korlang.arch.x86_64), which reaches the kernel through its own
 * assembly shim; the OS port cannot tell the difference, since both execute the same kernel entry
 * with the same number and arguments. libc's syscall() returns -1 and sets errno on failure; this
 * class folds that back into the kernel's own -errno convention, which is what Arch.syscall6
 * promises. (No Linux system call the port makes returns -1 as a success value.)
 *
 * JNA is a test-scope dependency of this module only: the OS bundles never import com.sun.jna.
 */

/** An {@link Arch} over libc {@code syscall(2)} via JNA, for unit tests on the build machine. */
final class JnaSyscallArch implements Arch {

    private final Function syscall = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("syscall");
    private final String name;

    JnaSyscallArch() {
        String osArch = System.getProperty("os.arch");
        this.name = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> throw new IllegalStateException("no test arch for " + osArch);
        };
    }

    @Override
    public String name() { return name; }

    @Override
    public int wordSize() { return Native.POINTER_SIZE; }

    @Override
    public long syscall6(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        long result = syscall.invokeLong(new Object[] {number, a1, a2, a3, a4, a5, a6});
        return result == -1 ? -Native.getLastError() : result;
    }

    @Override
    public long syscall6Darwin(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        throw new UnsupportedOperationException("not a Darwin kernel");
    }

    @Override
    public ByteBuffer view(long address, int length) {
        return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
    }

    @Override
    public long address(ByteBuffer direct) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    @Override
    public int contextSize() { throw new UnsupportedOperationException("test arch"); }

    @Override
    public void contextInit(long context, long stackTop, long entry, long arg, long returnContext) {
        throw new UnsupportedOperationException("test arch");
    }

    @Override
    public void contextSwitch(long from, long to) { throw new UnsupportedOperationException("test arch"); }

    @Override
    public void cpuRelax() { Thread.onSpinWait(); }

    @Override
    public long cycleCounter() { return System.nanoTime(); }
}
