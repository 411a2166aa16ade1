package org.korlang.vm.internal;

import org.korlang.gc.vmaccess.Raw;
import org.korlang.gc.vmaccess.RawMutator;

/**
 * Channels (#12): {@code Channel<T>} objects in the managed heap and their four operations.
 *
 * <h2>Object</h2>
 * A Channel ({@link RuntimeTypes#channel}) holds a ring of {@code capacity} references (a value of a
 * prim {@code T} travels boxed, as {@code T?}), the parked receivers and the parked senders as FIFO
 * lists of Task objects (linked through the Task's next slot), its lock stripe, ring head, count,
 * capacity and closed flag. Everything is heap data: buffered values are reachable from the channel,
 * parked tasks from their own stack roots.
 *
 * <h2>Algorithm (under the channel's stripe, no safepoint inside)</h2>
 * <ul>
 * <li>send: closed → false. A parked receiver → the value goes straight into its result register,
 * it is woken, true. Room in the ring → appended, true. Otherwise the sender parks with the value
 * left in its own argument register; a receiver (or close) completes it later.</li>
 * <li>recv: a buffered value → taken (and the first parked sender's value moves into the ring, the
 * sender is woken with true). No buffer but a parked sender (rendezvous) → its value, it is woken
 * with true. Closed → null. Otherwise the receiver parks.</li>
 * <li>close: idempotent; parked receivers get null, parked senders false (buffered values stay to be
 * drained).</li>
 * </ul>
 * Values sent by one task arrive in the order sent (one ring, FIFO wait lists); each value is
 * delivered exactly once (it moves under the lock from one owner to the next).
 */
final class Channels {

    static final int C_BUF = 8;
    static final int C_RECV_HEAD = 16;
    static final int C_RECV_TAIL = 24;
    static final int C_SEND_HEAD = 32;
    static final int C_SEND_TAIL = 40;
    static final int C_SERIAL = 48;
    static final int C_HEAD = 56;
    static final int C_COUNT = 64;
    static final int C_CAP = 72;
    static final int C_CLOSED = 80;

    /** The largest capacity (the ring is one heap array). */
    static final long MAX_CAPACITY = 1 << 24;

    private Channels() {
    }

    static void create(TaskRuntime rt, Interpreter in, long capacity, int c) {
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new KorlangError(capacity < 0 ? "negative channel capacity " + capacity
                    : "channel capacity too large: " + capacity + " (at most " + MAX_CAPACITY + ")");
        }
        long ch = in.raw.allocateRaw(rt.program.runtime.channel);
        Raw.putLong(ch + C_SERIAL, rt.newSerial());
        Raw.putLong(ch + C_CAP, capacity);
        Builtins.setRef(in, c, ch);
        if (capacity > 0) {
            long ring = in.raw.allocateArrayRaw(rt.program.runtime.refs, (int) capacity); // a safepoint
            ch = Builtins.ref(in, c);
            in.raw.storeRef(ch, ch + C_BUF, ring);
        }
    }

    private static long channel(Interpreter in, int a) {
        long ch = Builtins.ref(in, a);
        if (ch == 0) {
            throw new KorlangError("null value");
        }
        return ch;
    }

    static boolean send(TaskRuntime rt, Interpreter in, int a, int c) {
        long ch = channel(in, a);
        long v = Builtins.ref(in, a + 1);
        RawMutator raw = in.raw;
        synchronized (rt.stripe(Raw.getLong(ch + C_SERIAL))) {
            if (Raw.getLong(ch + C_CLOSED) != 0) {
                Builtins.setPrim(in, c, 0);
                return false;
            }
            long r = dequeue(raw, ch, C_RECV_HEAD, C_RECV_TAIL);
            if (r != 0) {
                VmTask receiver = rt.taskOf(r);
                receiver.deliver(v);
                rt.wake(receiver);
                Builtins.setPrim(in, c, 1);
                return false;
            }
            long count = Raw.getLong(ch + C_COUNT);
            long cap = Raw.getLong(ch + C_CAP);
            if (count < cap) {
                long ring = Raw.getLong(ch + C_BUF);
                long slot = ring + 16 + 8 * ((Raw.getLong(ch + C_HEAD) + count) % cap);
                raw.storeRef(ring, slot, v);
                Raw.putLong(ch + C_COUNT, count + 1);
                Builtins.setPrim(in, c, 1);
                return false;
            }
            VmTask self = in.task;
            self.waitReg = c;
            self.waitRef = false;
            self.sendReg = a + 1;
            enqueue(raw, ch, C_SEND_HEAD, C_SEND_TAIL, self.taskObject());
            rt.parked(self);
            return true;
        }
    }

    static boolean recv(TaskRuntime rt, Interpreter in, int a, int c) {
        long ch = channel(in, a);
        RawMutator raw = in.raw;
        synchronized (rt.stripe(Raw.getLong(ch + C_SERIAL))) {
            long count = Raw.getLong(ch + C_COUNT);
            if (count > 0) {
                long cap = Raw.getLong(ch + C_CAP);
                long ring = Raw.getLong(ch + C_BUF);
                long head = Raw.getLong(ch + C_HEAD);
                long slot = ring + 16 + 8 * head;
                long v = Raw.getLong(slot);
                Raw.putLong(slot, 0); // let the value go with its receiver
                Raw.putLong(ch + C_HEAD, (head + 1) % cap);
                count--;
                long s = dequeue(raw, ch, C_SEND_HEAD, C_SEND_TAIL);
                if (s != 0) {
                    VmTask sender = rt.taskOf(s);
                    long moved = Raw.getLong(sender.refRegister(sender.sendReg));
                    raw.storeRef(ring, ring + 16 + 8 * ((head + 1 + count) % cap), moved);
                    count++;
                    sender.deliver(1);
                    rt.wake(sender);
                }
                Raw.putLong(ch + C_COUNT, count);
                Builtins.setRef(in, c, v);
                return false;
            }
            long s = dequeue(raw, ch, C_SEND_HEAD, C_SEND_TAIL);
            if (s != 0) {
                VmTask sender = rt.taskOf(s);
                long v = Raw.getLong(sender.refRegister(sender.sendReg));
                sender.deliver(1);
                rt.wake(sender);
                Builtins.setRef(in, c, v);
                return false;
            }
            if (Raw.getLong(ch + C_CLOSED) != 0) {
                Builtins.setRef(in, c, 0);
                return false;
            }
            VmTask self = in.task;
            self.waitReg = c;
            self.waitRef = true;
            enqueue(raw, ch, C_RECV_HEAD, C_RECV_TAIL, self.taskObject());
            rt.parked(self);
            return true;
        }
    }

    static void close(TaskRuntime rt, Interpreter in, int a) {
        long ch = channel(in, a);
        RawMutator raw = in.raw;
        synchronized (rt.stripe(Raw.getLong(ch + C_SERIAL))) {
            if (Raw.getLong(ch + C_CLOSED) != 0) {
                return;
            }
            Raw.putLong(ch + C_CLOSED, 1);
            for (long r = dequeue(raw, ch, C_RECV_HEAD, C_RECV_TAIL); r != 0; r = dequeue(raw, ch, C_RECV_HEAD, C_RECV_TAIL)) {
                VmTask receiver = rt.taskOf(r);
                receiver.deliver(0);
                rt.wake(receiver);
            }
            for (long s = dequeue(raw, ch, C_SEND_HEAD, C_SEND_TAIL); s != 0; s = dequeue(raw, ch, C_SEND_HEAD, C_SEND_TAIL)) {
                VmTask sender = rt.taskOf(s);
                sender.deliver(0);
                rt.wake(sender);
            }
        }
    }

    static void len(TaskRuntime rt, Interpreter in, int a, int c) {
        long ch = channel(in, a);
        synchronized (rt.stripe(Raw.getLong(ch + C_SERIAL))) {
            Builtins.setPrim(in, c, Raw.getLong(ch + C_COUNT));
        }
    }

    private static void enqueue(RawMutator raw, long ch, int headOff, int tailOff, long task) {
        raw.storeRef(task, task + TaskRuntime.T_NEXT, 0);
        long tail = Raw.getLong(ch + tailOff);
        if (tail == 0) {
            raw.storeRef(ch, ch + headOff, task);
        } else {
            raw.storeRef(tail, tail + TaskRuntime.T_NEXT, task);
        }
        raw.storeRef(ch, ch + tailOff, task);
    }

    private static long dequeue(RawMutator raw, long ch, int headOff, int tailOff) {
        long head = Raw.getLong(ch + headOff);
        if (head == 0) {
            return 0;
        }
        long next = Raw.getLong(head + TaskRuntime.T_NEXT);
        raw.storeRef(ch, ch + headOff, next);
        if (next == 0) {
            raw.storeRef(ch, ch + tailOff, 0);
        }
        raw.storeRef(head, head + TaskRuntime.T_NEXT, 0);
        return head;
    }
}
