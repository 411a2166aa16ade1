package org.korlang.lang.bytecode;

/**
 * Functions the VM implements itself, called with {@link Op#CALLB}: the prelude and the methods of
 * the built-in types. The id of a builtin is its ordinal: append new ones, never reorder.
 *
 * <p>A signature is written with one letter per parameter, then {@code '>'} and the result:
 * {@code I F B C} primitives, {@code S} String, {@code V} none, {@code T} the instruction's type
 * operand (any type), {@code A} the type operand, which must be an array type, {@code N} that array's
 * element as a nullable ({@code Box} of a primitive element, the element type itself otherwise),
 * {@code L} [String], {@code H} [Char], {@code Y} [Int], {@code i} Int?, {@code f} Float?.
 * Ref parameters come from r[A], r[A+1], … and prim parameters from p[B], p[B+1], … each in
 * parameter order.
 */
public enum Builtin {
    PRINT("T>V"),
    PRINTLN("T>V"),
    READLINE(">S"),
    ASSERT("BS>V"),
    PANIC("S>V"),
    POW("FF>F"),
    SQRT("F>F"),
    ABSI("I>I"),
    ABSF("F>F"),
    MINI("II>I"),
    MAXI("II>I"),
    MINF("FF>F"),
    MAXF("FF>F"),
    FLOOR("F>F"),
    CEIL("F>F"),
    NOW(">I"),
    SIN("F>F"),
    COS("F>F"),
    TAN("F>F"),
    ATAN2("FF>F"),
    EXP("F>F"),
    LOG("F>F"),
    ARRAY_POP("A>N"),
    STR_CHARS("S>H"),
    STR_CHARCOUNT("S>I"),
    STR_SLICE("SII>S"),
    STR_SPLIT("SS>L"),
    STR_TRIM("S>S"),
    STR_REPLACE("SSS>S"),
    STR_CONTAINS("SS>B"),
    STR_STARTSWITH("SS>B"),
    STR_ENDSWITH("SS>B"),
    STR_INDEXOF("SS>i"),
    STR_TOUPPER("S>S"),
    STR_TOLOWER("S>S"),
    STR_BYTES("S>Y"),
    STR_FROMUTF8("Y>S"),
    STR_TOINT("S>i"),
    STR_TOFLOAT("S>f"),
    EXIT("I>V"),
    ASSERT1("B>V"),
    /** Byte-wise comparison of two strings: -1, 0 or 1. */
    STR_COMPARE("SS>I"),

    // ---- tasks and channels (#12); the type operand is the Task or Channel type. Letters: Q a closure
    // of no parameters returning the Task's result type, K the Task, M the Channel, X the channel's
    // element reference type, R the Task's result (prim or ref register by its kind). These may
    // suspend the calling task (see org.korlang.vm.internal.TaskRuntime).
    /** spawn: the closure in r[A] becomes a new task; r[C] = its Task. */
    SPAWN("Q>K"),
    /** t.await(): waits for Task r[A]; its result into register C. */
    TASK_AWAIT("K>R"),
    /** Channel.new(p[B]): r[C] = a new channel of that capacity (0 = rendezvous). */
    CHAN_NEW("I>M"),
    /** c.send(r[A+1]): p[C] = true, or false once closed; waits while full. */
    CHAN_SEND("MX>B"),
    /** c.recv(): r[C] = the next value, null once closed and drained; waits while empty. */
    CHAN_RECV("M>X"),
    /** c.close(). */
    CHAN_CLOSE("M>V"),
    /** c.len(): p[C] = the buffered values. */
    CHAN_LEN("M>I"),
    /** time.sleep(p[B] ms). */
    SLEEP("I>V"),
    // ---- stdlib (#13): called by the stdlib modules' Korlang sources (see docs/stdlib.md and the
    // VM's Builtins); each effect goes through the Os port. A failed system call returns -1 (Int
    // results) or null (reference results) and leaves its errno name for SYS_ERRNO. ----
    /** Prints to standard error (the type operand says how to format). */
    EPRINT("T>V"),
    EPRINTLN("T>V"),
    /** The rest of standard input as a String (runtime error if it is not UTF-8). */
    SYS_READALL(">S"),
    /** open(path, mode 0 read / 1 write / 2 append / 3 read-write): fd or -1. */
    SYS_OPEN("SI>I"),
    SYS_CLOSE("I>I"),
    SYS_READTEXT("I>S"),
    SYS_READBYTES("I>Y"),
    SYS_WRITE("IS>I"),
    SYS_WRITEBYTES("IY>I"),
    /** The errno name of the last failed SYS_ call ("ENOENT", …, "EILSEQ" for invalid UTF-8). */
    SYS_ERRNO(">S"),
    /** stat(path, what): what 0 = size in bytes, 1 = kind (1 file, 2 directory, 3 other); -1 on error. */
    SYS_STAT("SI>I"),
    SYS_REMOVE("S>I"),
    SYS_MKDIR("S>I"),
    /** The names in a directory, sorted by their bytes, without . and ..; null on error. */
    SYS_LISTDIR("S>L"),
    SYS_ARGS(">L"),
    SYS_ENVGET("S>S"),
    SYS_ENVNAMES(">L"),
    /** Heap statistics by index: 0 used, 1 limit, 2 collections, 3 total pause ns, 4 bytes allocated. */
    SYS_MEMSTAT("I>I"),
    SYS_MEMPOLICY(">S"),
    SYS_MEMSETPOLICY("S>V"),
    SYS_MEMCOLLECT(">V"),
    SYS_MONONANOS(">I"),
    SYS_RANDOM(">F"),
    SYS_OSNAME(">S"),
    SYS_ARCHNAME(">S"),
    SYS_PID(">I"),
    /** A hash of a Map/Set key (Int, Float, Bool, Char, String, enum without payload); the type operand is its type. */
    SYS_HASH("T>I"),
    SYS_UTF8VALID("Y>B");

    private final String params;
    private final char result;

    Builtin(String signature) {
        int gt = signature.indexOf('>');
        this.params = signature.substring(0, gt);
        this.result = signature.charAt(gt + 1);
    }

    /** Parameter letters in order (see the class comment). */
    public String params() {
        return params;
    }

    /** The result letter. */
    public char result() {
        return result;
    }

    /** The builtin with id {@code id}, or null. */
    public static Builtin byId(int id) {
        Builtin[] all = values();
        return id >= 0 && id < all.length ? all[id] : null;
    }
}
