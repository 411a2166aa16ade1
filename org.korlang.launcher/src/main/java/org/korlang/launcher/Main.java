package org.korlang.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.korlang.arch.Arch;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.standalone.Heaps;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.ProgramFile;
import org.korlang.lang.bytecode.ProgramFileException;
import org.korlang.os.Os;
import org.korlang.os.mappings.MappingRegistry;
import org.korlang.os.linux.internal.LinuxOs;
import org.korlang.vm.BytecodeException;
import org.korlang.vm.KorlangVm;
import org.korlang.vm.OsConsole;
import org.korlang.vm.Outcome;
import org.korlang.vm.VmOptions;
import org.korlang.scheduler.standalone.StandaloneScheduler;

/**
 * {@code bin/korlang run prog.kor [args…]}, {@code bin/korlang check prog.kor},
 * {@code bin/korlang compile prog.kor -o prog.kbc} (the bytecode file, {@link ProgramFile}, which
 * {@code run prog.kbc} loads without the front end — the VM verifies it as it verifies compiled code;
 * a file that is not one, or is truncated, corrupt or from another instruction set, is refused with
 * exit status 65) and {@code bin/korlang build prog.kor -o prog.jar} ({@link ProgramJar}): the fast path,
 * without an OSGi framework. The platform's bundles are plain jars on the class path; this class
 * wires by hand what Declarative Services wires in the platform — the {@code Arch} of this processor,
 * the Linux {@code Os} over it, a heap with the chosen policy (semispace from its own jar), and a
 * standalone {@code Scheduler} (work-stealing, or {@code KORLANG_SCHED=fifo}) for the program's
 * tasks — then compiles with the front end and runs on the VM. Nothing is shared between runs (no framework cache),
 * so any number may run at once with the same {@code KORLANG_HOME}.
 *
 * <p>Exit status: main's Int result (0 for Void) or the code of {@code system.exit}, 65 after compile
 * errors, 70 after a runtime error, 64 for a usage error, 66 when the file cannot be read. After a
 * program ran (its console flushed, heap and scheduler closed), the process ends through the
 * {@code Os} port's {@code exit_group} ({@link ProcessExit}), like every other effect of the program.
 *
 * <p>Options (before the file): {@code --gc=generational|marksweep|semispace},
 * {@code --heap=SIZE} (limit, e.g. 512m), {@code --nursery=SIZE}, {@code --max-stack=SIZE},
 * {@code --verify-heap} (the heap verifier around every collection), {@code --gc-stress=N}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] argv) {
        ProcessExit exit = new ProcessExit(Boolean.getBoolean(ProcessExit.JVM_EXIT_PROPERTY));
        byte[] embedded = ProgramJar.embeddedProgram();
        int status = embedded != null
                // java -jar prog.jar args…: the program that `bin/korlang build` put in this jar
                ? runEmbedded(embedded, argv, exit)
                : run(argv, null, exit);
        exit.exit(status);
    }

    /** Runs the program embedded in an executable jar: all of argv are the program's arguments. */
    static int runEmbedded(byte[] source, String[] argv, ProcessExit exit) {
        String[] runArgv = new String[argv.length + 3];
        runArgv[0] = "run";
        runArgv[1] = "--";
        runArgv[2] = ProgramJar.PROGRAM_NAME;
        System.arraycopy(argv, 0, runArgv, 3, argv.length);
        return run(runArgv, source, exit);
    }

    /**
     * {@code embeddedSource}: the program's text when it comes from the jar, else null (read the file).
     * A program run hands its {@code Os} to {@code exit}, which ends the process through it.
     */
    static int run(String[] argv, byte[] embeddedSource, ProcessExit exit) {
        if (argv.length > 0 && argv[0].equals("build")) {
            return ProgramJar.build(argv);
        }
        if (argv.length > 0 && argv[0].equals("compile")) {
            return compileToFile(argv);
        }
        if (argv.length == 0 || !(argv[0].equals("run") || argv[0].equals("check"))) {
            return usage("expected 'run', 'check', 'compile' or 'build'");
        }
        boolean check = argv[0].equals("check");
        String policy = System.getenv().getOrDefault("KORLANG_GC", HeapConfig.DEFAULT_POLICY);
        HeapConfig.Builder config = HeapConfig.builder();
        VmOptions options = VmOptions.defaults();
        boolean dump = false;
        int i = 1;
        try {
            for (; i < argv.length && argv[i].startsWith("--"); i++) {
                String a = argv[i];
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                String value = eq < 0 ? "" : a.substring(eq + 1);
                switch (name) {
                    case "--gc" -> policy = value;
                    case "--heap" -> config.heapLimitBytes(size(value));
                    case "--nursery" -> config.nurseryBytes(size(value));
                    case "--max-stack" -> options = options.withMaxStackBytes(size(value));
                    case "--verify-heap" -> config.verify(true);
                    case "--gc-stress" -> config.stressEvery(Integer.parseInt(value));
                    case "--dump-bytecode" -> dump = true;
                    case "--" -> {
                        i++;
                        throw new Done();
                    }
                    default -> {
                        return usage("unknown option " + a);
                    }
                }
            }
        } catch (Done d) {
            // end of options
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        if (i >= argv.length) {
            return usage("no program file given");
        }
        Path file = Path.of(argv[i]);
        List<String> args = new ArrayList<>(List.of(argv).subList(i + 1, argv.length));
        byte[] text;
        try {
            text = embeddedSource != null ? embeddedSource : Files.readAllBytes(file);
        } catch (IOException e) {
            System.err.println("korlang: cannot read " + file + ": " + e.getMessage());
            return 66;
        }
        boolean bytecode = embeddedSource == null && (ProgramFile.looksLikeBytecode(text) || file.toString().endsWith(".kbc"));
        Program program;
        if (bytecode) {
            // bin/korlang compile's output: no front end; the VM's verifier checks it at load
            if (check) {
                return usage("check takes a source file, not the bytecode file " + file);
            }
            try {
                program = ProgramFile.read(text);
            } catch (ProgramFileException e) {
                System.err.println("korlang: " + file + ": " + e.getMessage());
                return Outcome.COMPILE_ERROR;
            }
        } else {
            Compiled compiled = compile(file, text, check);
            if (compiled.program() == null) {
                return compiled.status();
            }
            program = compiled.program();
        }
        if (dump) {
            System.err.print(org.korlang.lang.bytecode.Disassembler.listing(program));
        }
        Os os = new LinuxOs(arch(), new MappingRegistry());
        exit.endThrough(os);
        HeapConfig heapConfig;
        try {
            heapConfig = config.policy("semispace".equals(policy) ? HeapConfig.DEFAULT_POLICY : policy).build();
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        String schedPolicy = System.getenv().getOrDefault("KORLANG_SCHED", "work-stealing");
        try (Heaps.ClosableHeap heap = heap(os, heapConfig, policy);
                StandaloneScheduler scheduler = StandaloneScheduler.builder().policy(schedPolicy).start()) {
            Outcome o = new KorlangVm(new LauncherHeap(heap), scheduler, os).run(program, args, new OsConsole(os), options);
            if (System.getenv("KORLANG_TIMING") != null) {
                long cpu = 0;
                var threads = java.lang.management.ManagementFactory.getThreadMXBean();
                for (long id : threads.getAllThreadIds()) {
                    cpu += Math.max(0, threads.getThreadCpuTime(id));
                }
                System.err.printf("korlang: cpu of live threads %d ms (main and scheduler workers)%n", cpu / 1_000_000);
            }
            return o.exitCode();
        } catch (BytecodeException e) {
            if (bytecode) {
                System.err.println("korlang: " + file + ": the bytecode does not verify: " + e.getMessage());
                return Outcome.COMPILE_ERROR;
            }
            System.err.println("korlang: internal compiler error (the generated bytecode does not verify): " + e.getMessage());
            return Outcome.RUNTIME_ERROR;
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
    }

    /** A compiled program, or null with the exit status (65, or 0 for a clean check). */
    private record Compiled(Program program, int status) {
    }

    /** Compiles (or only checks) a source, printing its diagnostics. */
    private static Compiled compile(Path file, byte[] text, boolean check) {
        KorlangCompiler compiler = new KorlangCompiler();
        SourceFile source = SourceFile.ofUtf8(file.getFileName().toString(), text);
        CompileResult result = check ? compiler.check(source) : compiler.compile(source);
        String diagnostics = result.formatDiagnostics();
        if (!diagnostics.isEmpty()) {
            System.err.print(diagnostics);
            System.err.flush();
        }
        if (result.hasErrors()) {
            return new Compiled(null, Outcome.COMPILE_ERROR);
        }
        if (check) {
            return new Compiled(null, 0);
        }
        if (result.program().isEmpty()) {
            System.err.println("korlang: internal compiler error: no program and no diagnostic for " + file);
            return new Compiled(null, Outcome.COMPILE_ERROR);
        }
        return new Compiled(result.program().get(), 0);
    }

    /**
     * {@code compile prog.kor -o prog.kbc}: the bytecode file that {@code run prog.kbc} runs without
     * the front end. Exit status 0, 64 usage, 65 compile errors, 66 I/O.
     */
    static int compileToFile(String[] argv) {
        if (argv.length != 4 || !argv[2].equals("-o")) {
            return usage("expected: compile prog.kor -o prog.kbc");
        }
        Path file = Path.of(argv[1]);
        Path out = Path.of(argv[3]);
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (IOException e) {
            System.err.println("korlang: cannot read " + file + ": " + e.getMessage());
            return 66;
        }
        Compiled compiled = compile(file, text, false);
        if (compiled.program() == null) {
            return compiled.status();
        }
        try {
            Files.write(out, ProgramFile.write(compiled.program()));
        } catch (IOException e) {
            System.err.println("korlang: cannot write " + out + ": " + e.getMessage());
            return 66;
        }
        return 0;
    }

    private static Heaps.ClosableHeap heap(Os os, HeapConfig config, String policy) {
        if (policy.equals("generational") || policy.equals("marksweep")) {
            return Heaps.create(os, config);
        }
        if (policy.equals("semispace")) {
            Heaps.ClosableHeap heap = Heaps.create(os, config);
            heap.switchPolicy(new org.korlang.gc.semispace.internal.SemispacePolicy());
            return heap;
        }
        throw new IllegalArgumentException("unknown gc policy '" + policy + "' (generational, marksweep, semispace)");
    }

    /** The Arch of this processor, wired by hand (in the platform: the DS component of its bundle). */
    private static Arch arch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (a.equals("aarch64") || a.equals("arm64")) {
            return org.korlang.arch.aarch64.internal.Aarch64Arch.load();
        }
        return org.korlang.arch.x86_64.internal.X86_64Arch.load();
    }

    private static long size(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("k")) {
            mult = 1L << 10;
        } else if (t.endsWith("m")) {
            mult = 1L << 20;
        } else if (t.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Long.parseLong(t) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + s + "' (e.g. 256m)");
        }
    }

    private static int usage(String problem) {
        System.err.println("korlang: " + problem);
        System.err.println("usage: bin/korlang run [--gc=POLICY] [--heap=SIZE] [--max-stack=SIZE] prog.kor [args...]");
        System.err.println("       bin/korlang check prog.kor");
        System.err.println("       bin/korlang compile prog.kor -o prog.kbc   (then: bin/korlang run prog.kbc [args...])");
        System.err.println("       bin/korlang build prog.kor -o prog.jar   (then: java -jar prog.jar [args...])");
        return 64;
    }

    /** End of the options. */
    private static final class Done extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Done() {
            super(null, null, false, false);
        }
    }
}
