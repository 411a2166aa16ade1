package org.korlang.vm.internal;

/** The parts of {@link Interpreter} that the public {@code KorlangVm} drives. */
public final class InterpreterAccess {

    private InterpreterAccess() {
    }

    public static void start(Interpreter in, int entry) {
        in.start(in.fns[entry]);
    }

    public static long frameRefs(Interpreter in) {
        return in.frameRefs();
    }

    /** Runs until main returns (resuming after each reduction slice); returns its result bits. */
    public static long runToEnd(Interpreter in) {
        try {
            while (in.execute() != Interpreter.DONE) {
                // end of a slice: the safepoint poll of calls and back-edges, and where a run can be cancelled
                in.raw.safepoint();
                if (Thread.interrupted()) {
                    throw new KorlangError("interrupted");
                }
            }
        } catch (Builtins.ExitRequest e) {
            throw new Exit(in.builtins.exitRequested);
        }
        return in.result;
    }

    public static String stackTrace(Interpreter in) {
        return in.stackTrace();
    }

    /** The program called {@code exit(code)}. */
    public static final class Exit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }
}
