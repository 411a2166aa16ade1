package org.korlang.arch.common;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.function.Supplier;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.korlang.arch.Arch;

/**
 * {@link Arch} over a shim library: a thin adapter from the port API to {@link ShimFunctions}.
 *
 * <p>Each arch bundle has one final subclass ({@code X86_64Arch}, {@code Aarch64Arch}) whose only
 * job is to name its {@link ShimCpu} and its natives class and to offer the public entry point
 * {@code load()}; everything an {@code Arch} does is here, once. Getting one:
 * <ol>
 * <li>{@link #bind}: the host must be Linux or macOS on the port's processor ({@link HostPlatform}),
 *     the library for that system must load ({@link ShimLibraryLoader}), and JNA must find every
 *     entry point in it;
 *     each failure is a {@link ShimUnavailableException} that says which;
 * <li>the constructor asks the library for its save-area size and refuses a library whose answer
 *     cannot be right (not a positive multiple of 16).
 * </ol>
 *
 * <p>Checks: the raw-memory and system-call methods pass values through unchecked, as the
 * {@link Arch} contract says (the OS port validates ranges). The context methods reject the
 * mistakes that can be caught for the price of a compare — a null or misaligned save area, a
 * null stack or entry — with {@link IllegalArgumentException}, because those would otherwise
 * crash the JVM. What cannot be checked cheaply (that a context is live, that a stack is big
 * enough) remains the caller's responsibility.
 */
public abstract class ShimArch implements Arch {

    private final ShimCpu cpu;
    private final ShimFunctions shim;
    private final int contextSize;

    /**
     * @param cpu  the port's facts ({@link #name()}, {@link #wordSize()})
     * @param shim the port's natives, already bound ({@link #bind})
     * @throws ShimUnavailableException if the library's save-area size cannot be this shim's
     */
    protected ShimArch(ShimCpu cpu, ShimFunctions shim) {
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.shim = Objects.requireNonNull(shim, "shim");
        int size = shim.kr_ctx_size();
        if (size <= 0 || size % 16 != 0) {
            throw new ShimUnavailableException("the loaded library reports a context size of "
                    + size + " bytes (must be a positive multiple of 16): not this shim");
        }
        this.contextSize = size;
    }

    /**
     * Checks the host, loads the library and links the natives of {@code shimClass} to it, then
     * returns a new instance of that class, ready for the constructor.
     *
     * <p>Binding is per class (that is how JNI natives work), so it is done once: the bundle may
     * stop and start again in the same class loader and find its natives still bound to the same
     * library, which the dynamic linker keeps loaded for the life of the JVM.
     *
     * @throws ShimUnavailableException if this is not Linux or macOS on {@code cpu}'s processor,
     *         the library cannot be loaded, or it lacks one of the shim's functions; the message says why
     */
    protected static <S extends ShimFunctions> S bind(ShimCpu cpu, HostPlatform host, ShimLibraryLoader loader,
            Class<S> shimClass, Supplier<S> newShim) {
        host.whyNotServedBy(cpu).ifPresent(reason -> {
            throw new ShimUnavailableException(reason);
        });
        NativeLibrary library = loader.load();
        try {
            synchronized (shimClass) {
                if (!Native.registered(shimClass)) {
                    Native.register(shimClass, library);
                }
            }
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            throw new ShimUnavailableException("library " + library.getFile()
                    + " does not have the " + cpu.processor() + " shim's functions: " + e.getMessage(), e);
        }
        return newShim.get();
    }

    @Override
    public final String name() {
        return cpu.processor();
    }

    @Override
    public final int wordSize() {
        return cpu.wordSize();
    }

    @Override
    public final long syscall6(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        return shim.kr_syscall6(number, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public final long syscall6Darwin(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        return shim.kr_syscall6_darwin(number, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public final int contextSize() {
        return contextSize;
    }

    @Override
    public final void contextInit(long context, long stackTop, long entry, long arg, long returnContext) {
        requireSaveArea("context", context);
        requireSaveArea("returnContext", returnContext);
        if (stackTop == 0) {
            throw new IllegalArgumentException("stackTop must be the (exclusive) top of a stack, was 0");
        }
        if (entry == 0) {
            throw new IllegalArgumentException("entry must be a native function address, was 0");
        }
        shim.kr_ctx_init(context, stackTop, entry, arg, returnContext);
    }

    @Override
    public final void contextSwitch(long from, long to) {
        if (from == 0 || to == 0 || ((from | to) & 15) != 0) {
            requireSaveArea("from", from);
            requireSaveArea("to", to);
        }
        shim.kr_ctx_switch(from, to);
    }

    @Override
    public final void cpuRelax() {
        shim.kr_cpu_relax();
    }

    @Override
    public final long cycleCounter() {
        return shim.kr_cycle_counter();
    }

    @Override
    public final ByteBuffer view(long address, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
        if (address == 0 && length > 0) {
            throw new IllegalArgumentException("cannot view " + length + " bytes at address 0");
        }
        return new Pointer(address).getByteBuffer(0, length).order(ByteOrder.nativeOrder());
    }

    @Override
    public final long address(ByteBuffer direct) {
        Objects.requireNonNull(direct, "direct");
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[contextSize=" + contextSize + "]";
    }

    private static void requireSaveArea(String name, long address) {
        if (address == 0 || (address & 15) != 0) {
            throw new IllegalArgumentException(name + " must be a 16-byte aligned save area, was 0x"
                    + Long.toHexString(address));
        }
    }
}
