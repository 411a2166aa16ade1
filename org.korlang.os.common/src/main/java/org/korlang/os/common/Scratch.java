package org.korlang.os.common;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.korlang.arch.Arch;

/*
 * Native memory that belongs to the OS port, for marshalling system-call arguments and results.
 *
 * Every pointer that the port hands to the kernel for *writing* points either into a mapping the
 * port made (pinned, see MappingRegistry) or into a Scratch. A Scratch is one direct buffer in
 * native byte order with two regions:
 *   [0, STRUCT_BYTES)                    small structures: timespec, struct stat, utsname, sysctl
 *                                        name arrays and lengths — at offsets each call chooses;
 *   [DATA_OFFSET, DATA_OFFSET+DATA_BYTES) bulk data: file I/O staged for heap buffers (and direct
 *                                        buffers that are not ours), C strings, random bytes.
 * A call takes a Scratch from a pool for its whole duration (try-with-resources) and gives it
 * back after. There are two sizes: calls that only pass structures (futex timeouts, clocks, stat,
 * uname) take a struct-only scratch of STRUCT_BYTES, so that a thread parked in a futex wait holds
 * 1 KiB, not 65; calls that move data take a full one. Each pool is a lock-free queue, so any
 * number of threads (platform or virtual) can make calls while native memory stays bounded by the
 * number of calls in flight; at most MAX_IDLE idle scratches are kept per pool, the rest are left
 * to the garbage collector (which frees direct memory).
 * Java code reads and writes a Scratch only through its ByteBuffer, never by raw address.
 */

/** A native staging area for one system call; close it to return it to its pool. */
public final class Scratch implements AutoCloseable {

    /** Bytes for small structures at the start of the scratch. */
    public static final int STRUCT_BYTES = 1024;
    /** Where the bulk-data region starts. */
    public static final int DATA_OFFSET = STRUCT_BYTES;
    /** Size of the bulk-data region: the largest transfer one call stages. */
    public static final int DATA_BYTES = 64 * 1024;

    private final Pool pool;
    private final ByteBuffer buffer;
    private final long address;
    private final boolean hasData;

    private Scratch(Pool pool, Arch arch, boolean hasData) {
        this.pool = pool;
        this.hasData = hasData;
        this.buffer = ByteBuffer.allocateDirect(hasData ? STRUCT_BYTES + DATA_BYTES : STRUCT_BYTES).order(ByteOrder.nativeOrder());
        this.address = arch.address(buffer);
    }

    /** The whole scratch, native order; use absolute gets and puts. */
    public ByteBuffer buffer() { return buffer; }

    /** The native address of byte {@code offset} of the structure region. */
    public long structAddress(int offset) {
        if (offset < 0 || offset >= STRUCT_BYTES) {
            throw new IndexOutOfBoundsException("struct offset " + offset);
        }
        return address + offset;
    }

    /** The native address of the bulk-data region (full scratches only). */
    public long dataAddress() {
        if (!hasData) {
            throw new IllegalStateException("a struct-only scratch has no data region");
        }
        return address + DATA_OFFSET;
    }

    /** Zeroes {@code length} bytes of the structure region from {@code offset}. */
    public void clearStruct(int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            buffer.put(i, (byte) 0);
        }
    }

    /**
     * Stores {@code bytes} followed by a NUL at the start of the data region and returns its
     * address; {@code bytes} must be shorter than {@link #DATA_BYTES}.
     */
    public long cString(byte[] bytes) {
        if (bytes.length >= DATA_BYTES) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes does not fit the scratch");
        }
        long at = dataAddress();
        buffer.put(DATA_OFFSET, bytes);
        buffer.put(DATA_OFFSET + bytes.length, (byte) 0);
        return at;
    }

    /** Decodes a NUL-terminated string of at most {@code max} bytes at {@code offset} of the whole scratch. */
    public String string(int offset, int max) {
        int length = 0;
        while (length < max && buffer.get(offset + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        pool.release(this);
    }

    /** A bounded pool of scratches of one size for one Os. */
    static final class Pool {
        private static final int MAX_IDLE = 16;

        private final Arch arch;
        private final boolean withData;
        private final ConcurrentLinkedQueue<Scratch> idle = new ConcurrentLinkedQueue<>();
        private final AtomicInteger idleCount = new AtomicInteger();

        Pool(Arch arch, boolean withData) {
            this.arch = arch;
            this.withData = withData;
        }

        Scratch acquire() {
            Scratch s = idle.poll();
            if (s == null) {
                return new Scratch(this, arch, withData);
            }
            idleCount.decrementAndGet();
            return s;
        }

        private void release(Scratch s) {
            if (idleCount.incrementAndGet() <= MAX_IDLE) {
                idle.offer(s);
            } else {
                idleCount.decrementAndGet();
            }
        }
    }
}
