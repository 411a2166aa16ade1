package org.korlang.arch.aarch64.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.korlang.arch.Arch;

/**
 * {@link Arch} for aarch64: a thin adapter from the port API to {@link Aarch64Shim}'s natives.
 *
 * <p>Outside OSGi (unit tests of other modules, JMH), obtain one with {@link #load()}; inside
 * OSGi, {@link Aarch64ArchComponent} registers one as a service. The class lives in a private
 * package: consumers in the framework only ever see {@link Arch}.
 *
 * <p>Checks: the raw-memory and system-call methods pass values through unchecked, as the
 * {@link Arch} contract says (the OS port validates ranges). The context methods reject the
 * mistakes that can be caught for the price of a compare — a null or misaligned save area, a
 * null stack or entry — with {@link IllegalArgumentException}, because those would otherwise
 * crash the JVM. What cannot be checked cheaply (that a context is live, that a stack is big
 * enough) remains the caller's responsibility.
 */
public final class Aarch64Arch implements Arch {

    /** The value of the {@link Arch#PROCESSOR} service property. */
    public static final String PROCESSOR = "aarch64";

    private final int contextSize;

    private Aarch64Arch() {
        int size = Aarch64Shim.kr_ctx_size();
        if (size <= 0 || size % 16 != 0) {
            throw new ShimUnavailableException("the loaded library reports a context size of "
                    + size + " bytes (must be a positive multiple of 16): not this shim");
        }
        this.contextSize = size;
    }

    /**
     * Loads the shim for this machine and returns an {@code Arch} over it, for code that runs
     * without OSGi. Looks for the library as {@link ShimLibraryLoader} describes (the property
     * {@code korlang.arch.aarch64.library}, then {@code System.loadLibrary}, then the classpath).
     *
     * @throws ShimUnavailableException if this is not Linux on aarch64, or the library cannot be
     *         loaded; the message says why
     */
    public static Aarch64Arch load() {
        return load(HostPlatform.current(), ShimLibraryLoader.standard());
    }

    static Aarch64Arch load(HostPlatform host, ShimLibraryLoader loader) {
        host.whyNotServed().ifPresent(reason -> {
            throw new ShimUnavailableException(reason);
        });
        NativeLibrary library = loader.load();
        try {
            Aarch64Shim.bind(library);
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new ShimUnavailableException("library " + library.getFile()
                    + " does not have the aarch64 shim's functions: " + e.getMessage(), e);
        }
        return new Aarch64Arch();
    }

    @Override
    public String name() {
        return PROCESSOR;
    }

    @Override
    public int wordSize() {
        return 8;
    }

    @Override
    public long syscall6(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        return Aarch64Shim.kr_syscall6(number, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public long syscall6Darwin(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        return Aarch64Shim.kr_syscall6_darwin(number, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public int contextSize() {
        return contextSize;
    }

    @Override
    public void contextInit(long context, long stackTop, long entry, long arg, long returnContext) {
        requireSaveArea("context", context);
        requireSaveArea("returnContext", returnContext);
        if (stackTop == 0) {
            throw new IllegalArgumentException("stackTop must be the (exclusive) top of a stack, was 0");
        }
        if (entry == 0) {
            throw new IllegalArgumentException("entry must be a native function address, was 0");
        }
        Aarch64Shim.kr_ctx_init(context, stackTop, entry, arg, returnContext);
    }

    @Override
    public void contextSwitch(long from, long to) {
        if (from == 0 || to == 0 || ((from | to) & 15) != 0) {
            requireSaveArea("from", from);
            requireSaveArea("to", to);
        }
        Aarch64Shim.kr_ctx_switch(from, to);
    }

    @Override
    public void cpuRelax() {
        Aarch64Shim.kr_cpu_relax();
    }

    @Override
    public long cycleCounter() {
        return Aarch64Shim.kr_cycle_counter();
    }

    @Override
    public ByteBuffer view(long address, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
        if (address == 0 && length > 0) {
            throw new IllegalArgumentException("cannot view " + length + " bytes at address 0");
        }
        return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
    }

    @Override
    public long address(ByteBuffer direct) {
        Objects.requireNonNull(direct, "direct");
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    @Override
    public String toString() {
        return "Aarch64Arch[contextSize=" + contextSize + "]";
    }

    private static void requireSaveArea(String name, long address) {
        if (address == 0 || (address & 15) != 0) {
            throw new IllegalArgumentException(name + " must be a 16-byte aligned save area, was 0x"
                    + Long.toHexString(address));
        }
    }
}
