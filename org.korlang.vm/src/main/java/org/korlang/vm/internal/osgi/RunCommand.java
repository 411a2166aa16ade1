package org.korlang.vm.internal.osgi;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.korlang.lang.CompileResult;
import org.korlang.lang.KorlangCompiler;
import org.korlang.lang.SourceFile;
import org.korlang.shell.common.UsageException;
import org.korlang.vm.Console;
import org.korlang.vm.Outcome;
import org.korlang.vm.Vm;
import org.korlang.vm.VmOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Gogo command {@code korlang:run <file> [args…]}: compiles the file with the platform's
 * {@link KorlangCompiler} and runs it on the platform's {@link Vm} — on the live heap, so
 * {@code gc:policy} in another session switches the policy under it — with the program's output going
 * to the calling session. Compile errors are printed and fail the command; a non-zero exit status
 * fails it too ({@code bin/korlang -c} then exits with 1). Without a file the command answers with
 * its one-line usage ({@link UsageException}), not Gogo's "Cannot coerce".
 */
@Component(service = RunCommand.class, property = {"osgi.command.scope=korlang", "osgi.command.function=run"})
public final class RunCommand {

    private final Vm vm;
    private final KorlangCompiler compiler;

    @Activate
    public RunCommand(@Reference Vm vm, @Reference KorlangCompiler compiler) {
        this.vm = vm;
        this.compiler = compiler;
    }

    static final String USAGE = "usage: korlang:run <file.kor> [args...]";

    @Descriptor("Compile a Korlang program and run it on the platform's heap and scheduler "
            + "(usage: korlang:run <file.kor> [args...])")
    public void run(@Descriptor("the program's file, then the arguments its main receives") String... fileAndArgs)
            throws IOException {
        if (fileAndArgs.length == 0 || fileAndArgs[0].isBlank()) {
            throw new UsageException(USAGE);
        }
        run(fileAndArgs[0], java.util.Arrays.copyOfRange(fileAndArgs, 1, fileAndArgs.length));
    }

    /** {@code korlang:run file args…}. */
    void run(String file, String[] args) throws IOException {
        Path path = Path.of(file);
        byte[] text = Files.readAllBytes(path);
        // Gogo routes System.out/err of the command's thread to the session
        PrintStream out = System.out;
        PrintStream err = System.err;
        CompileResult r = compiler.compile(SourceFile.ofUtf8(path.getFileName().toString(), text));
        if (!r.diagnostics().isEmpty()) {
            err.print(r.formatDiagnostics());
        }
        if (r.hasErrors() || r.program().isEmpty()) {
            throw new IllegalArgumentException(file + ": compile errors (status " + Outcome.COMPILE_ERROR + ")");
        }
        Outcome o = vm.run(r.program().get(), List.of(args), new SessionConsole(out, err), VmOptions.defaults());
        out.flush();
        if (o.exitCode() != 0) {
            throw new IllegalStateException(file + " exited with status " + o.exitCode()
                    + (o.errorMessage() != null ? " (error: " + o.errorMessage() + ")" : ""));
        }
    }

    /** The session's streams; no standard input in a shell command. */
    private record SessionConsole(PrintStream out, PrintStream err) implements Console {
        @Override
        public void write(byte[] bytes, int offset, int length) {
            out.write(bytes, offset, length);
        }

        @Override
        public void writeError(byte[] bytes, int offset, int length) {
            err.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            out.flush();
            err.flush();
        }

        @Override
        public byte[] readLine() {
            return null;
        }
    }
}
