package org.korlang.vm;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.korlang.gc.BlockedRegion;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.Mutator;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.RawMutator;
import org.korlang.gc.vmaccess.VmAccess;
import org.korlang.lang.bytecode.FunctionCode;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.TypeDesc;
import org.korlang.vm.internal.Builtins;
import org.korlang.vm.internal.Interpreter;
import org.korlang.vm.internal.InterpreterAccess;
import org.korlang.vm.internal.KorlangError;
import org.korlang.vm.internal.LoadedProgram;
import org.korlang.vm.internal.Strings;
import org.korlang.vm.internal.TaskRuntime;
import org.korlang.vm.internal.TaskTally;
import org.korlang.scheduler.Scheduler;
import org.korlang.scheduler.TaskCounts;
import org.korlang.scheduler.standalone.StandaloneScheduler;
import org.korlang.vm.internal.Verifier;

/**
 * Runs compiled Korlang programs on a managed heap: verify, load (layouts registered, constants
 * interned) on the calling thread, then run {@code main} as the first Korlang task on a
 * {@link Scheduler} (see {@code TaskRuntime}: carriers on the scheduler's workers, each with its own
 * mutator) while the calling thread waits with its mutator blocked. Usable outside OSGi (tests, the
 * launcher, benchmarks: without a scheduler each run starts a standalone one and closes it) and inside
 * it (the {@code korlang:run} command, with the platform's Scheduler service). Thread-safe: each run
 * has its own state; runs on one heap may proceed in parallel. {@link #taskCounts()} sums the Korlang
 * task counts of every run of this VM (live and parked over the runs in progress).
 */
public final class KorlangVm implements Vm {

    private final Heap heap;
    private final Scheduler scheduler;
    private final org.korlang.os.Os os;
    private final TaskTally tally = new TaskTally();

    /** A VM without the Os port, whose runs each start (and close) a standalone work-stealing scheduler. */
    public KorlangVm(Heap heap) {
        this(heap, null, null);
    }

    /** A VM whose tasks run on {@code scheduler} (null: a standalone scheduler per run), without the Os port. */
    public KorlangVm(Heap heap, Scheduler scheduler) {
        this(heap, scheduler, null);
    }

    /** A VM whose stdlib reaches the kernel through {@code os}, with a standalone scheduler per run. */
    public KorlangVm(Heap heap, org.korlang.os.Os os) {
        this(heap, null, os);
    }

    /**
     * A VM whose tasks run on {@code scheduler} (null: a standalone scheduler per run) and whose stdlib
     * reaches the kernel through {@code os} (files, environment, clocks, …; null: the stdlib's system
     * calls end in a runtime error).
     */
    public KorlangVm(Heap heap, Scheduler scheduler, org.korlang.os.Os os) {
        this.heap = heap;
        this.scheduler = scheduler;
        this.os = os;
    }

    /**
     * The Korlang tasks of this VM now: live and parked over the programs running at this moment,
     * spawned and completed since the VM was made (main counts as a task; tasks still live when their
     * program ends are abandoned, neither live nor completed). Exact and cheap; callable from any thread.
     *
     * @since 1.2
     */
    public TaskCounts taskCounts() {
        return tally.snapshot();
    }

    /** Verifies a program without running it; {@link BytecodeException} if it is not valid. */
    public static void verify(Program program) {
        Verifier.verify(program);
    }

    /**
     * Runs {@code program}'s main with {@code args}, its output to {@code console}. Returns how it
     * ended; a runtime error has been reported on the console's error stream. Throws
     * {@link BytecodeException} if the program fails verification.
     */
    @Override
    public Outcome run(Program program, List<String> args, Console console, VmOptions options) {
        if (options.verifyBytecode()) {
            Verifier.verify(program);
        }
        Builtins builtins = new Builtins(console, os, heap, args);
        try (Mutator m = heap.attach()) {
            RawMutator raw = VmAccess.raw(m);
            LoadedProgram loaded;
            try {
                loaded = new LoadedProgram(program, heap, m);
            } catch (HeapExhaustedException e) {
                return report(builtins, console, "out of memory", "");
            }
            StandaloneScheduler own = scheduler == null ? StandaloneScheduler.builder().start() : null;
            Scheduler sched = scheduler != null ? scheduler : own;
            int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
            TaskRuntime tasks = new TaskRuntime(loaded, builtins, heap, sched, options.maxStackBytes(), parallelism);
            try (loaded) {
                Interpreter in = tasks.newMain(m, program.entry());
                try {
                    FunctionCode main = program.functions().get(program.entry());
                    if (main.params().length == 1) {
                        passArguments(in, loaded, raw, args);
                    }
                    TaskRuntime.End end;
                    BlockedRegion waiting = m.block();
                    tally.started(tasks);
                    try {
                        end = tasks.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        end = new TaskRuntime.End(TaskRuntime.End.Kind.ERROR, 0, "interrupted", "", null);
                    } finally {
                        tally.ended(tasks);
                        waiting.close();
                    }
                    return outcome(end, tasks, builtins, console, program, main);
                } catch (KorlangError e) {
                    return report(builtins, console, e.getMessage(), InterpreterAccess.stackTrace(in));
                } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                    return internalError(builtins, console, e);
                } finally {
                    tasks.closeAll();
                }
            } finally {
                if (own != null) {
                    own.close();
                }
            }
        }
    }

    private static Outcome outcome(TaskRuntime.End end, TaskRuntime tasks, Builtins builtins, Console console, Program program,
            FunctionCode main) {
        Outcome o = switch (end.kind()) {
            case MAIN_DONE -> {
                builtins.flush();
                TypeDesc ret = program.type(main.ret());
                yield new Outcome(ret.kind() == TypeDesc.Kind.INT ? (int) end.result() : 0, null, null);
            }
            case EXIT -> {
                builtins.flush();
                yield new Outcome((int) end.result(), null, null);
            }
            case ERROR -> report(builtins, console, end.message(), end.trace());
            case DEADLOCK -> report(builtins, console, end.message(), InterpreterAccess.stackTrace(tasks.mainInterpreter()));
            case INTERNAL -> internalError(builtins, console, end.internal());
        };
        for (String failure : tasks.unawaitedFailures()) {
            byte[] b = failure.getBytes(StandardCharsets.UTF_8);
            console.writeError(b, 0, b.length);
        }
        if (System.getenv("KORLANG_TASK_STATS") != null) {
            TaskCounts st = tasks.counts(); // main included
            byte[] b = ("korlang: tasks spawned " + st.spawned() + ", completed " + st.completed() + ", still live "
                    + st.live() + " (parked " + st.parked() + ")\n").getBytes(StandardCharsets.UTF_8);
            console.writeError(b, 0, b.length);
        }
        console.flush();
        return o;
    }

    /** main's [String] parameter (r0 of the bottom frame): the array first, kept in r0 while strings are made. */
    private static void passArguments(Interpreter in, LoadedProgram loaded, RawMutator raw, List<String> args) {
        long header = raw.allocateRaw(loaded.runtime.arrays[Op.KIND_REF]);
        Raw.putLong(InterpreterAccess.frameRefs(in), header);
        if (args.isEmpty()) {
            return;
        }
        long back = raw.allocateArrayRaw(loaded.runtime.refs, args.size());
        header = Raw.getLong(InterpreterAccess.frameRefs(in));
        raw.storeRef(header, header + 16, back);
        Raw.putLong(header + 8, args.size());
        for (int i = 0; i < args.size(); i++) {
            long s = Strings.allocate(raw, loaded.runtime, args.get(i));
            header = Raw.getLong(InterpreterAccess.frameRefs(in));
            back = Raw.getLong(header + 16);
            raw.storeRef(back, back + 16 + 8L * i, s);
        }
    }

    private static Outcome report(Builtins builtins, Console console, String message, String trace) {
        builtins.flush();
        String text = "error: " + message + "\n" + trace;
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        console.writeError(b, 0, b.length);
        console.flush();
        return new Outcome(Outcome.RUNTIME_ERROR, message, text);
    }

    private static Outcome internalError(Builtins builtins, Console console, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String where;
        try {
            java.nio.file.Path log = java.nio.file.Files.createTempFile("korlang-internal-error-", ".log");
            java.nio.file.Files.writeString(log, trace.toString());
            where = "the Java stack trace is in " + log;
        } catch (java.io.IOException | RuntimeException io) {
            where = "the Java stack trace follows\n" + trace;
        }
        String message = "internal error in the Korlang VM (a VM bug, not a mistake in the program): " + e + "; " + where;
        return report(builtins, console, message, "");
    }
}
