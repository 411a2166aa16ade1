package org.korlang.vm.internal;

import org.korlang.gc.Heap;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;

/**
 * The heap types every program shares (registered once per heap; registering again returns the same
 * ids): strings, the two backing stores and five headers of arrays, and the four boxes.
 *
 * <h2>Shapes</h2>
 * <ul>
 * <li>String: a 1-byte primitive array of UTF-8 bytes (its length word is the byte length). Immutable.</li>
 * <li>Array {@code [T]}: a header object — slot 0 the length (prim), slot 1 the backing store (ref) — whose
 * type says the element class (Int, Float, Bool, Char or reference), and a backing store of capacity
 * ≥ length: an 8-byte primitive array for the four primitive classes, a reference array otherwise.
 * Growth replaces the backing store (doubling), so references to the header stay valid.</li>
 * <li>Box: one primitive slot; one type per primitive kind, so a boxed value in {@code Any} or a
 * {@code T?} knows its kind from its header.</li>
 * <li>Task (#12): slots 0 result reference, 1 head of the list of tasks awaiting it, 2 the next task in
 * the wait queue this task is parked in (references); 3 state, 4 result bits, 5 the task's slot in the
 * run's live-task table, reused after it ends, which also picks its lock stripe (primitives). See {@link TaskRuntime}.</li>
 * <li>Channel (#12): slots 0 the ring buffer (a reference array), 1–2 head and tail of the parked
 * receivers, 3–4 of the parked senders (references); 5 lock stripe, 6 ring head, 7 buffered count,
 * 8 capacity, 9 closed (primitives). See {@link Channels}.</li>
 * </ul>
 */
public final class RuntimeTypes {

    public final TypeId string;
    public final TypeId longs;
    public final TypeId refs;
    /** Array headers by element class (Op.KIND_INT … Op.KIND_REF). */
    public final TypeId[] arrays = new TypeId[5];
    /** Boxes by prim kind (Op.KIND_INT … Op.KIND_CHAR). */
    public final TypeId[] boxes = new TypeId[4];

    /** Task and Channel objects (#12). */
    public final TypeId task;
    public final TypeId channel;

    static final String[] KIND_NAMES = {"Int", "Float", "Bool", "Char", "ref"};

    public RuntimeTypes(Heap heap) {
        string = heap.registerType(TypeLayout.primitiveArray("korlang.String", 1));
        longs = heap.registerType(TypeLayout.primitiveArray("korlang.words", 8));
        refs = heap.registerType(TypeLayout.referenceArray("korlang.refs"));
        for (int k = 0; k < 5; k++) {
            arrays[k] = heap.registerType(TypeLayout.fixed("korlang.Array<" + KIND_NAMES[k] + ">").slots(2).references(1).build());
        }
        for (int k = 0; k < 4; k++) {
            boxes[k] = heap.registerType(TypeLayout.fixed("korlang.Box<" + KIND_NAMES[k] + ">").slots(1).build());
        }
        task = heap.registerType(TypeLayout.fixed("korlang.Task").slots(6).references(0, 1, 2).build());
        channel = heap.registerType(TypeLayout.fixed("korlang.Channel").slots(10).references(0, 1, 2, 3, 4).build());
    }

    /** The element class of an array header type id, or -1. */
    public int arrayKind(int typeId) {
        for (int k = 0; k < 5; k++) {
            if (arrays[k].id() == typeId) {
                return k;
            }
        }
        return -1;
    }

    /** The prim kind of a box type id, or -1. */
    public int boxKind(int typeId) {
        for (int k = 0; k < 4; k++) {
            if (boxes[k].id() == typeId) {
                return k;
            }
        }
        return -1;
    }
}
