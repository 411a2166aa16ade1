package org.korlang.vm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.korlang.os.Os;
import org.korlang.os.OsException;

/**
 * The process's standard streams through the {@code Os} port: output is written to fd 1 (errors to
 * fd 2) with the port's {@code write} system call from one direct buffer, and lines are read from
 * fd 0 with {@code read} — no {@code java.io} on the program's path (ARCHITECTURE.md: stdlib effects
 * go through Os). Partial writes are continued; a closed pipe (EPIPE) ends output silently. Standard
 * output that is a character device (fstat of fd 1) counts as a terminal: the VM then flushes at
 * every newline.
 * Not thread-safe: one per run.
 */
public final class OsConsole implements Console {

    private final Os os;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 << 10);
    private final ByteBuffer in = ByteBuffer.allocateDirect(16 << 10);
    private boolean inEof;
    private boolean broken;
    private final boolean terminal;

    public OsConsole(Os os) {
        this.os = os;
        in.limit(0);
        boolean tty;
        try {
            // a character device on fd 1 (a terminal; /dev/null too, where flushing costs nothing)
            tty = (os.fstat(1).mode() & org.korlang.os.FileStat.S_IFMT) == 0020000;
        } catch (OsException e) {
            tty = false;
        }
        this.terminal = tty;
    }

    @Override
    public boolean interactive() {
        return terminal;
    }

    @Override
    public byte[] readAll() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        if (in.hasRemaining()) {
            byte[] rest = new byte[in.remaining()];
            in.get(rest);
            all.write(rest, 0, rest.length);
        }
        while (!inEof) {
            in.clear();
            int n;
            try {
                n = os.read(0, in, in.capacity());
            } catch (OsException e) {
                if ("EINTR".equals(e.errnoName())) {
                    continue;
                }
                n = 0;
            }
            if (n <= 0) {
                inEof = true;
            } else {
                in.flip();
                byte[] chunk = new byte[n];
                in.get(chunk);
                all.write(chunk, 0, n);
            }
        }
        in.clear();
        in.limit(0);
        return all.toByteArray();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        writeFd(1, bytes, offset, length);
    }

    @Override
    public void writeError(byte[] bytes, int offset, int length) {
        writeFd(2, bytes, offset, length);
    }

    private void writeFd(int fd, byte[] bytes, int offset, int length) {
        while (length > 0 && !broken) {
            int n = Math.min(length, buffer.capacity());
            buffer.clear();
            buffer.put(bytes, offset, n);
            buffer.flip();
            while (buffer.hasRemaining()) {
                try {
                    os.write(fd, buffer, buffer.remaining()); // advances the position
                } catch (OsException e) {
                    if ("EINTR".equals(e.errnoName()) || "EAGAIN".equals(e.errnoName())) {
                        continue;
                    }
                    broken = true; // EPIPE and the like: the reader is gone
                    return;
                }
            }
            offset += n;
            length -= n;
        }
    }

    @Override
    public void flush() {
        // every write already reached the kernel; the VM buffers above this
    }

    @Override
    public byte[] readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (!in.hasRemaining()) {
                if (inEof) {
                    return line.size() == 0 ? null : strip(line.toByteArray());
                }
                in.clear();
                int n;
                try {
                    n = os.read(0, in, in.capacity());
                } catch (OsException e) {
                    n = 0;
                }
                in.position(0);
                in.limit(Math.max(0, n));
                if (n <= 0) {
                    inEof = true;
                    continue;
                }
            }
            byte b = in.get();
            if (b == '\n') {
                return strip(line.toByteArray());
            }
            line.write(b);
        }
    }

    private static byte[] strip(byte[] line) {
        if (line.length > 0 && line[line.length - 1] == '\r') {
            return java.util.Arrays.copyOf(line, line.length - 1);
        }
        return line;
    }
}
