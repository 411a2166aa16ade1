package org.korlang.lang.internal.codegen;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.korlang.lang.bytecode.Layout;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.Program;
import org.korlang.lang.bytecode.ProgramBuilder;
import org.korlang.lang.bytecode.RefConstant;
import org.korlang.lang.bytecode.TypeDesc;
import org.korlang.lang.internal.typed.CodeUnit;
import org.korlang.lang.internal.typed.FunctionDecl;
import org.korlang.lang.internal.typed.Lambda;
import org.korlang.lang.internal.typed.LocalVar;
import org.korlang.lang.internal.typed.Type;
import org.korlang.lang.internal.typed.TypedProgram;

/**
 * Typed program → bytecode. Drives monomorphization: starting from {@code main}, every function
 * instantiation (a declaration with concrete type arguments), closure body (per instantiation of its
 * enclosing unit) and function-value wrapper that the code reaches is queued once and compiled by a
 * {@link FunctionCompiler}; types go through one {@link TypeMapper}. Generic code is therefore
 * compiled once per distinct set of type arguments, with exact register kinds and object layouts.
 */
public final class BytecodeGenerator implements CodeGenerator {

    @Override
    public Program generate(TypedProgram program) {
        return new Run(program).generate();
    }

    /** One generation. */
    static final class Run {
        final TypedProgram tp;
        final ProgramBuilder pb;
        final TypeMapper types;
        private final Map<List<Object>, Integer> functions = new HashMap<>();
        private final Map<List<Object>, int[]> lambdas = new HashMap<>();
        private final Map<Integer, Integer> wrappers = new HashMap<>();
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        Run(TypedProgram tp) {
            this.tp = tp;
            this.pb = new ProgramBuilder(tp.fileName());
            this.types = new TypeMapper(pb);
        }

        Program generate() {
            int main = function(tp.main(), List.of());
            pb.entry(main);
            while (!queue.isEmpty()) {
                queue.poll().run();
            }
            return pb.build();
        }

        /** The index of an instantiation of {@code decl} with concrete {@code typeArgs}; queued on first use. */
        int function(FunctionDecl decl, List<Type> typeArgs) {
            List<Object> key = List.of(decl, typeArgs);
            Integer idx = functions.get(key);
            if (idx != null) {
                return idx;
            }
            int index = pb.declareFunction();
            functions.put(key, index);
            TypeMapper.Env env = new TypeMapper.Env(decl.typeParams(), typeArgs);
            queue.add(() -> new FunctionCompiler(this, decl, env, index, -1).compile());
            return index;
        }

        /** {function index, closure layout} of {@code lambda} within the instantiation {@code env}. */
        int[] lambda(Lambda lambda, TypeMapper.Env env) {
            List<Object> key = List.of(lambda, env.args());
            int[] known = lambdas.get(key);
            if (known != null) {
                return known;
            }
            int index = pb.declareFunction();
            int layout = pb.layout(new Layout(lambda.displayName(), Layout.Kind.CLOSURE, new int[0], null, index, 0));
            int[] r = {index, layout};
            lambdas.put(key, r);
            int[] fields = new int[lambda.captures().size()];
            String[] names = new String[fields.length];
            for (int i = 0; i < fields.length; i++) {
                LocalVar v = lambda.captures().get(i).variable();
                int t = types.map(TypeMapper.subst(v.type(), env));
                fields[i] = v.needsCell() ? pb.objectType(types.cellLayout(t)) : t;
                names[i] = v.name();
            }
            pb.setLayout(layout, new Layout(lambda.displayName(), Layout.Kind.CLOSURE, fields, names, index, 0));
            pb.objectType(layout);
            queue.add(() -> new FunctionCompiler(this, lambda, env, index, layout).compile());
            return r;
        }

        /**
         * The closure layout of a function used as a value: a capture-free closure whose code calls the
         * function (a wrapper taking the closure as r0).
         */
        int functionValue(int function, CodeUnit decl, TypeMapper.Env env) {
            Integer known = wrappers.get(function);
            if (known != null) {
                return known;
            }
            int index = pb.declareFunction();
            int layout = pb.layout(new Layout(decl.displayName(), Layout.Kind.CLOSURE, new int[0], null, index, 0));
            wrappers.put(function, layout);
            int closureType = pb.objectType(layout);
            queue.add(() -> {
                List<LocalVar> params = decl.params();
                int[] ps = new int[params.size()];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = types.map(TypeMapper.subst(params.get(i).type(), env));
                }
                int ret = types.map(TypeMapper.subst(decl.resultType(), env));
                ProgramBuilder.FunctionBuilder fb = pb.function(index, decl.displayName(), ps, ret, layout);
                fb.at(decl.pos().line(), decl.pos().column());
                fb.refReg(closureType);
                for (int p : ps) {
                    if (pb.typeAt(p).isRef()) {
                        fb.refReg(p);
                    } else {
                        fb.primReg(p);
                    }
                }
                TypeDesc rd = pb.typeAt(ret);
                if (rd.kind() == TypeDesc.Kind.VOID) {
                    fb.withExt(Op.CALL, 1, 0, 0, function);
                    fb.abc(Op.RET, 0, 0, 0);
                } else if (rd.isRef()) {
                    int r = fb.refReg(ret);
                    fb.withExt(Op.CALL, 1, 0, r, function);
                    fb.abc(Op.RETR, r, 0, 0);
                } else {
                    int r = fb.primReg(ret);
                    fb.withExt(Op.CALL, 1, 0, r, function);
                    fb.abc(Op.RETP, r, 0, 0);
                }
                fb.build();
            });
            return layout;
        }
    }
}
