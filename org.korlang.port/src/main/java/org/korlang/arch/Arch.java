package org.korlang.arch;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One CPU architecture's native mechanism, as registered by an arch bundle.
 *
 * <p>An arch bundle registers this service only where its shared library loaded, i.e. on a
 * machine of its own processor. The service carries the property {@link #PROCESSOR} (for example
 * {@code x86_64} or {@code aarch64}) and the property {@link #JVM_ARCH_NAMES}, every {@code os.arch}
 * value a JVM reports on that processor, so that an OS port can bind to the one that matches
 * {@code os.arch}: the arch bundle is the only bundle that knows its processor's names (since 1.1;
 * nothing else in the platform keeps a list of processors).
 *
 * <h2>Raw system calls</h2>
 * {@link #syscall6} executes the processor's system-call instruction with the number and six
 * arguments in the registers the kernel expects and returns what the kernel left in the result
 * register. On Linux a failure is a value in {@code [-4095, -1]} (the negated errno). On Darwin the
 * kernel signals failure with the carry flag and a positive errno; {@link #syscall6Darwin} is the
 * variant of the shim that folds that into the same negated-errno convention, so that OS ports
 * see one convention. No translation of numbers or flags happens here: that is the OS port's job.
 *
 * <h2>Contexts</h2>
 * A context is a save area of {@link #contextSize()} bytes in native memory that holds every
 * callee-saved register of the ABI, the stack pointer, the resume address and the floating-point
 * control state. {@link #contextInit} prepares a context on a fresh stack so that the first
 * {@link #contextSwitch} into it calls {@code entry(arg)}; when {@code entry} returns, the shim
 * switches to {@code returnContext} (it never runs off the top of the stack). Entries are native
 * function addresses: Java code must not run on a stack that the JVM does not know.
 *
 * <p>All addresses are raw native addresses. The arch layer does not validate them — callers
 * (the OS port, the runtime) own the memory and its checks.
 */
@ProviderType
public interface Arch {

    /** Service property naming the processor this arch implements, e.g. {@code "x86_64"}. */
    String PROCESSOR = "arch.processor";

    /**
     * Service property ({@code String[]}, lower case): every {@code os.arch} value a JVM reports on
     * this processor, e.g. {@code amd64, x86_64, x86-64} for x86_64. An OS port binds to the
     * best-ranked Arch whose list holds this JVM's {@code os.arch}.
     *
     * @since 1.1
     */
    String JVM_ARCH_NAMES = "arch.os.arch";

    /** The processor name: {@code "x86_64"} or {@code "aarch64"}. */
    String name();

    /** Size in bytes of a machine word (and of a pointer). */
    int wordSize();

    /** Executes the system-call instruction (Linux convention): returns the raw result, {@code -errno} on failure. */
    long syscall6(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /**
     * Executes the Darwin system-call convention (x86_64: {@code syscall} with the class bits in the
     * number; arm64: {@code svc #0x80} with the number in x16) and folds the carry flag into a
     * negated errno. Only meaningful on a Darwin kernel.
     */
    long syscall6Darwin(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /** Bytes needed for one context save area; areas must be 16-byte aligned. */
    int contextSize();

    /**
     * Prepares {@code context} so that the first switch into it runs {@code entry(arg)} on the
     * stack whose (exclusive) top is {@code stackTop}; a return from {@code entry} switches to
     * {@code returnContext}.
     */
    void contextInit(long context, long stackTop, long entry, long arg, long returnContext);

    /** Saves the current callee-saved state into {@code from} and resumes {@code to}. */
    void contextSwitch(long from, long to);

    /** A spin-wait hint ({@code pause} on x86, {@code yield} on aarch64). */
    void cpuRelax();

    /** The processor's free-running cycle or tick counter ({@code rdtsc}, {@code cntvct_el0}). */
    long cycleCounter();

    // -- raw memory views (unchecked: the OS port validates every range before it asks) ----------

    /** A direct, native-order buffer over {@code [address, address+length)}. No check is made. */
    java.nio.ByteBuffer view(long address, int length);

    /** The native address of a direct buffer's element 0 (ignores its position). */
    long address(java.nio.ByteBuffer direct);

    // -- convenience overloads for the common arities ------------------------------------------

    default long syscall(long number) { return syscall6(number, 0, 0, 0, 0, 0, 0); }
    default long syscall(long number, long a1) { return syscall6(number, a1, 0, 0, 0, 0, 0); }
    default long syscall(long number, long a1, long a2) { return syscall6(number, a1, a2, 0, 0, 0, 0); }
    default long syscall(long number, long a1, long a2, long a3) { return syscall6(number, a1, a2, a3, 0, 0, 0); }
    default long syscall(long number, long a1, long a2, long a3, long a4) { return syscall6(number, a1, a2, a3, a4, 0, 0); }
}
