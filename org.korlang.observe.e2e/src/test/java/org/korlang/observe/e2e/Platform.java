package org.korlang.observe.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The platform as a user runs it: {@code bin/korlang} of this checkout (the jar the build just
 * exported) in a child process with its own KORLANG_HOME, standard input a pipe (the Gogo prompt)
 * and every line of its standard output and error kept for the test to wait on. {@link #close()}
 * stops the framework ({@code stop 0}) and kills the process if it does not end in time.
 */
final class Platform implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("korlang.root", "..")).toAbsolutePath().normalize();

    private final Process process;
    private final Writer stdin;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();

    private Platform(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        readers.add(drain(process.getInputStream(), out, "stdout"));
        readers.add(drain(process.getErrorStream(), err, "stderr"));
    }

    /** Starts {@code bin/korlang args...} with these environment additions. */
    static Platform start(Map<String, String> env, String... args) throws IOException {
        Path launcher = ROOT.resolve("bin/korlang");
        if (!Files.isRegularFile(ROOT.resolve("org.korlang.distribution/target/korlang.jar"))) {
            throw new IllegalStateException("no platform jar under " + ROOT + ": build org.korlang.distribution first");
        }
        ProcessBuilder pb = new ProcessBuilder();
        pb.command().add(launcher.toString());
        pb.command().addAll(List.of(args));
        pb.environment().putAll(env);
        pb.directory(ROOT.toFile());
        return new Platform(pb.start());
    }

    private static Thread drain(java.io.InputStream stream, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "platform-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Types a line at the Gogo prompt. */
    void type(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits for a line of {@code lines} that matches; fails with what was seen after {@code timeout}. */
    String await(List<String> lines, Predicate<String> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long endedAt = 0;
        while (true) {
            boolean ended = !process.isAlive();
            for (String line : lines) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (ended) {
                // give the reader threads a moment for the last lines, then fail at once
                if (endedAt == 0) {
                    endedAt = System.nanoTime();
                } else if (System.nanoTime() - endedAt > 1_000_000_000L) {
                    throw new AssertionError("the platform ended (exit " + process.exitValue() + ") before " + what + "\n"
                            + transcript());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout + "\n" + transcript());
            }
            Thread.sleep(50);
        }
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the platform did not end within " + timeout + "\n" + transcript());
        }
        // the process has ended: its output is complete once the readers reach the end of its pipes
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
        return process.exitValue();
    }

    String transcript() {
        List<String> tail = out.size() > 40 ? out.subList(out.size() - 40, out.size()) : out;
        return "--- stderr\n" + String.join("\n", err) + "\n--- stdout (last 40 lines)\n" + String.join("\n", tail);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            try {
                type("stop 0");
            } catch (IOException gone) {
                // already ending
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
