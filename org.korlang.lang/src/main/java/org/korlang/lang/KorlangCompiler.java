package org.korlang.lang;

import java.util.ArrayList;
import java.util.List;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.internal.FrontEnd;
import org.korlang.lang.internal.codegen.CodeGenerationException;
import org.korlang.lang.internal.codegen.CodeGenerator;
import org.korlang.lang.internal.typed.Pos;
import org.osgi.service.component.annotations.Component;

/**
 * The Korlang compiler: {@link #check} runs the front end (lexer → parser → checker) and returns
 * every diagnostic of the file; {@link #compile} also generates the {@link Program} when there
 * is no error.
 *
 * <p>Stateless and thread-safe: every call builds its own front end and code generator, so one
 * instance may serve many compilations at once. In OSGi it is a DS component registered as a
 * {@code KorlangCompiler} service; outside OSGi {@code new KorlangCompiler()} is the same thing.
 *
 * <p>Neither method throws for any input text. A failure inside the compiler itself (a bug) is
 * reported as an {@code internal compiler error} diagnostic, not as a Java exception.
 */
@Component(service = KorlangCompiler.class)
public final class KorlangCompiler {

    public KorlangCompiler() {
    }

    /** Lexes, parses and type-checks {@code source}; the result never holds a program. */
    public CompileResult check(SourceFile source) {
        FrontEnd.Result r = FrontEnd.run(source);
        return new CompileResult(r.diagnostics(), null, r.nanos());
    }

    /**
     * Checks {@code source} and, when it has no error, generates its program. Both run on one
     * thread with a large stack ({@link FrontEnd#onLargeStack}), so deep programs are safe whatever
     * the caller's stack.
     */
    public CompileResult compile(SourceFile source) {
        CompileResult[] result = new CompileResult[1];
        FrontEnd.onLargeStack(new Runnable() {
            @Override
            public void run() {
                result[0] = compileHere(source);
            }
        });
        return result[0];
    }

    private static CompileResult compileHere(SourceFile source) {
        FrontEnd.Result r = FrontEnd.runHere(source);
        if (r.program() == null) {
            return new CompileResult(r.diagnostics(), null, r.nanos());
        }
        List<Diagnostic> diagnostics = new ArrayList<>(r.diagnostics());
        Program program = null;
        try {
            program = CodeGenerator.create().generate(r.program());
        } catch (CodeGenerationException e) {
            diagnostics.add(FrontEnd.diagnosticAt(source, e.pos(), e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            diagnostics.add(FrontEnd.diagnosticAt(source, Pos.NONE, "internal compiler error in code generation: " + e));
        }
        diagnostics.sort(null);
        return new CompileResult(diagnostics, program, r.nanos());
    }
}
