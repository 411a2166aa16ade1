package org.korlang.vm;

/**
 * Where a running program's standard streams go: the process's file descriptors through the
 * {@code Os} port ({@code bin/korlang run}), a Gogo session ({@code korlang:run}), or a buffer (tests).
 * The VM buffers output itself and calls {@link #write} with whole chunks.
 */
public interface Console {

    /** Writes program output (UTF-8 bytes). */
    void write(byte[] bytes, int offset, int length);

    /** Writes an error report (UTF-8 bytes) — the runtime error and its Korlang stack trace. */
    void writeError(byte[] bytes, int offset, int length);

    /** Pushes written output out (called at exit, on readLine and on a runtime error). */
    void flush();

    /** Reads one line of standard input without its line end, or null at end of input. */
    byte[] readLine();

    /**
     * Reads the rest of standard input (bytes as they are). The default joins the remaining
     * {@link #readLine} lines, each with a {@code \n}.
     *
     * @since 1.1
     */
    default byte[] readAll() {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] line = readLine(); line != null; line = readLine()) {
            all.write(line, 0, line.length);
            all.write('\n');
        }
        return all.toByteArray();
    }

    /**
     * Whether output goes to a terminal, where the VM flushes at every newline (default false).
     *
     * @since 1.1
     */
    default boolean interactive() {
        return false;
    }
}
