package org.korlang.gc;

import org.korlang.gc.standalone.Heaps;
import org.korlang.testkit.CountingOs;

/** Small heaps for tests, over the real Linux Os (counted), closed after each test. */
final class HeapFixture implements AutoCloseable {

    final CountingOs os = new CountingOs();
    final Heaps.ClosableHeap heap;
    final TypeId node;
    final TypeId pair;
    final TypeId refs;
    final TypeId longs;
    final TypeId ints;
    final TypeId bytes;

    HeapFixture(HeapConfig config) {
        heap = Heaps.create(os, config);
        // Node: slot 0 = left, slot 1 = right, slot 2 = value
        node = heap.registerType(TypeLayout.fixed("Node").slots(3).references(0, 1).build());
        pair = heap.registerType(TypeLayout.fixed("Pair").slots(2).references(1).build());
        refs = heap.registerType(TypeLayout.referenceArray("Object[]"));
        longs = heap.registerType(TypeLayout.primitiveArray("long[]", 8));
        ints = heap.registerType(TypeLayout.primitiveArray("int[]", 4));
        bytes = heap.registerType(TypeLayout.primitiveArray("byte[]", 1));
    }

    static HeapConfig.Builder small() {
        return HeapConfig.builder().heapLimitBytes(16L << 20).nurseryBytes(1L << 20).survivorBytes(256L << 10)
                .tlabBytes(16L << 10).verify(true).gcThreads(2);
    }

    /** A complete binary tree of {@code depth}; values numbered in preorder from {@code seed}. */
    static long tree(Mutator m, TypeId node, int depth, long[] seed) {
        try (HandleScope s = m.openScope()) {
            long value = seed[0]++;
            if (depth == 0) {
                long n = m.allocate(node);
                m.putLong(n, 2, value);
                return n;
            }
            int l = s.handle(tree(m, node, depth - 1, seed));
            int r = s.handle(tree(m, node, depth - 1, seed));
            long n = m.allocate(node);
            m.putRef(n, 0, m.get(l));
            m.putRef(n, 1, m.get(r));
            m.putLong(n, 2, value);
            return n;
        }
    }

    /** Sum of values and count of nodes, as {value sum * 31 + count}. */
    static long checksum(Mutator m, long n) {
        if (n == 0) {
            return 0;
        }
        return m.getLong(n, 2) * 7 + 1 + checksum(m, m.getRef(n, 0)) * 3 + checksum(m, m.getRef(n, 1)) * 5;
    }

    @Override
    public void close() {
        heap.close();
    }
}
