package org.korlang.vm.internal;

import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.VmAccess;

/**
 * One Korlang task (#12): its {@link Interpreter} — whose {@link Stack} of heap chunks holds every
 * frame, and whose saved position (function, pc, frame offsets) says where it continues — plus what
 * a parked task needs so that another task can complete its blocked builtin for it.
 *
 * <h2>Ownership</h2>
 * A task is owned by exactly one party at a time: the carrier running it, the ready queue, a wait
 * queue (a channel's or an awaited task's list, under that object's lock stripe), or the timer of a
 * sleep. It changes hands only through those structures (a lock, a concurrent queue), which order
 * every write to these fields before the next owner reads them. A parked task's waker writes the
 * blocked builtin's result straight into the parked frame's register {@link #waitReg} (a stack-chunk
 * word: a root, no barrier), or sets {@link #pendingError}, and only then makes it ready.
 *
 * <h2>Roots</h2>
 * Word 0 of the first chunk ({@link Interpreter#RESERVED_ROOTS}) holds the task's heap Task object,
 * so the object (result, awaiters) lives at least as long as the task; the chunks are root areas
 * from {@link Stack#init} until {@link #close()}, whoever runs the task and while it is parked.
 */
final class VmTask {

    /** Its slot in the run's {@link LiveTasks} (also slot 5 of its Task object, which picks its lock stripe). */
    final int id;
    final TaskRuntime runtime;
    final Interpreter in;
    /** Whether the entry function returns a reference (the result goes to the Task's ref slot). */
    final boolean resultIsRef;
    final boolean isMain;

    /** The carrier running it now (null while not running). */
    TaskRuntime.Carrier carrier;
    /** Parked: the register of the blocked builtin's result, and whether it is a ref register. */
    int waitReg;
    boolean waitRef;
    /** Parked in send: the ref register holding the value to send. */
    int sendReg;
    /** Set by the waker of an await on a failed task: thrown when the task resumes. */
    KorlangError pendingError;

    VmTask(int id, TaskRuntime runtime, Interpreter in, boolean resultIsRef, boolean isMain) {
        this.id = id;
        this.runtime = runtime;
        this.in = in;
        this.resultIsRef = resultIsRef;
        this.isMain = isMain;
        in.task = this;
    }

    /** The task's heap Task object (valid until the next safepoint). */
    long taskObject() {
        return Raw.getLong(VmAccess.address(in.stack.chunk(0)) + VmAccess.AREA_ROOTS);
    }

    void setTaskObject(long ref) {
        Raw.putLong(VmAccess.address(in.stack.chunk(0)) + VmAccess.AREA_ROOTS, ref);
    }

    /** Address of ref register {@code reg} of the saved (newest) frame. */
    long refRegister(int reg) {
        return VmAccess.address(in.stack.currentChunk()) + in.savedRbOff + 8L * reg;
    }

    /** Address of prim register {@code reg} of the saved (newest) frame. */
    long primRegister(int reg) {
        return VmAccess.address(in.stack.currentChunk()) + in.savedPbOff + 8L * reg;
    }

    /** Completes the parked builtin with a value: into {@link #waitReg} of its kind. */
    void deliver(long value) {
        if (waitReg < 0) {
            return;
        }
        Raw.putLong(waitRef ? refRegister(waitReg) : primRegister(waitReg), value);
    }

    /** Releases the stack chunks (the task ended or the program did). */
    void close() {
        in.stack.close();
    }
}
