package org.korlang.vm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/** A console that collects output and error text and serves given input lines. */
public final class TestConsole implements Console {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ArrayDeque<String> input;

    public TestConsole() {
        this(List.of());
    }

    public TestConsole(List<String> input) {
        this.input = new ArrayDeque<>(input);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
    }

    @Override
    public synchronized void writeError(byte[] bytes, int offset, int length) {
        err.write(bytes, offset, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public byte[] readLine() {
        String line = input.poll();
        return line == null ? null : line.getBytes(StandardCharsets.UTF_8);
    }

    public synchronized String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public synchronized String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
