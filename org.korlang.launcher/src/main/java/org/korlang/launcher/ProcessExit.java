package org.korlang.launcher;

import org.korlang.os.Os;

/*
 * How the launcher's process ends.
 *
 * Issue #13: every effect of a program outside the process goes through the Os port, exit included.
 * Once a program has run, the launcher has flushed its console (KorlangVm.run does that before it
 * returns the Outcome) and closed the heap and the scheduler; then the process ends with
 * Os.exitGroup(status) — the exit_group system call made by the arch shim, which `strace -f -k`
 * shows coming from libkorlang_<processor>.so. Java's own streams (the launcher's diagnostics on
 * System.err) are flushed first, because nothing of the JVM runs after exit_group: no shutdown
 * hooks, no class-data-sharing dump.
 *
 * That last point is why there is a JVM exit too: bin/korlang's first run of a build writes the
 * class-data-sharing archive with -XX:ArchiveClassesAtExit, which the JVM dumps in its own exit
 * path; bin/korlang sets -Dkorlang.launcher.jvmExit=true for that one run. Runs that never reached
 * a program (usage errors, `check`, `build`, an unreadable file) also end with System.exit: no Os
 * was made for them.
 *
 * Inside the platform (korlang:run in Felix) none of this applies: system.exit ends that program
 * with its status (Outcome.exitCode), never the framework.
 */

/** Ends the launcher's process: through the program's {@code Os} once there is one, else through the JVM. */
final class ProcessExit {

    /** System property: {@code true} ends every run through the JVM (bin/korlang's archive-writing run). */
    static final String JVM_EXIT_PROPERTY = "korlang.launcher.jvmExit";

    private final boolean throughJvm;
    private Os os;

    /** @param throughJvm end through {@code System.exit} even after a program ran */
    ProcessExit(boolean throughJvm) {
        this.throughJvm = throughJvm;
    }

    /** The program's {@code Os}: the process will end through its {@code exitGroup}. */
    void endThrough(Os programOs) {
        this.os = programOs;
    }

    /** Whether {@link #exit} will make the exit system call itself (rather than the JVM). */
    boolean throughOs() {
        return os != null && !throughJvm;
    }

    /** Ends the process with {@code status}; never returns. */
    void exit(int status) {
        System.out.flush();
        System.err.flush();
        if (throughOs()) {
            try {
                os.exitGroup(status);
            } catch (RuntimeException e) { // an Os without exit: the JVM ends the process instead
                System.err.println("korlang: exit through the Os port failed (" + e.getMessage() + "); exiting through the JVM");
            }
        }
        System.exit(status);
    }
}
