package org.korlang.vm.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.standalone.Heaps;
import org.korlang.lang.CompileResult;
import org.korlang.lang.Diagnostic;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.vm.Heaps4Test;
import org.korlang.vm.KorlangVm;
import org.korlang.vm.Outcome;
import org.korlang.vm.TestConsole;
import org.korlang.vm.VmOptions;

/**
 * The conformance suite: every script under {@code src/test/korlang/**.kor} (written on branch
 * {@code conf}; format in its README) in five modes — on each GC policy (generational, marksweep,
 * semispace), under GC stress (a collection every {@link #STRESS_EVERY} allocations — fewer for
 * allocation-heavy scripts, see {@link #stressInterval} — with the heap verifier before and after
 * each, the policy chosen per script), and with the policy switched at random moments (every 0.5–3 ms,
 * from another thread) while the script runs. Each run has its own small heap and a time limit;
 * the scripts of a mode run two at a time. A failure names the script and the mode and shows what
 * differed. A script marked {@code // skip:} is reported as skipped with its reason. The system
 * property {@code korlang.conformance.only} keeps only the scripts whose name contains it.
 *
 * <p>Each script is compiled once; a compile-error script is checked in the generational mode only
 * (the other modes would compile the same text again).
 */
class ConformanceTest {

    static final Path ROOT = Path.of("src/test/korlang");
    static final int STRESS_EVERY = 25;
    static final int STRESS_COLLECTIONS = 150;
    static final long LIMIT_SECONDS = 30;
    /** GC stress runs the heap verifier around every collection: allocation-heavy scripts need longer. */
    static final long STRESS_LIMIT_SECONDS = 120;

    enum Mode { GENERATIONAL, MARKSWEEP, SEMISPACE, GC_STRESS, POLICY_SWITCHES }

    private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "conformance");
        t.setDaemon(true);
        return t;
    });
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "conformance-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final Map<Path, CompileResult> COMPILED = new ConcurrentHashMap<>();

    @AfterAll
    static void shutdown() {
        POOL.shutdownNow();
        WATCHDOG.shutdownNow();
    }

    @TestFactory
    Stream<DynamicContainer> conformance() throws IOException {
        List<Script> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".kor")).sorted().toList()) {
                scripts.add(Script.parse(ROOT, p));
            }
        }
        // -Dkorlang.conformance.only=stdlib_fs,collections runs only those folders (for working on them)
        String only = System.getProperty("korlang.conformance.only", "");
        if (!only.isBlank()) {
            List<String> folders = List.of(only.split(","));
            scripts.removeIf(s -> folders.stream().noneMatch(f -> s.name().startsWith(f.trim() + "/")));
        } else if (scripts.size() < 250) {
            fail("expected at least 250 conformance scripts under " + ROOT.toAbsolutePath() + ", found " + scripts.size());
        }
        // one task per script runs its modes in order: the generational run measures how much the
        // script allocates, which sets the GC-stress interval (see stressInterval)
        Map<Script, Future<Map<Mode, String>>> results = new java.util.LinkedHashMap<>();
        for (Script s : scripts) {
            if (s.skip() == null) {
                results.put(s, POOL.submit(() -> {
                    Map<Mode, String> r = new java.util.EnumMap<>(Mode.class);
                    long[] allocated = {0};
                    for (Mode mode : Mode.values()) {
                        r.put(mode, check(s, mode, allocated));
                    }
                    return r;
                }));
            }
        }
        List<DynamicContainer> modes = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            List<DynamicTest> tests = new ArrayList<>();
            for (Script s : scripts) {
                Future<Map<Mode, String>> result = results.get(s);
                tests.add(DynamicTest.dynamicTest(s.name() + " [" + mode.name().toLowerCase() + "]", () -> {
                    Assumptions.assumeTrue(s.skip() == null, () -> "skip: " + s.skip());
                    String failure = result.get(STRESS_LIMIT_SECONDS * 20, TimeUnit.SECONDS).get(mode);
                    if (SAME_AS_GENERATIONAL.equals(failure)) {
                        Assumptions.abort("compile-error script: checked in the generational mode");
                    }
                    if (failure != null) {
                        fail(s.name() + " [" + mode.name().toLowerCase() + "]: " + failure);
                    }
                }));
            }
            modes.add(DynamicContainer.dynamicContainer(mode.name().toLowerCase(), tests));
        }
        return modes.stream();
    }

    /** A compile-error script outside the generational mode: nothing runs, so nothing to check again. */
    static final String SAME_AS_GENERATIONAL = "same as generational";

    /** Runs one script in one mode; returns null when it behaved as expected, else what differed. */
    static String check(Script s, Mode mode, long[] allocated) {
        CompileResult compiled = COMPILED.computeIfAbsent(s.path(),
                p -> new KorlangCompiler().compile(SourceFile.ofUtf8(p.getFileName().toString(), s.source())));
        Set<String> errors = new TreeSet<>();
        Set<String> warnings = new TreeSet<>();
        for (Diagnostic d : compiled.diagnostics()) {
            (d.isError() ? errors : warnings).add(d.line() + ": " + d.message());
        }
        String diagnostics = compareDiagnostics("compile errors", s.compileErrors(), errors)
                + compareDiagnostics("warnings", s.warnings(), warnings);
        if (!s.compileErrors().isEmpty() || !errors.isEmpty()) {
            if (mode != Mode.GENERATIONAL) {
                return SAME_AS_GENERATIONAL;
            }
            return diagnostics.isEmpty() ? null : diagnostics + "\n" + compiled.formatDiagnostics();
        }
        if (compiled.program().isEmpty()) {
            return "the compiler gave neither a program nor a diagnostic";
        }
        if (!diagnostics.isEmpty()) {
            return diagnostics + "\n" + compiled.formatDiagnostics();
        }
        TestConsole console = new TestConsole(s.stdin());
        Outcome outcome;
        long seed = s.name().hashCode() * 31L + mode.ordinal();
        HeapConfig.Builder config = HeapConfig.builder().heapLimitBytes(128L << 20).nurseryBytes(2L << 20).gcThreads(1);
        String policy = switch (mode) {
            case MARKSWEEP -> "marksweep";
            case SEMISPACE -> "semispace";
            default -> "generational";
        };
        if (mode == Mode.GC_STRESS) {
            config.verify(true).stressEvery(stressInterval(allocated[0]));
            policy = List.of("generational", "marksweep", "semispace").get((int) Math.floorMod(seed, 3));
        }
        List<Throwable> switchFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread self = Thread.currentThread();
        AtomicBoolean finished = new AtomicBoolean();
        long limit = mode == Mode.GC_STRESS ? STRESS_LIMIT_SECONDS : LIMIT_SECONDS;
        var watchdog = WATCHDOG.schedule(() -> {
            if (!finished.get()) {
                self.interrupt();
            }
        }, limit, TimeUnit.SECONDS);
        try (Heaps.ClosableHeap heap = Heaps4Test.create(config, policy)) {
            Thread switcher = mode == Mode.POLICY_SWITCHES ? switcher(heap, seed, finished, switchFailures) : null;
            try {
                outcome = new KorlangVm(heap, Heaps4Test.os()).run(compiled.program().get(), s.args(), console, VmOptions.defaults());
            } finally {
                finished.set(true);
                watchdog.cancel(false);
                Thread.interrupted();
                if (switcher != null) {
                    try {
                        switcher.join(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (mode == Mode.GENERATIONAL) {
                allocated[0] = heap.stats().bytesAllocated();
            }
        }
        StringBuilder problems = new StringBuilder();
        List<String> got = lines(console.out());
        if (!got.equals(s.out())) {
            problems.append("stdout differs\n  expected: ").append(s.out()).append("\n  actual:   ").append(got).append('\n');
        }
        if (s.runtimeError() != null) {
            String first = console.err().lines().findFirst().orElse("");
            if (!first.equals("error: " + s.runtimeError())) {
                problems.append("expected runtime error 'error: ").append(s.runtimeError()).append("', got '").append(first).append("'\n");
            }
        } else if (outcome.failed()) {
            problems.append("unexpected runtime error:\n").append(console.err());
        }
        if ("interrupted".equals(outcome.errorMessage())) {
            problems.append("timed out after ").append(limit).append(" s\n");
        }
        for (Throwable t : switchFailures) {
            problems.append("a policy switch failed: ").append(t).append('\n');
        }
        if (outcome.exitCode() != s.exit()) {
            problems.append("exit status ").append(outcome.exitCode()).append(", expected ").append(s.exit()).append('\n');
        }
        if (mode == Mode.POLICY_SWITCHES || mode == Mode.GC_STRESS) {
            if (problems.length() > 0) {
                problems.append("(seed ").append(seed).append(", policy ").append(policy).append(")\n");
            }
        }
        return problems.length() == 0 ? null : problems.toString();
    }

    /**
     * The GC-stress interval for a script that allocated {@code bytes} in its generational run: a
     * collection every {@link #STRESS_EVERY} allocations, but never more than about
     * {@link #STRESS_COLLECTIONS} collections per run — each one verifies the whole heap and scans
     * the whole stack, so an allocation-heavy or very deep script would otherwise take hours.
     */
    static int stressInterval(long bytes) {
        long allocations = bytes / 32;
        return (int) Math.max(STRESS_EVERY, Math.min(100_000, allocations / STRESS_COLLECTIONS));
    }

    private static List<String> lines(String out) {
        if (out.isEmpty()) {
            return List.of();
        }
        String t = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
        return List.of(t.split("\n", -1));
    }

    private static String compareDiagnostics(String what, Set<String> expected, Set<String> actual) {
        // expected entries are "line: fragment"; an actual one matches when on that line and containing it
        Set<String> unmatched = new TreeSet<>(expected);
        Set<String> extra = new TreeSet<>();
        for (String a : actual) {
            String line = a.substring(0, a.indexOf(':'));
            String message = a.substring(a.indexOf(':') + 2);
            String hit = null;
            for (String e : unmatched) {
                String el = e.substring(0, e.indexOf(':'));
                if (el.equals(line) && message.contains(e.substring(e.indexOf(':') + 2))) {
                    hit = e;
                    break;
                }
            }
            if (hit != null) {
                unmatched.remove(hit);
            } else {
                extra.add(a);
            }
        }
        if (unmatched.isEmpty() && extra.isEmpty()) {
            return "";
        }
        return what + ": missing " + unmatched + ", unexpected " + extra + "\n";
    }

    /** Switches the heap's policy at random moments until {@code finished}. */
    private static Thread switcher(Heaps.ClosableHeap heap, long seed, AtomicBoolean finished, List<Throwable> failures) {
        Thread t = new Thread(() -> {
            Random r = new Random(seed);
            String[] names = {"generational", "marksweep", "semispace"};
            while (!finished.get()) {
                LockSupport.parkNanos(500_000 + r.nextInt(2_500_000));
                if (finished.get()) {
                    break;
                }
                String name = names[r.nextInt(3)];
                try {
                    if (name.equals("semispace")) {
                        heap.switchPolicy(Heaps4Test.SEMISPACE);
                    } else {
                        heap.switchPolicy(name);
                    }
                } catch (org.korlang.gc.HeapExhaustedException e) {
                    // documented: the live objects do not fit the new policy's spaces (a script that
                    // fills the heap on purpose, e.g. with stack chunks); the heap stays as it was
                } catch (RuntimeException e) {
                    failures.add(e);
                    return;
                }
            }
        }, "conformance-switcher");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
