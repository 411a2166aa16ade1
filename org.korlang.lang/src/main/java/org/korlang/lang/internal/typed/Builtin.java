package org.korlang.lang.internal.typed;

/**
 * The functions and methods the language provides without a declaration, called through
 * {@link Expr.CallBuiltin}. For a method, the receiver is argument 0. Each constant fixes the
 * argument types (after the checker's conversions) and the result type; overloaded prelude
 * functions ({@code abs}, {@code min}, {@code max}) are split per operand type, so code generation
 * never has to look at argument types except where noted ("any": the argument's static type says
 * how to format or compare it).
 */
public enum Builtin {
    // ---- prelude functions ----
    /** {@code print(x)}: (any) → Void; writes x formatted as {@code str} does, no newline. */
    PRINT("print"),
    /** {@code println(x)} and {@code echo(x)}: (any) → Void; x then a newline. {@code println()} has no argument and prints a newline. */
    PRINTLN("println"),
    /** {@code readLine()}: () → String?; a line of stdin without its terminator, null at end of input. */
    READ_LINE("readLine"),
    /** {@code assert(cond, msg)}: (Bool, String) → Void; runtime error {@code assertion failed: msg} when false. {@code assert(cond)}: (Bool) → Void, message {@code assertion failed}. */
    ASSERT("assert"),
    /** {@code panic(msg)}: (String) → Never; runtime error {@code msg}. */
    PANIC("panic"),
    /** {@code pow(a, b)}: (Float, Float) → Float. */
    POW("pow"),
    /** {@code sqrt(x)}: (Float) → Float. */
    SQRT("sqrt"),
    /** {@code abs(x)}: (Int) → Int (wrapping: abs of the minimum Int is itself). */
    ABS_INT("abs"),
    /** {@code abs(x)}: (Float) → Float. */
    ABS_FLOAT("abs"),
    /** {@code min(a, b)}: (Int, Int) → Int. */
    MIN_INT("min"),
    /** {@code min(a, b)}: (Float, Float) → Float. */
    MIN_FLOAT("min"),
    /** {@code max(a, b)}: (Int, Int) → Int. */
    MAX_INT("max"),
    /** {@code max(a, b)}: (Float, Float) → Float. */
    MAX_FLOAT("max"),
    /** {@code floor(x)}: (Float) → Float. */
    FLOOR("floor"),
    /** {@code ceil(x)}: (Float) → Float. */
    CEIL("ceil"),
    /** {@code now()}: () → Int, milliseconds since the Unix epoch. */
    NOW("now"),
    /** {@code str(x)}: (any) → String, formatted as print does. */
    STR("str"),

    // ---- arrays ([T]); {@code len(xs)} is ARRAY_LEN too ----
    /** {@code xs.len()}: ([T]) → Int. */
    ARRAY_LEN("len"),
    /** {@code xs.push(v)}: ([T], T) → Void. */
    ARRAY_PUSH("push"),
    /** {@code xs.pop()}: ([T]) → T?; null when empty. */
    ARRAY_POP("pop"),

    // ---- strings; {@code len(s)} is STRING_LEN too ----
    /** {@code s.len()}: (String) → Int, in bytes. */
    STRING_LEN("len"),
    /** {@code s.chars()}: (String) → [Char]. */
    STRING_CHARS("chars"),
    /** {@code s.charCount()}: (String) → Int. */
    STRING_CHAR_COUNT("charCount"),
    /** {@code s.slice(a, b)}: (String, Int, Int) → String, chars a until b; runtime error when out of range. */
    STRING_SLICE("slice"),
    /** {@code s.split(sep)}: (String, String) → [String]. */
    STRING_SPLIT("split"),
    /** {@code s.trim()}: (String) → String, without leading and trailing whitespace. */
    STRING_TRIM("trim"),
    /** {@code s.replace(a, b)}: (String, String, String) → String, every occurrence. */
    STRING_REPLACE("replace"),
    /** {@code s.contains(t)}: (String, String) → Bool. */
    STRING_CONTAINS("contains"),
    /** {@code s.startsWith(t)}: (String, String) → Bool. */
    STRING_STARTS_WITH("startsWith"),
    /** {@code s.endsWith(t)}: (String, String) → Bool. */
    STRING_ENDS_WITH("endsWith"),
    /** {@code s.indexOf(t)}: (String, String) → Int?, in chars; null when absent. */
    STRING_INDEX_OF("indexOf"),
    /** {@code s.toUpper()}: (String) → String, ASCII only. */
    STRING_TO_UPPER("toUpper"),
    /** {@code s.toLower()}: (String) → String, ASCII only. */
    STRING_TO_LOWER("toLower"),
    /** {@code s.bytes()}: (String) → [Int]. */
    STRING_BYTES("bytes"),
    /** {@code String.fromUtf8(bytes)}: ([Int]) → String?; null for invalid UTF-8. */
    STRING_FROM_UTF8("fromUtf8"),
    /** {@code s.toInt()}: (String) → Int?. */
    STRING_TO_INT("toInt"),
    /** {@code s.toFloat()}: (String) → Float?. */
    STRING_TO_FLOAT("toFloat"),

    // ---- tasks and channels (#12)
    /** {@code spawn …}: (() -> T closure) → Task<T>; the checker wraps the spawned call or block in a closure of no parameters. */
    SPAWN("spawn"),
    /** {@code t.await()}: (Task<T>) → T; waits for the task; fails with the task's error if it failed. */
    TASK_AWAIT("await"),
    /** {@code Channel<T>.new(capacity)}: (Int) → Channel<T>; capacity 0 is a rendezvous channel. */
    CHANNEL_NEW("new"),
    /** {@code c.send(v)}: (Channel<T>, T) → Bool; waits while the channel is full; false once closed. */
    CHANNEL_SEND("send"),
    /** {@code c.recv()}: (Channel<T>) → T?; waits while empty; null once closed and drained. */
    CHANNEL_RECV("recv"),
    /** {@code c.close()}: (Channel<T>) → Void; idempotent. */
    CHANNEL_CLOSE("close"),
    /** {@code c.len()}: (Channel<T>) → Int, the buffered values. */
    CHANNEL_LEN("len"),
    /** {@code time.sleep(ms)}: (Int) → Void; the task sleeps without holding a thread. */
    TIME_SLEEP("sleep"),
    // ---- stdlib (#13): io.eprint/eprintln, and the system builtins that stdlib module sources call
    // as sys.NAME (programs cannot name them). Code generation calls the bytecode Builtin of the
    // same constant name; see Checker.SYSTEM_BUILTINS for the signatures. ----
    /** {@code io.eprint(x)}: (any) → Void, to standard error (standard output is flushed first). */
    EPRINT("eprint"),
    /** {@code io.eprintln(x)}: (any) → Void, x and a newline to standard error. */
    EPRINTLN("eprintln"),
    SYS_READALL("readAll"),
    SYS_OPEN("open"),
    SYS_CLOSE("close"),
    SYS_READTEXT("readText"),
    SYS_READBYTES("readBytes"),
    SYS_WRITE("write"),
    SYS_WRITEBYTES("writeBytes"),
    SYS_ERRNO("errno"),
    SYS_STAT("stat"),
    SYS_REMOVE("remove"),
    SYS_MKDIR("mkdir"),
    SYS_LISTDIR("listDir"),
    SYS_ARGS("args"),
    SYS_ENVGET("envGet"),
    SYS_ENVNAMES("envNames"),
    SYS_MEMSTAT("memStat"),
    SYS_MEMPOLICY("memPolicy"),
    SYS_MEMSETPOLICY("memSetPolicy"),
    SYS_MEMCOLLECT("memCollect"),
    SYS_MONONANOS("monotonicNanos"),
    SYS_RANDOM("random"),
    SYS_OSNAME("osName"),
    SYS_ARCHNAME("archName"),
    SYS_PID("pid"),
    SYS_EXIT("exit"),
    SYS_HASH("hash"),
    SYS_UTF8VALID("utf8Valid"),
    SYS_SIN("sin"),
    SYS_COS("cos"),
    SYS_TAN("tan"),
    SYS_ATAN2("atan2"),
    SYS_EXP("exp"),
    SYS_LOG("log");

    private final String sourceName;

    Builtin(String sourceName) {
        this.sourceName = sourceName;
    }

    /** The name a program uses for it. */
    public String sourceName() {
        return sourceName;
    }
}
