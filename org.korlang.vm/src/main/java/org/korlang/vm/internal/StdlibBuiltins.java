package org.korlang.vm.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.HeapStats;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.lang.bytecode.Builtin;
import org.korlang.lang.bytecode.Op;
import org.korlang.lang.bytecode.TypeDesc;
import org.korlang.os.Clock;
import org.korlang.os.DirEntry;
import org.korlang.os.FileStat;
import org.korlang.os.OpenFlag;
import org.korlang.os.Os;
import org.korlang.os.OsException;
import org.korlang.os.binding.PortHandle;
import org.korlang.vm.Console;

/*
 * The stdlib's system builtins (issue #13): what the Korlang sources of the stdlib modules call as
 * sys.NAME, plus io.eprint/eprintln. Every effect outside the process goes through the Os port:
 *
 *   files        openat / read / write / close / fstat, newfstatat, unlinkat, mkdirat, getdents64
 *   console      descriptors 0, 1, 2 through the Console (OsConsole writes and reads with Os)
 *   environment  /proc/self/environ read once with openat + read; where there is no /proc (macOS),
 *                the JVM's view of the environment (which the launcher inherited from exec)
 *   clocks       clock_gettime (REALTIME for now(), MONOTONIC for monotonicNanos)
 *   randomness   one getrandom of 32 bytes seeds a xoshiro256** generator per run
 *   pid, os      getpid, the Os service's name and processor
 *
 * Errors. A failed system call does not throw into the program: the builtin returns -1 (Int
 * results) or null (reference results) and keeps the errno name in the calling task's interpreter
 * (Interpreter.lastErrno: per task, like C's thread-local errno, so two tasks failing at once each
 * read their own), which the module source turns into an IOError (fs.lastError) right after the
 * call. Invalid UTF-8 where a String is wanted is errno
 * "EILSEQ". Bad arguments of the program (a byte value outside 0..255, a path with a NUL, an unknown
 * GC policy) are KorlangErrors: runtime errors with the Korlang stack trace, never Java exceptions.
 *
 * Blocking. Every call that may wait in the kernel for an unbounded time (console reads, file
 * reads and writes) runs through blocking(in, call): the one place where it enters the task
 * runtime's blocking section (TaskRuntime.blocking: the carrier's mutator is blocked and the
 * scheduler's slot goes to another carrier meanwhile), so the call must not touch the heap.
 *
 * Ports. The Os may be a handle over ports that leave and return (org.korlang.os.binding.PortHandle,
 * as the VM component's is). While no port serves, a builtin that may make a system call first waits
 * for one — at its very start, before it reads any register or heap address, inside blocking(), so
 * the task's mutator is blocked and collections proceed while the program waits (awaitPort). A port
 * leaving between that check and the call makes the call itself wait in the handle, with the mutator
 * running: collections then wait for the port too (a window of one system call).
 *
 * Register discipline is Builtins': arguments are read from the caller's saved frame (refs from
 * r[A], r[A+1], …; prims from p[B], …), the result written to register C after the last allocation,
 * and anything allocated before another allocation is kept in a register or scratch root.
 */

/** The system builtins of the stdlib modules. One per run (not thread-safe). */
final class StdlibBuiltins {

    /** A call that may block in the kernel. */
    @FunctionalInterface
    interface BlockingCall<T> {
        T call();
    }

    /** Largest file or stream read into one String or array (the heap could not hold more anyway). */
    static final int MAX_READ = 1 << 30;

    private final Builtins builtins;
    private final Console console;
    private final Os os;
    private final Heap heap;
    private final List<String> args;
    private Map<String, String> environment;
    private long[] random;

    StdlibBuiltins(Builtins builtins, Console console, Os os, Heap heap, List<String> args) {
        this.builtins = builtins;
        this.console = console;
        this.os = os;
        this.heap = heap;
        this.args = List.copyOf(args);
    }

    /**
     * Runs a call that may block in the kernel (reading a pipe or terminal, writing to a full pipe,
     * a slow disk). Issue #12's scheduler hooks in here, and only here.
     */
    <T> T blocking(Interpreter in, BlockingCall<T> call) {
        if (in == null) { // not on behalf of a task (reading /proc/self/environ at the first env call)
            return call.call();
        }
        try {
            return TaskRuntime.blocking(in, call::call);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new KorlangError("interrupted while waiting in the kernel: " + e);
        }
    }

    /**
     * Waits, with the task's mutator blocked, until a port serves, when the Os is a port handle and
     * none does now. Call only where the builtin holds no heap address.
     */
    void awaitPort(Interpreter in) {
        if (os instanceof PortHandle handle && !handle.serving()) {
            blocking(in, () -> {
                handle.awaitServing();
                return null;
            });
        }
    }

    /** Whether {@code bi} may make a system call now (the pure ones never wait for a port). */
    private boolean mayCallTheKernel(Builtin bi) {
        return switch (bi) {
            case SYS_ERRNO, SYS_ARGS, SYS_MEMSTAT, SYS_MEMPOLICY, SYS_MEMSETPOLICY, SYS_MEMCOLLECT, SYS_HASH,
                    SYS_UTF8VALID -> false;
            case SYS_RANDOM -> random == null; // one getrandom seeds the run's generator
            case SYS_ENVGET, SYS_ENVNAMES -> environment == null; // read once
            case EPRINT, EPRINTLN -> console instanceof org.korlang.vm.OsConsole;
            default -> true;
        };
    }

    private Os os() {
        if (os == null) {
            throw new KorlangError("the stdlib needs the platform's Os service, and this VM was created without one");
        }
        return os;
    }

    private Heap heap() {
        if (heap == null) {
            throw new KorlangError("this VM was created without a heap for mem.*");
        }
        return heap;
    }

    long nowMillis() {
        return os == null ? System.currentTimeMillis() : os.clockGettime(Clock.REALTIME) / 1_000_000L;
    }

    // ------------------------------------------------------------------------ dispatch

    void call(Interpreter in, Builtin bi, int type, int a, int b, int c) {
        if (mayCallTheKernel(bi)) {
            awaitPort(in); // before anything is read from the frame or the heap
        }
        switch (bi) {
            case EPRINT, EPRINTLN -> {
                builtins.flush();
                TypeDesc t = in.program.program.type(type);
                byte[] text = t.isPrim() ? Values.primText(Builtins.prim(in, b), t.primCode()) : Values.text(in, Builtins.ref(in, a));
                if (bi == Builtin.EPRINTLN) {
                    text = Arrays.copyOf(text, text.length + 1);
                    text[text.length - 1] = '\n';
                }
                byte[] out = text;
                blocking(in, () -> {
                    console.writeError(out, 0, out.length);
                    return null;
                });
            }
            case SYS_READALL -> {
                builtins.flush();
                byte[] all = blocking(in, console::readAll);
                if (!Builtins.validUtf8(all)) {
                    throw new KorlangError("io.readAll: standard input is not valid UTF-8");
                }
                Builtins.setRef(in, c, Strings.allocate(in.raw, in.rt, all));
            }
            case SYS_OPEN -> Builtins.setPrim(in, c, open(in, Builtins.str(in, a), Builtins.prim(in, b)));
            case SYS_CLOSE -> Builtins.setPrim(in, c, close(in, (int) Builtins.prim(in, b)));
            case SYS_READTEXT -> {
                byte[] bytes = readFd(in, (int) Builtins.prim(in, b));
                if (bytes != null && !Builtins.validUtf8(bytes)) {
                    in.lastErrno = "EILSEQ";
                    bytes = null;
                }
                Builtins.setRef(in, c, bytes == null ? 0 : Strings.allocate(in.raw, in.rt, bytes));
            }
            case SYS_READBYTES -> {
                byte[] bytes = readFd(in, (int) Builtins.prim(in, b));
                if (bytes == null) {
                    Builtins.setRef(in, c, 0);
                } else {
                    long arr = Builtins.newPrimArray(in, c, Op.KIND_INT, bytes.length);
                    long back = bytes.length == 0 ? 0 : Raw.getLong(arr + 16);
                    for (int i = 0; i < bytes.length; i++) {
                        Raw.putLong(back + 16 + 8L * i, bytes[i] & 0xFF);
                    }
                }
            }
            case SYS_WRITE -> {
                long s = Builtins.ref(in, a);
                if (s == 0) {
                    throw new KorlangError("null value");
                }
                Builtins.setPrim(in, c, writeFd(in, (int) Builtins.prim(in, b), Strings.bytes(s)));
            }
            case SYS_WRITEBYTES -> {
                long arr = Builtins.ref(in, a);
                if (arr == 0) {
                    throw new KorlangError("null value");
                }
                int n = (int) Raw.getLong(arr + 8);
                byte[] bytes = new byte[n];
                long back = n == 0 ? 0 : Raw.getLong(arr + 16);
                for (int i = 0; i < n; i++) {
                    long v = Raw.getLong(back + 16 + 8L * i);
                    if (v < 0 || v > 255) {
                        throw new KorlangError("writeBytes: value " + v + " at index " + i + " is not a byte (0..255)");
                    }
                    bytes[i] = (byte) v;
                }
                Builtins.setPrim(in, c, writeFd(in, (int) Builtins.prim(in, b), bytes));
            }
            case SYS_ERRNO -> Builtins.setString(in, c, in.lastErrno);
            case SYS_STAT -> Builtins.setPrim(in, c, stat(in, Builtins.str(in, a), Builtins.prim(in, b)));
            case SYS_REMOVE -> Builtins.setPrim(in, c, remove(in, Builtins.str(in, a)));
            case SYS_MKDIR -> Builtins.setPrim(in, c, kernel(in, () -> {
                os().mkdirat(Os.AT_FDCWD, path(Builtins.str(in, a)), 0777);
                return 0L;
            }));
            case SYS_LISTDIR -> {
                List<String> names = listDir(in, Builtins.str(in, a));
                if (names == null) {
                    Builtins.setRef(in, c, 0);
                } else {
                    Builtins.stringArray(in, c, names);
                }
            }
            case SYS_ARGS -> Builtins.stringArray(in, c, args);
            case SYS_ENVGET -> {
                String v = environment().get(Builtins.str(in, a));
                Builtins.setRef(in, c, v == null ? 0 : Strings.allocate(in.raw, in.rt, v));
            }
            case SYS_ENVNAMES -> Builtins.stringArray(in, c, new ArrayList<>(environment().keySet()));
            case SYS_MEMSTAT -> Builtins.setPrim(in, c, memStat(in, Builtins.prim(in, b)));
            case SYS_MEMPOLICY -> Builtins.setString(in, c, heap().policyName());
            case SYS_MEMSETPOLICY -> setPolicy(Builtins.str(in, a));
            case SYS_MEMCOLLECT -> heap().collect(CollectionKind.FULL);
            case SYS_MONONANOS -> Builtins.setPrim(in, c, os().clockGettime(Clock.MONOTONIC));
            case SYS_RANDOM -> Builtins.setFloat(in, c, (nextRandom() >>> 11) * 0x1.0p-53);
            case SYS_OSNAME -> Builtins.setString(in, c, os().name());
            case SYS_ARCHNAME -> Builtins.setString(in, c, os().archName());
            case SYS_PID -> Builtins.setPrim(in, c, os().getpid());
            case SYS_HASH -> Builtins.setPrim(in, c, hash(in, type, a, b));
            case SYS_UTF8VALID -> {
                long arr = Builtins.ref(in, a);
                if (arr == 0) {
                    throw new KorlangError("null value");
                }
                int n = (int) Raw.getLong(arr + 8);
                long back = n == 0 ? 0 : Raw.getLong(arr + 16);
                byte[] bytes = new byte[n];
                boolean ok = true;
                for (int i = 0; i < n && ok; i++) {
                    long v = Raw.getLong(back + 16 + 8L * i);
                    ok = v >= 0 && v <= 255;
                    bytes[i] = (byte) v;
                }
                Builtins.setPrim(in, c, ok && Builtins.validUtf8(bytes) ? 1 : 0);
            }
            default -> throw new IllegalStateException("builtin " + bi + " not implemented");
        }
    }

    // ------------------------------------------------------------------------ files

    /** A kernel call whose OsException becomes -1 and the task's lastErrno. */
    @FunctionalInterface
    private interface KernelCall {
        long call();
    }

    private static long kernel(Interpreter in, KernelCall call) {
        try {
            return call.call();
        } catch (OsException e) {
            in.lastErrno = e.errnoName();
            return -1;
        }
    }

    /** A path for the kernel: a NUL inside it is the program's mistake. */
    private static String path(String p) {
        if (p.indexOf('\0') >= 0) {
            throw new KorlangError("path contains a NUL character: \"" + p.replace("\0", "\\0") + "\"");
        }
        return p;
    }

    private long open(Interpreter in, String path, long mode) {
        Set<OpenFlag> flags = switch ((int) mode) {
            case 0 -> EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.CLOEXEC);
            case 1 -> EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.CREATE, OpenFlag.TRUNCATE, OpenFlag.CLOEXEC);
            case 2 -> EnumSet.of(OpenFlag.WRITE_ONLY, OpenFlag.CREATE, OpenFlag.APPEND, OpenFlag.CLOEXEC);
            case 3 -> EnumSet.of(OpenFlag.READ_WRITE, OpenFlag.CREATE, OpenFlag.CLOEXEC);
            default -> throw new KorlangError("open: unknown mode " + mode);
        };
        String p = path(path);
        return kernel(in, () -> {
            int fd = os().open(p, flags, 0666);
            boolean directory;
            try {
                directory = os().fstat(fd).isDirectory();
            } catch (OsException e) {
                os().close(fd);
                throw e;
            }
            if (directory) {
                // a directory is not a File: refuse it here rather than at the first read
                os().close(fd);
                in.lastErrno = "EISDIR";
                return -1;
            }
            return fd;
        });
    }

    private long close(Interpreter in, int fd) {
        return kernel(in, () -> {
            os().close(fd);
            return 0L;
        });
    }

    /** The rest of {@code fd}, or null (lastErrno set); at most {@link #MAX_READ} bytes. */
    private byte[] readFd(Interpreter in, int fd) {
        try {
            return blocking(in, () -> {
                ByteBuffer chunk = ByteBuffer.allocateDirect(64 << 10);
                byte[] all = new byte[0];
                int size = 0;
                while (true) {
                    chunk.clear();
                    int n;
                    try {
                        n = os().read(fd, chunk, chunk.capacity());
                    } catch (OsException e) {
                        if (e.is("EINTR")) {
                            continue;
                        }
                        throw e;
                    }
                    if (n <= 0) {
                        return Arrays.copyOf(all, size);
                    }
                    if (size + (long) n > MAX_READ) {
                        throw new OsException("read", 27, "EFBIG");
                    }
                    if (size + n > all.length) {
                        all = Arrays.copyOf(all, (int) Math.min(MAX_READ, Math.max(size + n, 2L * all.length + 4096)));
                    }
                    chunk.flip();
                    chunk.get(all, size, n);
                    size += n;
                }
            });
        } catch (OsException e) {
            in.lastErrno = e.errnoName();
            return null;
        }
    }

    /** Writes all of {@code bytes} to {@code fd}; the count, or -1 (lastErrno set). */
    private long writeFd(Interpreter in, int fd, byte[] bytes) {
        return kernel(in, () -> blocking(in, () -> {
            ByteBuffer chunk = ByteBuffer.allocateDirect(Math.min(Math.max(bytes.length, 1), 64 << 10));
            int done = 0;
            while (done < bytes.length) {
                int n = Math.min(chunk.capacity(), bytes.length - done);
                chunk.clear();
                chunk.put(bytes, done, n);
                chunk.flip();
                while (chunk.hasRemaining()) {
                    try {
                        os().write(fd, chunk, chunk.remaining());
                    } catch (OsException e) {
                        if (!e.is("EINTR") && !e.is("EAGAIN")) {
                            throw e;
                        }
                    }
                }
                done += n;
            }
            return (long) bytes.length;
        }));
    }

    private long stat(Interpreter in, String path, long what) {
        String p = path(path);
        return kernel(in, () -> {
            FileStat st = os().fstatat(Os.AT_FDCWD, p, true);
            if (what == 0) {
                return st.size();
            }
            return st.isRegularFile() ? 1 : st.isDirectory() ? 2 : 3;
        });
    }

    private long remove(Interpreter in, String path) {
        String p = path(path);
        return kernel(in, () -> {
            boolean directory = os().fstatat(Os.AT_FDCWD, p, false).isDirectory();
            os().unlinkat(Os.AT_FDCWD, p, directory);
            return 0L;
        });
    }

    /** The names in a directory, sorted by bytes, without . and ..; null with lastErrno on failure. */
    private List<String> listDir(Interpreter in, String path) {
        String p = path(path);
        try {
            int fd = os().open(p, EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.DIRECTORY, OpenFlag.CLOEXEC), 0);
            List<byte[]> names = new ArrayList<>();
            try {
                for (List<DirEntry> batch = os().readDirectory(fd); !batch.isEmpty(); batch = os().readDirectory(fd)) {
                    for (DirEntry e : batch) {
                        if (!e.isDotOrDotDot()) {
                            names.add(e.name());
                        }
                    }
                }
            } finally {
                os().close(fd);
            }
            names.sort(Arrays::compareUnsigned);
            List<String> out = new ArrayList<>(names.size());
            for (byte[] n : names) {
                if (!Builtins.validUtf8(n)) {
                    in.lastErrno = "EILSEQ";
                    return null;
                }
                out.add(new String(n, StandardCharsets.UTF_8));
            }
            return out;
        } catch (OsException e) {
            in.lastErrno = e.errnoName();
            return null;
        }
    }

    // ------------------------------------------------------------------------ environment

    /**
     * The environment the kernel gave this process: {@code /proc/self/environ} (NUL-separated
     * NAME=VALUE entries) read through Os; without /proc, the JVM's copy. Entries that are not
     * valid UTF-8, or have no '=', are left out; the first of duplicate names wins.
     */
    private Map<String, String> environment() {
        if (environment != null) {
            return environment;
        }
        Map<String, String> env = new LinkedHashMap<>();
        byte[] block = null;
        try {
            int fd = os().open("/proc/self/environ", EnumSet.of(OpenFlag.READ_ONLY, OpenFlag.CLOEXEC), 0);
            try {
                block = readFd(null, fd);
            } finally {
                os().close(fd);
            }
        } catch (OsException e) {
            block = null;
        }
        if (block != null) {
            int start = 0;
            for (int i = 0; i <= block.length; i++) {
                if (i == block.length || block[i] == 0) {
                    byte[] entry = Arrays.copyOfRange(block, start, i);
                    start = i + 1;
                    if (entry.length == 0 || !Builtins.validUtf8(entry)) {
                        continue;
                    }
                    String s = new String(entry, StandardCharsets.UTF_8);
                    int eq = s.indexOf('=');
                    if (eq > 0) {
                        env.putIfAbsent(s.substring(0, eq), s.substring(eq + 1));
                    }
                }
            }
        } else {
            env.putAll(System.getenv());
        }
        environment = env;
        return env;
    }

    // ------------------------------------------------------------------------ heap

    private long memStat(Interpreter in, long which) {
        // stats() waits for the heap's registry lock, which a stop-the-world (a collection or a
        // policy switch from another thread) holds until every running mutator reaches a safepoint:
        // asked from a running mutator it would wait for a stop that waits for it. Blocked, it is
        // already stopped (found by the conformance suite's policy-switch mode with mem.stats()).
        HeapStats st = blocking(in, () -> heap().stats());
        return switch ((int) which) {
            case 0 -> st.usedBytes();
            case 1 -> st.heapLimit();
            case 2 -> st.minorCollections() + st.fullCollections();
            case 3 -> st.minorPauseNanos() + st.fullPauseNanos();
            case 4 -> st.bytesAllocated();
            default -> throw new KorlangError("mem: no statistic " + which);
        };
    }

    private void setPolicy(String name) {
        try {
            heap().switchPolicy(name);
        } catch (IllegalArgumentException e) {
            // the heap's message lists the policies it knows, which differ between the platform and
            // bin/korlang run; the program gets one stable message
            throw new KorlangError("mem.setPolicy: unknown gc policy '" + name + "' (the platform has generational, marksweep and semispace)");
        } catch (HeapExhaustedException e) {
            throw new KorlangError("mem.setPolicy: the live objects do not fit policy '" + name + "' (the heap stays on '"
                    + heap().policyName() + "')");
        }
    }

    // ------------------------------------------------------------------------ random

    /** xoshiro256** (Blackman and Vigna), seeded from the kernel's getrandom on first use. */
    private long nextRandom() {
        long[] s = random;
        if (s == null) {
            ByteBuffer seed = ByteBuffer.allocate(32);
            while (seed.hasRemaining()) {
                os().getrandom(seed, seed.remaining());
            }
            seed.flip();
            s = new long[] {seed.getLong(), seed.getLong(), seed.getLong(), seed.getLong()};
            if ((s[0] | s[1] | s[2] | s[3]) == 0) {
                s[0] = 1; // the one state xoshiro cannot leave
            }
            random = s;
        }
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    // ------------------------------------------------------------------------ hashing

    /**
     * The hash of a Map/Set key whose static type is {@code type}: consistent with {@code ==}
     * (numbers, chars, bools and strings by value, enum values by variant — equal values have the
     * same variant, so the variant alone is a valid hash). Structs, arrays, tuples and closures are
     * equal by identity, which a moving collector cannot hash: a runtime error.
     */
    private static long hash(Interpreter in, int type, int a, int b) {
        TypeDesc t = in.program.program.type(type);
        if (t.isPrim()) {
            long v = Builtins.prim(in, b);
            return mix(t.kind() == TypeDesc.Kind.FLOAT ? floatKey(v) : v);
        }
        long ref = Builtins.ref(in, a);
        if (ref == 0) {
            return 0x9E3779B97F4A7C15L;
        }
        return switch (t.kind()) {
            case STRING -> {
                int n = Strings.length(ref);
                long h = 0xcbf29ce484222325L;
                for (int i = 0; i < n; i++) {
                    h = (h ^ (Raw.getByte(ref + Strings.DATA + i) & 0xFF)) * 0x100000001b3L;
                }
                yield mix(h);
            }
            case BOX -> {
                long v = Raw.getLong(ref + 8);
                yield mix(t.arg() == Op.KIND_FLOAT ? floatKey(v) : v);
            }
            case ENUM -> mix(Raw.getLong(ref) >>> 32);
            default -> throw new KorlangError("a Map or Set key must be an Int, Float, Bool, Char, String or enum value, not "
                    + Values.typeName(in, ref));
        };
    }

    /** Float keys: 0.0 and -0.0 are ==, so they hash alike. */
    private static long floatKey(long bits) {
        return Double.longBitsToDouble(bits) == 0.0 ? 0 : bits;
    }

    /** splitmix64's finalizer, then folded to a non-negative Int. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return (z ^ (z >>> 31)) >>> 1;
    }
}
