package org.korlang.os.common;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.korlang.arch.Arch;

/*
 * A test Arch that records every system call an OS port would make and answers from a script.
 *
 * It lets a port's tables be checked on a machine that does not run that kernel or processor: the
 * test asserts the exact numbers and arguments that would reach the kernel, and scripts the
 * results (including -errno) to check how the port reads them.
 *
 * Memory is simulated, not real: every direct buffer the port asks the address of (its scratches,
 * a test's direct buffers) and every region a script allocates (mmap results) gets a fake address
 * in a private range, and view() resolves fake addresses back to slices of those buffers. A view of
 * an address that is not simulated fails the test instead of touching the real address space, so
 * a port that computed a wrong pointer is caught here, not by a crash. Scripted kernels write their
 * out-parameters through memory(address, length), as the kernel would through the pointer.
 */

/** An {@link Arch} that records system calls and answers them from a script, over simulated memory. */
public final class RecordingArch implements Arch {

    /** One recorded system call. */
    public record Syscall(boolean darwin, long number, long[] args) {
        public long arg(int i) { return args[i - 1]; }

        @Override
        public String toString() {
            return (darwin ? "darwin " : "linux ") + "0x" + Long.toHexString(number) + " (" + number + ") " + Arrays.toString(args);
        }
    }

    /** Answers one system call; may read and write simulated memory through {@code arch}. */
    @FunctionalInterface
    public interface Kernel {
        long answer(Syscall call, RecordingArch arch);
    }

    /** Fake addresses start here, far from anything real; regions are 64 KiB aligned. */
    private static final long FIRST_ADDRESS = 0x0000_5000_0000_0000L;
    private static final long REGION_ALIGN = 64 * 1024;

    private final String name;
    private final List<Syscall> calls = new ArrayList<>();
    private final Deque<Kernel> script = new ArrayDeque<>();
    private Kernel otherwise = (call, arch) -> 0;
    private final TreeMap<Long, ByteBuffer> regions = new TreeMap<>();
    private final Map<ByteBuffer, Long> bases = new IdentityHashMap<>();
    private long nextAddress = FIRST_ADDRESS;

    public RecordingArch(String name) {
        this.name = name;
    }

    // ---------------------------------------------------------------------------------- script

    /** The next unscripted call is answered by {@code kernel}. */
    public synchronized RecordingArch then(Kernel kernel) {
        script.addLast(kernel);
        return this;
    }

    /** The next unscripted call returns {@code result}. */
    public RecordingArch thenReturn(long result) {
        return then((call, arch) -> result);
    }

    /** Calls beyond the script are answered by {@code kernel} (default: 0). */
    public synchronized RecordingArch otherwise(Kernel kernel) {
        this.otherwise = kernel;
        return this;
    }

    /** Every call recorded so far, oldest first. */
    public synchronized List<Syscall> calls() {
        return new ArrayList<>(calls);
    }

    /** The most recent call. */
    public synchronized Syscall last() {
        if (calls.isEmpty()) {
            throw new AssertionError("no system call was made");
        }
        return calls.get(calls.size() - 1);
    }

    /** Forgets the recorded calls and any script left over. */
    public synchronized void reset() {
        calls.clear();
        script.clear();
    }

    // ---------------------------------------------------------------------------------- memory

    /** A simulated region of {@code size} bytes (zeroed, 64 KiB aligned); returns its fake address. */
    public synchronized long allocate(long size) {
        ByteBuffer region = ByteBuffer.allocateDirect(Math.toIntExact(size)).order(ByteOrder.nativeOrder());
        return register(region);
    }

    /** Simulated memory at a fake address. */
    public synchronized ByteBuffer memory(long address, int length) {
        Map.Entry<Long, ByteBuffer> e = regions.floorEntry(address);
        if (e == null || address + length > e.getKey() + e.getValue().capacity()) {
            throw new AssertionError("the port touched 0x" + Long.toHexString(address) + " (+" + length + "), which is not simulated memory");
        }
        int offset = (int) (address - e.getKey());
        ByteBuffer view = e.getValue().slice(offset, length).order(ByteOrder.nativeOrder());
        bases.put(view, address); // so that address(view) answers like a real arch would
        return view;
    }

    private long register(ByteBuffer buffer) {
        long base = nextAddress;
        long span = (buffer.capacity() + REGION_ALIGN - 1) / REGION_ALIGN * REGION_ALIGN;
        nextAddress = base + span + REGION_ALIGN; // a gap, so that overruns do not land in a neighbour
        regions.put(base, buffer);
        bases.put(buffer, base);
        return base;
    }

    // ------------------------------------------------------------------------------------ Arch

    @Override
    public String name() { return name; }

    @Override
    public int wordSize() { return 8; }

    @Override
    public long syscall6(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        return record(false, number, a1, a2, a3, a4, a5, a6);
    }

    @Override
    public long syscall6Darwin(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        return record(true, number, a1, a2, a3, a4, a5, a6);
    }

    private long record(boolean darwin, long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        Syscall call = new Syscall(darwin, number, new long[] {a1, a2, a3, a4, a5, a6});
        Kernel kernel;
        synchronized (this) {
            calls.add(call);
            kernel = script.isEmpty() ? otherwise : script.removeFirst();
        }
        return kernel.answer(call, this);
    }

    @Override
    public ByteBuffer view(long address, int length) {
        return memory(address, length);
    }

    @Override
    public synchronized long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        Long base = bases.get(direct);
        return base != null ? base : register(direct);
    }

    @Override
    public int contextSize() { throw new UnsupportedOperationException("recording arch"); }

    @Override
    public void contextInit(long context, long stackTop, long entry, long arg, long returnContext) {
        throw new UnsupportedOperationException("recording arch");
    }

    @Override
    public void contextSwitch(long from, long to) { throw new UnsupportedOperationException("recording arch"); }

    @Override
    public void cpuRelax() { Thread.onSpinWait(); }

    @Override
    public long cycleCounter() { return System.nanoTime(); }
}
