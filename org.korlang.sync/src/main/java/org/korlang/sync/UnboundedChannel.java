package org.korlang.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The unbounded channel's queue: a Michael-Scott linked queue with a dummy head node, extended
 * with close.
 *
 * send:    walk from tail to the last node (next == null) and CAS its next from null to the
 *          new node, then swing tail (a lagging tail is fine: senders walk forward).
 * receive: first = head.next; null means EMPTY; the close marker means CLOSED; otherwise CAS
 *          head from the dummy to first, and first becomes the new dummy: the winner takes
 *          its element and clears it.
 * close:   append the channel's close marker node exactly like an element; the marker's own
 *          next is preset to SEALED, so no node can ever be linked after it. A sender that
 *          reaches SEALED reports SHUT; a receiver that reaches the marker reports CLOSED and
 *          never removes it. So "sent before close" and "received before CLOSED" are decided by
 *          the same CAS on a next pointer.
 *
 * head and tail live in separately padded holders so that producers and consumers do not
 * share a cache line.
 */
final class UnboundedChannel<T> extends Channel<T> {
    static final class Node {
        Object item;
        volatile Node next;

        Node(Object item) {
            this.item = item;
        }
    }

    /** Padding before a hot reference. */
    abstract static class PadBefore {
        long p01, p02, p03, p04, p05, p06, p07, p08;
    }

    /** The hot reference. */
    abstract static class RefField extends PadBefore {
        volatile Node node;
    }

    /** Padding after it; superclass fields are laid out first, so `node` sits between pads. */
    static final class PaddedRef extends RefField {
        long q01, q02, q03, q04, q05, q06, q07, q08;

        PaddedRef(Node node) {
            this.node = node;
        }
    }

    private static final VarHandle NEXT;
    private static final VarHandle REF;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
            REF = lookup.findVarHandle(RefField.class, "node", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The next of the close marker: nothing can follow it. */
    private static final Node SEALED = new Node(null);

    private final Node closeMarker = new Node(null);
    private final PaddedRef head;
    private final PaddedRef tail;

    UnboundedChannel(FutexSync sync) {
        super(sync);
        closeMarker.next = SEALED;
        Node dummy = new Node(null);
        this.head = new PaddedRef(dummy);
        this.tail = new PaddedRef(dummy);
    }

    @Override
    int offer(Object value) {
        return append(new Node(value)) ? OK : SHUT;
    }

    /** Links {@code node} at the end; false if the queue is sealed (closed). */
    private boolean append(Node node) {
        Node t = tail.node;
        Node p = t;
        for (;;) {
            Node q = p.next;
            if (q == null) {
                if ((boolean) NEXT.compareAndSet(p, (Node) null, node)) {
                    REF.compareAndSet(tail, t, node);
                    return true;
                }
            } else if (q == SEALED) {
                return false;
            } else {
                p = q;
            }
        }
    }

    @Override
    Object poll() {
        for (;;) {
            Node h = head.node;
            Node first = h.next;
            if (first == null) {
                return EMPTY;
            }
            if (first == closeMarker) {
                return CLOSED;
            }
            if ((boolean) REF.compareAndSet(head, h, first)) {
                Object value = first.item;
                first.item = null;
                return value;
            }
        }
    }

    @Override
    boolean markClosed() {
        return append(closeMarker);
    }

    @Override
    boolean mayReceive() {
        return head.node.next != null;
    }

    @Override
    boolean maySend() {
        return true;
    }

    @Override
    boolean hasElements() {
        Node first = head.node.next;
        return first != null && first != closeMarker;
    }

    @Override
    public boolean isClosed() {
        Node p = tail.node;
        for (;;) {
            Node q = p.next;
            if (q == null) {
                return false;
            }
            if (q == SEALED) {
                return true;
            }
            p = q;
        }
    }

    @Override
    public int size() {
        int n = 0;
        for (Node p = head.node.next; p != null && p != closeMarker && p != SEALED; p = p.next) {
            if (n < Integer.MAX_VALUE) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int capacity() {
        return Integer.MAX_VALUE;
    }
}
