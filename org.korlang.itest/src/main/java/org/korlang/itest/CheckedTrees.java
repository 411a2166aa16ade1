package org.korlang.itest;

import org.korlang.gc.HandleScope;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;

/**
 * Binary trees on the managed heap whose contents a checksum pins down, for the in-framework tests
 * that check that a graph survives switches, collections and port changes. A node is an object of a
 * fixed layout with two reference slots (0, 1: the children, null at the leaves) and a long in slot 2
 * (its value); the children of the node with value v carry 3v + 1 and 3v + 2, so the checksum of a
 * tree depends on every value and on which child is where.
 */
final class CheckedTrees {

    private CheckedTrees() {
    }

    /** Builds a full tree of {@code depth} below a root of {@code value}; returns the root's address. */
    static long tree(Mutator m, TypeId node, int depth, long value) {
        long n;
        if (depth == 0) {
            n = m.allocate(node);
        } else {
            try (HandleScope s = m.openScope()) {
                int l = s.handle(tree(m, node, depth - 1, value * 3 + 1));
                int r = s.handle(tree(m, node, depth - 1, value * 3 + 2));
                n = m.allocate(node, l, r);
            }
        }
        m.putLong(n, 2, value);
        return n;
    }

    /** The checksum of the tree at {@code n} (0 for null): each value, weighted by its place. */
    static long checksum(Mutator m, long n) {
        if (n == 0) {
            return 0;
        }
        return m.getLong(n, 2) * 7 + 1 + checksum(m, m.getRef(n, 0)) * 3 + checksum(m, m.getRef(n, 1)) * 5;
    }
}
