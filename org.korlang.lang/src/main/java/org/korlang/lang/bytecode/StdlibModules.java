package org.korlang.lang.bytecode;

import java.util.List;

/*
 * Where the code of a stdlib module comes from, as line numbers say it.
 *
 * The stdlib modules written in Korlang (io, fs, env, mem, collections, utf8, math, time, system)
 * are compiled together with the program that imports them, so their functions sit in the same
 * Program and their instructions carry line numbers like the program's own. To tell them apart
 * without a file table, module k's source is lexed with its first line at (k + 1) * LINE_BASE:
 * a line number of LINE_BASE or more belongs to module MODULES[line / LINE_BASE - 1], at line
 * line % LINE_BASE of that module's source. No program has a million lines (the front end's
 * limit on a source file is far below), so the two ranges never meet.
 */

/** The stdlib modules and the line-number encoding that places their code in stack traces. */
public final class StdlibModules {

    /** The modules, in the order that fixes their line bases. Append only. */
    public static final List<String> MODULES = List.of(
            "io", "fs", "env", "mem", "collections", "utf8", "math", "time", "system");

    /** Lines of module k start at {@code (k + 1) * LINE_BASE}. */
    public static final int LINE_BASE = 1_000_000;

    private StdlibModules() {
    }

    /** The first line number of {@code module}'s source. */
    public static int firstLine(String module) {
        int k = MODULES.indexOf(module);
        if (k < 0) {
            throw new IllegalArgumentException("no stdlib module '" + module + "'");
        }
        return (k + 1) * LINE_BASE + 1;
    }

    /** The file a line number belongs to: {@code programFile}, or {@code <stdlib>/fs.kor} and the like. */
    public static String fileOf(int line, String programFile) {
        int k = line / LINE_BASE - 1;
        return k >= 0 && k < MODULES.size() ? "<stdlib>/" + MODULES.get(k) + ".kor" : programFile;
    }

    /** The line within its own file. */
    public static int lineIn(int line) {
        return line >= LINE_BASE ? line % LINE_BASE : line;
    }
}
