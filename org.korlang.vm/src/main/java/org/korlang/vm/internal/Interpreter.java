package org.korlang.vm.internal;

import org.korlang.gc.HeapExhaustedException;
import org.korlang.gc.RootArea;
import org.korlang.gc.TypeId;
import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.RawMutator;
import org.korlang.gc.vmaccess.VmAccess;
import org.korlang.lang.bytecode.Op;

/**
 * The register interpreter: one {@code switch} over typed instructions in one method,
 * {@link #execute}, whose hot state — the code array, pc, the current frame's ref and prim register
 * bases (absolute heap addresses), the chunk's address and limits — lives in Java locals.
 *
 * <h2>Invariants</h2>
 * <ul>
 * <li>No tag checks and no boxing: each instruction's operand kinds and the layouts of the objects it
 * touches were proven by the {@link Verifier} at load time, so field access is one unchecked load at
 * {@code obj + 8 + 8*slot}. What the verifier cannot prove stays checked here: null (every
 * dereference compares with 0), array bounds (one unsigned compare), division by zero, variant casts.</li>
 * <li>A Korlang call never recurses in Java: CALL pushes a frame in the heap stack chunk (copying the
 * arguments, zeroing the other ref registers, raising the chunk's live count) and continues with the
 * callee's code; RET pops it. Depth is limited only by {@link Stack}'s byte limit.</li>
 * <li>Safepoints are calls, LOOP/FORLOOP back-edges and allocations: allocation polls inside the heap;
 * calls and back-edges count down a reduction budget held in a local, and when it runs out the
 * interpreter saves its position and returns, and the driver polls ({@link InterpreterAccess}) — so
 * the hot path tests no shared flag and a collection waits at most one slice. After anything that
 * may have been a safepoint, control leaves the switch with {@code break} to the tail of the loop, which
 * re-reads the chunk's address and shifts the frame locals if the collector moved the chunk (see
 * {@link Stack}); instructions that cannot reach a safepoint {@code continue} and skip it. An
 * allocating instruction writes its result through the chunk's re-read address.</li>
 * <li>Reference stores into heap objects go through {@link RawMutator#storeRef}, the active policy's
 * barrier, which the mutator re-reads at every safepoint (so a policy switch takes effect at once);
 * register stores need none (the chunks are roots re-scanned at every collection).</li>
 * <li>The same reduction count is the preemption point for tasks (issue #12): a yield saves the
 * position as chunk offsets; the single-task driver of this version polls and resumes.</li>
 * </ul>
 * Rare or allocation-heavy instructions call helpers, keeping {@link #execute} below HotSpot's
 * 8000-byte limit for compiling a method (see README for the measured size).
 */
public final class Interpreter {

    public static final int DONE = 0;
    public static final int YIELDED = 1;
    /**
     * A task builtin (#12: await, send, recv, sleep) parked the task: its position is saved and
     * another thread may already own it, so the caller must not touch it again.
     */
    public static final int SUSPENDED = 2;
    /** Reference words below the bottom frame of a task's first chunk: word 0 holds its Task object. */
    static final int RESERVED_ROOTS = 1;
    /**
     * Calls and back-edges per slice. At the end of a slice the interpreter returns
     * {@link #YIELDED} and its driver reaches a safepoint (and, for tasks, may switch): the hot paths
     * test only a local counter, and a stop request waits at most one slice (≈ 10–50 µs).
     */
    static final int REDUCTIONS = 4096;
    static final long CROSSED = 1L << 8;

    final LoadedProgram program;
    /** The mutator of the thread running the task now (set at each resume: a task moves between workers). */
    RawMutator raw;
    /** The Korlang task this interpreter runs (#12). */
    VmTask task;
    final VmFunction[] fns;
    final RuntimeTypes rt;
    final Builtins builtins;
    private final TypeId[] layoutTypes;
    private final long[] layoutInit;
    private final long[] kprims;
    private final RootArea constants;
    final Stack stack;

    // ---- task state while not executing (offsets from the current chunk's address)
    VmFunction savedFn;
    int savedPc;
    long savedRbOff;
    long savedPbOff;
    /** The value main returned (prim bits or 0). */
    long result;
    /**
     * The errno name of this task's last failed stdlib system call (StdlibBuiltins), read by
     * {@code sys.errno()}: per task, so tasks failing at once never see each other's errno.
     */
    String lastErrno = "EIO";

    // ---- frame state handed between execute() and its helpers (absolute, valid until a safepoint)
    long hRb;
    long hPb;

    public Interpreter(LoadedProgram program, RawMutator raw, Stack stack, Builtins builtins) {
        this.program = program;
        this.raw = raw;
        this.fns = program.functions;
        this.rt = program.runtime;
        this.layoutTypes = program.layoutTypes;
        this.layoutInit = program.layoutInit;
        this.kprims = program.primConstants;
        this.constants = program.constants;
        this.stack = stack;
        this.builtins = builtins;
    }

    /**
     * Sets up the bottom frame of {@code entry} with its arguments already placed by {@code setup} (a
     * safepoint).
     */
    void start(VmFunction entry) {
        start(entry, false);
    }

    /** As {@link #start(VmFunction)}; {@code small} for a spawned task's first chunk (see {@link Stack#init}). */
    void start(VmFunction entry, boolean small) {
        stack.init(RESERVED_ROOTS + entry.refBytes / 8, entry.primStride / 8, small);
        RootArea c = stack.currentChunk();
        long ca = VmAccess.address(c);
        Raw.putLong(ca + VmAccess.AREA_ROOTS, 0);
        long rbOff = VmAccess.AREA_ROOTS + 8L * RESERVED_ROOTS;
        long pbOff = Stack.firstFrameOffset(c);
        Raw.zero(ca + rbOff, entry.refBytes);
        Raw.zero(ca + pbOff, entry.primBytes);
        Raw.putLong(ca + pbOff - 16, 0xFFFF_FFFFL); // no caller
        Raw.putLong(ca + pbOff - 8, 0);
        Raw.putLong(ca + VmAccess.AREA_LIVE, RESERVED_ROOTS + entry.refBytes / 8);
        savedFn = entry;
        savedPc = 0;
        savedRbOff = rbOff;
        savedPbOff = pbOff;
    }

    /** Address of the bottom frame's ref registers (to place main's arguments before running). */
    long frameRefs() {
        return VmAccess.address(stack.currentChunk()) + savedRbOff;
    }

    /**
     * Runs the task from its saved position until main returns ({@link #DONE}, result in
     * {@link #result}) or its reductions run out ({@link #YIELDED}). A runtime error propagates as
     * {@link KorlangError} with the position saved, so {@link #stackTrace()} can describe it.
     */
    int execute() {
        final VmFunction[] fns = this.fns;
        final RawMutator raw = this.raw;
        RootArea area = stack.currentChunk();
        long cb = VmAccess.address(area);
        VmFunction f = savedFn;
        int[] code = f.code;
        int pc = savedPc;
        long rb = cb + savedRbOff;
        long pb = cb + savedPbOff;
        long refEnd = cb + Stack.refEndOffset(area) - 8L * Stack.SCRATCH;
        long primEnd = cb + Stack.primEndOffset(area);
        int budget = REDUCTIONS;
        try {
            for (;;) {
                final int w = Raw.intAt(code, pc++); // the verifier proved pc in range
                switch (w & 0xFF) {
                    case Op.NOP:
                        continue;
                    case Op.MOVP:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)));
                        continue;
                    case Op.MOVR:
                        Raw.putLong(rb + ((w >>> 5) & 0x7F8), Raw.getLong(rb + ((w >>> 13) & 0x7F8)));
                        continue;
                    case Op.LOADI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), w >> 16);
                        continue;
                    case Op.LOADKP:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), kprims[w >>> 16]);
                        continue;
                    case Op.LOADKR:
                        Raw.putLong(rb + ((w >>> 5) & 0x7F8),
                                Raw.getLong(VmAccess.address(constants) + VmAccess.AREA_ROOTS + ((long) (w >>> 16) << 3)));
                        continue;
                    case Op.LOADNULL:
                        Raw.putLong(rb + ((w >>> 5) & 0x7F8), 0);
                        continue;

                    // ------------------------------------------------------------------ Int
                    case Op.ADDI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) + Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.SUBI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) - Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.MULI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) * Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.DIVI: {
                        long d = Raw.getLong(pb + ((w >>> 21) & 0x7F8));
                        if (d == 0) {
                            throw new KorlangError("division by zero");
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) / d);
                        continue;
                    }
                    case Op.REMI: {
                        long d = Raw.getLong(pb + ((w >>> 21) & 0x7F8));
                        if (d == 0) {
                            throw new KorlangError("division by zero");
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) % d);
                        continue;
                    }
                    case Op.ANDI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) & Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.ORI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) | Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.XORI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) ^ Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.SHLI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) << Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.SHRI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) >> Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.NEGI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), -Raw.getLong(pb + ((w >>> 13) & 0x7F8)));
                        continue;
                    case Op.NOTI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), ~Raw.getLong(pb + ((w >>> 13) & 0x7F8)));
                        continue;
                    case Op.ADDIK:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) + (w >> 24));
                        continue;

                    // ------------------------------------------------------------------ Float
                    case Op.ADDF:
                        Raw.putDouble(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) + Raw.getDouble(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.SUBF:
                        Raw.putDouble(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) - Raw.getDouble(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.MULF:
                        Raw.putDouble(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) * Raw.getDouble(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.DIVF:
                        Raw.putDouble(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) / Raw.getDouble(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.REMF:
                        Raw.putDouble(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) % Raw.getDouble(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    case Op.NEGF:
                        Raw.putDouble(pb + ((w >>> 5) & 0x7F8), -Raw.getDouble(pb + ((w >>> 13) & 0x7F8)));
                        continue;

                    // ------------------------------------------------------------------ comparisons
                    case Op.EQI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) == Raw.getLong(pb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.NEI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) != Raw.getLong(pb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.LTI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) < Raw.getLong(pb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.LEI:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) <= Raw.getLong(pb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.EQF:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) == Raw.getDouble(pb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.NEF:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) != Raw.getDouble(pb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.LTF:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) < Raw.getDouble(pb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.LEF:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getDouble(pb + ((w >>> 13) & 0x7F8)) <= Raw.getDouble(pb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.EQR:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(rb + ((w >>> 13) & 0x7F8)) == Raw.getLong(rb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.NER:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(rb + ((w >>> 13) & 0x7F8)) != Raw.getLong(rb + ((w >>> 21) & 0x7F8)) ? 1 : 0);
                        continue;
                    case Op.EQS:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8),
                                Strings.equal(Raw.getLong(rb + ((w >>> 13) & 0x7F8)), Raw.getLong(rb + ((w >>> 21) & 0x7F8))) ? 1 : 0);
                        continue;
                    case Op.EQV:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8),
                                Values.equal(this, Raw.getLong(rb + ((w >>> 13) & 0x7F8)), Raw.getLong(rb + ((w >>> 21) & 0x7F8))) ? 1 : 0);
                        continue;
                    case Op.NOT:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(pb + ((w >>> 13) & 0x7F8)) ^ 1);
                        continue;

                    // ------------------------------------------------------------------ conversions
                    case Op.I2F:
                        Raw.putDouble(pb + ((w >>> 5) & 0x7F8), (double) Raw.getLong(pb + ((w >>> 13) & 0x7F8)));
                        continue;
                    case Op.F2I:
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), (long) Raw.getDouble(pb + ((w >>> 13) & 0x7F8)));
                        continue;
                    case Op.I2C: {
                        long v = Raw.getLong(pb + ((w >>> 13) & 0x7F8));
                        if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                            throw new KorlangError("invalid char value " + v);
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), v);
                        continue;
                    }

                    // ------------------------------------------------------------------ jumps
                    case Op.JMP:
                        pc += w >> 8;
                        continue;
                    case Op.LOOP:
                        pc += w >> 8;
                        if (--budget > 0) {
                            continue;
                        }
                        savedFn = f;
                        savedPc = pc;
                        savedRbOff = rb - cb;
                        savedPbOff = pb - cb;
                        return YIELDED;
                    case Op.JT:
                        if (Raw.getLong(pb + ((w >>> 5) & 0x7F8)) != 0) {
                            pc += w >> 16;
                        }
                        continue;
                    case Op.JF:
                        if (Raw.getLong(pb + ((w >>> 5) & 0x7F8)) == 0) {
                            pc += w >> 16;
                        }
                        continue;
                    case Op.JNULL:
                        if (Raw.getLong(rb + ((w >>> 5) & 0x7F8)) == 0) {
                            pc += w >> 16;
                        }
                        continue;
                    case Op.JNNULL:
                        if (Raw.getLong(rb + ((w >>> 5) & 0x7F8)) != 0) {
                            pc += w >> 16;
                        }
                        continue;
                    case Op.JLTI:
                        if (Raw.getLong(pb + ((w >>> 5) & 0x7F8)) < Raw.getLong(pb + ((w >>> 13) & 0x7F8))) {
                            pc += Raw.intAt(code, pc);
                        }
                        pc++;
                        continue;
                    case Op.JLEI:
                        if (Raw.getLong(pb + ((w >>> 5) & 0x7F8)) <= Raw.getLong(pb + ((w >>> 13) & 0x7F8))) {
                            pc += Raw.intAt(code, pc);
                        }
                        pc++;
                        continue;
                    case Op.JEQI:
                        if (Raw.getLong(pb + ((w >>> 5) & 0x7F8)) == Raw.getLong(pb + ((w >>> 13) & 0x7F8))) {
                            pc += Raw.intAt(code, pc);
                        }
                        pc++;
                        continue;
                    case Op.JNEI:
                        if (Raw.getLong(pb + ((w >>> 5) & 0x7F8)) != Raw.getLong(pb + ((w >>> 13) & 0x7F8))) {
                            pc += Raw.intAt(code, pc);
                        }
                        pc++;
                        continue;
                    case Op.FORLOOP: {
                        long a = pb + ((w >>> 5) & 0x7F8);
                        long i = Raw.getLong(a) + 1;
                        Raw.putLong(a, i);
                        if (i < Raw.getLong(a + 8)) {
                            pc += w >> 16;
                            if (--budget > 0) {
                                continue;
                            }
                            savedFn = f;
                            savedPc = pc;
                            savedRbOff = rb - cb;
                            savedPbOff = pb - cb;
                            return YIELDED;
                        }
                        continue;
                    }
                    case Op.SWITCH: {
                        long v = Raw.getLong(pb + ((w >>> 5) & 0x7F8));
                        int n = w >>> 16;
                        if (Long.compareUnsigned(v, n) < 0) {
                            pc += n + Raw.intAt(code, pc + (int) v);
                        } else {
                            pc += n;
                        }
                        continue;
                    }

                    // ------------------------------------------------------------------ calls
                    case Op.CALL:
                    case Op.CALLC: {
                        VmFunction g;
                        if ((w & 0xFF) == Op.CALL) {
                            g = fns[Raw.intAt(code, pc++)];
                        } else {
                            pc++;
                            long clo = Raw.getLong(rb + ((w >>> 5) & 0x7F8));
                            if (clo == 0) {
                                throw new KorlangError("call of a null function value");
                            }
                            g = fns[(int) Raw.getLong(clo + 8)];
                        }
                        long nrb = rb + f.refBytes;
                        long npb = pb + f.primStride;
                        if (nrb + g.refBytes > refEnd || npb + g.primBytes > primEnd) {
                            callInNewChunk(f, g, w, pc, rb - cb, pb - cb);
                            area = stack.currentChunk();
                            cb = VmAccess.address(area);
                            refEnd = cb + Stack.refEndOffset(area) - 8L * Stack.SCRATCH;
                            primEnd = cb + Stack.primEndOffset(area);
                            rb = hRb;
                            pb = hPb;
                        } else {
                            long ra = rb + ((w >>> 5) & 0x7F8);
                            long pa = pb + ((w >>> 13) & 0x7F8);
                            int n = g.refParamBytes;
                            for (int i = 0; i < n; i += 8) {
                                Raw.putLong(nrb + i, Raw.getLong(ra + i));
                            }
                            for (int i = n, e = g.refBytes; i < e; i += 8) {
                                Raw.putLong(nrb + i, 0);
                            }
                            for (int i = 0, e = g.primParamBytes; i < e; i += 8) {
                                Raw.putLong(npb + i, Raw.getLong(pa + i));
                            }
                            Raw.putLong(npb - 16, ((long) pc << 32) | f.index);
                            Raw.putLong(npb - 8, w >>> 24);
                            Raw.putLong(cb + VmAccess.AREA_LIVE, nrb + g.refBytes - cb - VmAccess.AREA_ROOTS >> 3);
                            rb = nrb;
                            pb = npb;
                        }
                        f = g;
                        code = g.code;
                        pc = 0;
                        if (--budget > 0) {
                            continue;
                        }
                        savedFn = f;
                        savedPc = pc;
                        savedRbOff = rb - cb;
                        savedPbOff = pb - cb;
                        return YIELDED;
                    }
                    case Op.CALLB: {
                        int ext = Raw.intAt(code, pc++);
                        savedFn = f;
                        savedPc = pc;
                        savedRbOff = rb - cb;
                        savedPbOff = pb - cb;
                        hRb = rb;
                        hPb = pb;
                        if (builtins.call(this, ext & 0xFFFF, ext >>> 16, w) != 0) {
                            return SUSPENDED; // parked: another worker may own the task already
                        }
                        break;
                    }
                    case Op.RET:
                    case Op.RETP:
                    case Op.RETR: {
                        int op = w & 0xFF;
                        long v = op == Op.RETP ? Raw.getLong(pb + ((w >>> 5) & 0x7F8))
                                : op == Op.RETR ? Raw.getLong(rb + ((w >>> 5) & 0x7F8)) : 0;
                        long h0 = Raw.getLong(pb - 16);
                        long h1 = Raw.getLong(pb - 8);
                        int ci = (int) h0;
                        if (ci < 0) {
                            result = v;
                            savedFn = f;
                            savedPc = pc;
                            savedRbOff = rb - cb;
                            savedPbOff = pb - cb;
                            return DONE;
                        }
                        f = fns[ci];
                        if ((h1 & CROSSED) != 0) {
                            long off = Stack.dataOffset(area);
                            long rbOff = Raw.getLong(cb + off);
                            long pbOff = Raw.getLong(cb + off + 8);
                            stack.popChunk();
                            area = stack.currentChunk();
                            cb = VmAccess.address(area);
                            refEnd = cb + Stack.refEndOffset(area) - 8L * Stack.SCRATCH;
                            primEnd = cb + Stack.primEndOffset(area);
                            rb = cb + rbOff;
                            pb = cb + pbOff;
                        } else {
                            rb -= f.refBytes;
                            pb -= f.primStride;
                        }
                        code = f.code;
                        pc = (int) (h0 >>> 32);
                        if (op == Op.RETP) {
                            Raw.putLong(pb + ((h1 & 0xFF) << 3), v);
                        } else if (op == Op.RETR) {
                            Raw.putLong(rb + ((h1 & 0xFF) << 3), v);
                        }
                        continue;
                    }

                    // ------------------------------------------------------------------ objects
                    case Op.NEW: {
                        long rbo = rb - cb;
                        int layout = w >>> 16;
                        long o = raw.allocateRaw(layoutTypes[layout]);
                        long init = layoutInit[layout];
                        if (init >= 0) {
                            Raw.putLong(o + 8, init);
                        }
                        Raw.putLong(VmAccess.address(area) + rbo + ((w >>> 5) & 0x7F8), o);
                        break;
                    }
                    case Op.GETP: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(o + 8 + ((w >>> 21) & 0x7F8)));
                        continue;
                    }
                    case Op.GETR: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        Raw.putLong(rb + ((w >>> 5) & 0x7F8), Raw.getLong(o + 8 + ((w >>> 21) & 0x7F8)));
                        continue;
                    }
                    case Op.SETP: {
                        long o = Raw.getLong(rb + ((w >>> 5) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        Raw.putLong(o + 8 + ((w >>> 13) & 0x7F8), Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    }
                    case Op.SETR: {
                        long o = Raw.getLong(rb + ((w >>> 5) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        raw.storeRef(o, o + 8 + ((w >>> 13) & 0x7F8), Raw.getLong(rb + ((w >>> 21) & 0x7F8)));
                        continue;
                    }
                    case Op.TAG: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(o + 8));
                        continue;
                    }
                    case Op.CASTV: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        int layout = Raw.intAt(code, pc++);
                        if (o == 0 || (int) (Raw.getLong(o) >>> 32) != layoutTypes[layout].id()) {
                            throw castFailure(o, layout);
                        }
                        Raw.putLong(rb + ((w >>> 5) & 0x7F8), o);
                        continue;
                    }
                    case Op.NOTNULL: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw new KorlangError("null value");
                        }
                        Raw.putLong(rb + ((w >>> 5) & 0x7F8), o);
                        continue;
                    }
                    case Op.BOX: {
                        long rbo = rb - cb;
                        long pbo = pb - cb;
                        long o = raw.allocateRaw(rt.boxes[w >>> 24]);
                        long ncb = VmAccess.address(area);
                        Raw.putLong(o + 8, Raw.getLong(ncb + pbo + ((w >>> 13) & 0x7F8)));
                        Raw.putLong(ncb + rbo + ((w >>> 5) & 0x7F8), o);
                        break;
                    }
                    case Op.UNBOX: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw new KorlangError("null value");
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(o + 8));
                        continue;
                    }
                    case Op.ISTYPE:
                    case Op.CAST: {
                        int type = Raw.intAt(code, pc++);
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        boolean is = Values.isOfType(this, o, type);
                        if ((w & 0xFF) == Op.ISTYPE) {
                            Raw.putLong(pb + ((w >>> 5) & 0x7F8), is ? 1 : 0);
                        } else {
                            if (o != 0 && !is) {
                                throw new KorlangError("cannot cast " + Values.typeName(this, o) + " to "
                                        + Values.staticTypeName(program.program, type));
                            }
                            Raw.putLong(rb + ((w >>> 5) & 0x7F8), o);
                        }
                        continue;
                    }

                    // ------------------------------------------------------------------ arrays
                    case Op.NEWARR:
                        newArray(w, rb - cb, pb - cb, area);
                        break;
                    case Op.ALEN: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(o + 8));
                        continue;
                    }
                    case Op.AGETP: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        long i = Raw.getLong(pb + ((w >>> 21) & 0x7F8));
                        long n = Raw.getLong(o + 8);
                        if (Long.compareUnsigned(i, n) >= 0) {
                            throw indexError(i, n);
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(Raw.getLong(o + 16) + 16 + (i << 3)));
                        continue;
                    }
                    case Op.AGETR: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        long i = Raw.getLong(pb + ((w >>> 21) & 0x7F8));
                        long n = Raw.getLong(o + 8);
                        if (Long.compareUnsigned(i, n) >= 0) {
                            throw indexError(i, n);
                        }
                        Raw.putLong(rb + ((w >>> 5) & 0x7F8), Raw.getLong(Raw.getLong(o + 16) + 16 + (i << 3)));
                        continue;
                    }
                    case Op.ASETP: {
                        long o = Raw.getLong(rb + ((w >>> 5) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        long i = Raw.getLong(pb + ((w >>> 13) & 0x7F8));
                        long n = Raw.getLong(o + 8);
                        if (Long.compareUnsigned(i, n) >= 0) {
                            throw indexError(i, n);
                        }
                        Raw.putLong(Raw.getLong(o + 16) + 16 + (i << 3), Raw.getLong(pb + ((w >>> 21) & 0x7F8)));
                        continue;
                    }
                    case Op.ASETR: {
                        long o = Raw.getLong(rb + ((w >>> 5) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        long i = Raw.getLong(pb + ((w >>> 13) & 0x7F8));
                        long n = Raw.getLong(o + 8);
                        if (Long.compareUnsigned(i, n) >= 0) {
                            throw indexError(i, n);
                        }
                        long back = Raw.getLong(o + 16);
                        raw.storeRef(back, back + 16 + (i << 3), Raw.getLong(rb + ((w >>> 21) & 0x7F8)));
                        continue;
                    }
                    case Op.APUSHP:
                    case Op.APUSHR: {
                        long o = Raw.getLong(rb + ((w >>> 5) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        long n = Raw.getLong(o + 8);
                        long back = Raw.getLong(o + 16);
                        if (back != 0 && n < Raw.getLong(back + 8)) {
                            long slot = back + 16 + (n << 3);
                            if ((w & 0xFF) == Op.APUSHP) {
                                Raw.putLong(slot, Raw.getLong(pb + ((w >>> 13) & 0x7F8)));
                            } else {
                                raw.storeRef(back, slot, Raw.getLong(rb + ((w >>> 13) & 0x7F8)));
                            }
                            Raw.putLong(o + 8, n + 1);
                            continue;
                        }
                        pushGrowing(w, rb - cb, pb - cb, area);
                        break;
                    }

                    // ------------------------------------------------------------------ strings
                    case Op.SLEN: {
                        long o = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (o == 0) {
                            throw nullDereference();
                        }
                        Raw.putLong(pb + ((w >>> 5) & 0x7F8), Raw.getLong(o + 8));
                        continue;
                    }
                    case Op.CONCAT:
                    case Op.CONCATN:
                    case Op.TOSTRP:
                    case Op.TOSTRR:
                        stringOp(w, rb - cb, pb - cb, area);
                        break;
                    case Op.SNEXT: {
                        long s = Raw.getLong(rb + ((w >>> 13) & 0x7F8));
                        if (s == 0) {
                            throw nullDereference();
                        }
                        long ia = pb + ((w >>> 21) & 0x7F8);
                        long i = Raw.getLong(ia);
                        long n = Raw.getLong(s + 8);
                        if (Long.compareUnsigned(i, n) >= 0) {
                            throw indexError(i, n);
                        }
                        int b0 = Raw.getByte(s + 16 + i) & 0xFF;
                        if (b0 < 0x80) {
                            Raw.putLong(pb + ((w >>> 5) & 0x7F8), b0);
                            Raw.putLong(ia, i + 1);
                        } else {
                            long cp = Utf8.decodeAt(s, i, n);
                            Raw.putLong(pb + ((w >>> 5) & 0x7F8), cp & 0xFFFFFFFFL);
                            Raw.putLong(ia, i + (cp >>> 32));
                        }
                        continue;
                    }
                    default:
                        throw new IllegalStateException("unverified opcode " + (w & 0xFF) + " at " + f.name + ":" + (pc - 1));
                }
                // ---- tail: the instruction may have been a safepoint; follow a moved chunk
                long ncb = VmAccess.address(area);
                if (ncb != cb) {
                    long d = ncb - cb;
                    cb = ncb;
                    rb += d;
                    pb += d;
                    refEnd += d;
                    primEnd += d;
                }
            }
        } catch (KorlangError | HeapExhaustedException e) {
            // rb, pb and cb are consistent with each other (relocation happens only in the tail), so
            // the offsets are right even if the failure came after a safepoint moved the chunk
            savedFn = f;
            savedPc = pc;
            savedRbOff = rb - cb;
            savedPbOff = pb - cb;
            if (e instanceof HeapExhaustedException h) {
                throw new KorlangError("out of memory");
            }
            throw e;
        }
    }

    private KorlangError nullDereference() {
        return new KorlangError("null value");
    }

    static KorlangError indexError(long i, long n) {
        return new KorlangError("index " + i + " out of bounds for length " + n);
    }

    private KorlangError castFailure(long o, int layout) {
        if (o == 0) {
            return new KorlangError("null value");
        }
        return new KorlangError("expected " + program.program.layouts().get(layout).name() + ", found "
                + Values.typeName(this, o));
    }

    // ====================================================================== slow paths (helpers)

    /**
     * A call whose frame does not fit the current chunk: continue in the next chunk (a safepoint).
     * Leaves the callee's register bases in {@link #hRb}/{@link #hPb}.
     */
    private void callInNewChunk(VmFunction f, VmFunction g, int w, int pc, long rbOff, long pbOff) {
        RootArea next = stack.pushChunk(g.refBytes / 8, g.primStride / 8 + 2);
        RootArea prev = stack.chunk(stack.current - 1);
        long pa = VmAccess.address(prev);
        long na = VmAccess.address(next);
        long data = na + Stack.dataOffset(next);
        Raw.putLong(data, rbOff);
        Raw.putLong(data + 8, pbOff);
        long nrb = na + VmAccess.AREA_ROOTS;
        long npb = data + 16 + VmFunction.HEADER_BYTES;
        long ra = pa + rbOff + ((w >>> 5) & 0x7F8);
        long prim = pa + pbOff + ((w >>> 13) & 0x7F8);
        for (int i = 0; i < g.refParamBytes; i += 8) {
            Raw.putLong(nrb + i, Raw.getLong(ra + i));
        }
        for (int i = g.refParamBytes; i < g.refBytes; i += 8) {
            Raw.putLong(nrb + i, 0);
        }
        for (int i = 0; i < g.primParamBytes; i += 8) {
            Raw.putLong(npb + i, Raw.getLong(prim + i));
        }
        Raw.putLong(npb - 16, ((long) pc << 32) | f.index);
        Raw.putLong(npb - 8, (w >>> 24) | CROSSED);
        Raw.putLong(na + VmAccess.AREA_LIVE, g.refBytes / 8);
        hRb = nrb;
        hPb = npb;
    }

    /** NEWARR: header first (rooted in r[A]), then the backing store. */
    private void newArray(int w, long rbo, long pbo, RootArea area) {
        long len = Raw.getLong(VmAccess.address(area) + pbo + ((w >>> 13) & 0x7F8));
        int kind = w >>> 24;
        if (len < 0 || len > Integer.MAX_VALUE - 16) {
            throw new KorlangError(len < 0 ? "negative array size " + len : "array too large: " + len);
        }
        long header = raw.allocateRaw(rt.arrays[kind]);
        long dst = rbo + ((w >>> 5) & 0x7F8);
        Raw.putLong(VmAccess.address(area) + dst, header);
        if (len > 0) {
            long back = kind == Op.KIND_REF ? raw.allocateArrayRaw(rt.refs, (int) len)
                    : raw.allocateArrayRaw(rt.longs, (int) len);
            header = Raw.getLong(VmAccess.address(area) + dst);
            raw.storeRef(header, header + 16, back);
            Raw.putLong(header + 8, len);
        }
    }

    /** APUSH into a full (or absent) backing store: grow it to twice the length (at least 4). */
    private void pushGrowing(int w, long rbo, long pbo, RootArea area) {
        long arrOff = rbo + ((w >>> 5) & 0x7F8);
        long o = Raw.getLong(VmAccess.address(area) + arrOff);
        long n = Raw.getLong(o + 8);
        boolean refs = (w & 0xFF) == Op.APUSHR;
        long cap = Math.max(4, n * 2);
        if (cap > Integer.MAX_VALUE - 16) {
            throw new KorlangError("array too large");
        }
        long back = refs ? raw.allocateArrayRaw(rt.refs, (int) cap) : raw.allocateArrayRaw(rt.longs, (int) cap);
        long ca = VmAccess.address(area);
        o = Raw.getLong(ca + arrOff);
        long old = Raw.getLong(o + 16);
        if (n > 0) {
            Raw.copy(old + 16, back + 16, n << 3);
            if (refs) {
                raw.rememberBulk(back);
            }
        }
        long slot = back + 16 + (n << 3);
        if (refs) {
            raw.storeRef(back, slot, Raw.getLong(ca + rbo + ((w >>> 13) & 0x7F8)));
        } else {
            Raw.putLong(slot, Raw.getLong(ca + pbo + ((w >>> 13) & 0x7F8)));
        }
        raw.storeRef(o, o + 16, back);
        Raw.putLong(o + 8, n + 1);
    }

    /** CONCAT, CONCATN, TOSTRP, TOSTRR: compute the bytes, allocate once, store in r[A]. */
    private void stringOp(int w, long rbo, long pbo, RootArea area) {
        long ca = VmAccess.address(area);
        int a = (w >>> 8) & 0xFF;
        int b = (w >>> 16) & 0xFF;
        int c = w >>> 24;
        long s;
        switch (w & 0xFF) {
            case Op.CONCAT, Op.CONCATN -> {
                int first = b;
                int count = (w & 0xFF) == Op.CONCAT ? 2 : c;
                long total = 0;
                for (int i = 0; i < count; i++) {
                    int r = (w & 0xFF) == Op.CONCAT ? (i == 0 ? b : c) : first + i;
                    long x = Raw.getLong(ca + rbo + 8L * r);
                    total += x == 0 ? 4 : Raw.getLong(x + 8);
                }
                if (total > Integer.MAX_VALUE - 16) {
                    throw new KorlangError("string too long");
                }
                s = raw.allocateArrayRaw(rt.string, (int) total);
                ca = VmAccess.address(area);
                long at = s + Strings.DATA;
                for (int i = 0; i < count; i++) {
                    int r = (w & 0xFF) == Op.CONCAT ? (i == 0 ? b : c) : first + i;
                    long x = Raw.getLong(ca + rbo + 8L * r);
                    if (x == 0) {
                        Raw.copyFromArray(Values.NULL_TEXT, 0, at, 4);
                        at += 4;
                    } else {
                        long len = Raw.getLong(x + 8);
                        Raw.copy(x + Strings.DATA, at, len);
                        at += len;
                    }
                }
            }
            case Op.TOSTRP -> {
                byte[] text = Values.primText(Raw.getLong(ca + pbo + 8L * b), c);
                s = Strings.allocate(raw, rt, text);
                ca = VmAccess.address(area);
            }
            default -> {
                long x = Raw.getLong(ca + rbo + 8L * b);
                if (x != 0 && rt.string.id() == (int) (Raw.getLong(x) >>> 32)) {
                    s = x; // a string is its own text
                } else {
                    byte[] text = Values.text(this, x);
                    s = Strings.allocate(raw, rt, text);
                    ca = VmAccess.address(area);
                }
            }
        }
        Raw.putLong(ca + rbo + 8L * a, s);
    }

    // ====================================================================== stack traces

    /** The Korlang stack trace of the saved position, innermost first: one "  at f (file:l:c)" per frame. */
    String stackTrace() {
        StringBuilder sb = new StringBuilder();
        String file = program.program.sourceName();
        int chunk = stack.current;
        RootArea area = stack.chunk(chunk);
        long cb = VmAccess.address(area);
        long pb = cb + savedPbOff;
        VmFunction f = savedFn;
        int pc = savedPc;
        int frames = 0;
        int shownHead = 12;
        int shownTail = 4;
        java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
        long skipped = 0;
        while (true) {
            int at = Math.max(0, Math.min(pc - 1, f.code.length - 1));
            int lineNo = f.lines.length > at ? f.lines[at] : 0;
            // stdlib (#13): code of a linked stdlib module names its own file (StdlibModules' line bases)
            String line = "  at " + f.name + " (" + org.korlang.lang.bytecode.StdlibModules.fileOf(lineNo, file) + ":"
                    + org.korlang.lang.bytecode.StdlibModules.lineIn(lineNo) + ":"
                    + (f.columns.length > at ? f.columns[at] : 0) + ")\n";
            if (frames < shownHead) {
                sb.append(line);
            } else {
                tail.addLast(line);
                if (tail.size() > shownTail) {
                    tail.removeFirst();
                    skipped++;
                }
            }
            frames++;
            long h0 = Raw.getLong(pb - 16);
            long h1 = Raw.getLong(pb - 8);
            int ci = (int) h0;
            if (ci < 0 || frames > 10_000_000) {
                break;
            }
            VmFunction caller = fns[ci];
            if ((h1 & CROSSED) != 0) {
                long pbOff = Raw.getLong(cb + Stack.dataOffset(area) + 8);
                chunk--;
                area = stack.chunk(chunk);
                cb = VmAccess.address(area);
                pb = cb + pbOff;
            } else {
                pb -= caller.primStride;
            }
            f = caller;
            pc = (int) (h0 >>> 32);
        }
        if (skipped > 0) {
            sb.append("  ... ").append(skipped).append(" more frames\n");
        }
        for (String l : tail) {
            sb.append(l);
        }
        return sb.toString();
    }
}
