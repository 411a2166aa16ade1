package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.HandleScope;
import org.korlang.gc.Heap;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.spi.GcPolicy;
import org.osgi.framework.BundleContext;

/**
 * The managed heap as the platform runs it: a Heap service over the Os port's memory, a tree of
 * real objects that survives young and full collections with its checksum, and the gc: commands.
 */
class GcServiceTest {

    private final BundleContext context = Services.context();

    @Test
    void aTreeSurvivesYoungAndFullCollectionsOfThePlatformsHeap() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        Services.await(context, GcPolicy.class, "(gc.policy=" + heap.policyName() + ")");
        TypeId node = heap.registerType(TypeLayout.fixed("itest.Node").slots(3).references(0, 1).build());
        try (Mutator m = heap.attach(); HandleScope scope = m.openScope()) {
            int root = m.handle(build(m, node, 12, 1));
            long before = checksum(m, m.get(root));
            long minorBefore = heap.stats().minorCollections();
            long fullBefore = heap.stats().fullCollections();
            heap.collect(CollectionKind.YOUNG);
            assertEquals(before, checksum(m, m.get(root)), "the tree survives a young collection");
            heap.collect(CollectionKind.FULL);
            assertEquals(before, checksum(m, m.get(root)), "the tree survives a full collection");
            assertTrue(heap.stats().minorCollections() > minorBefore && heap.stats().fullCollections() > fullBefore);
            heap.verify();
        }
    }

    @Test
    void theGcCommandsWorkFromTheShell() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        assertTrue(Shell.run(context, "gc:policy").contains(heap.policyName()));
        assertTrue(Shell.run(context, "gc:collect full").contains("full"));
        String stats = Shell.run(context, "gc:stats");
        assertTrue(stats.contains(heap.policyName()), stats);
        assertThrows(Exception.class, () -> Shell.run(context, "gc:collect sideways"));
    }

    /** A complete binary tree of the given depth; each node's slot 2 holds its value. */
    private static long build(Mutator m, TypeId node, int depth, long value) {
        if (depth == 0) {
            long leaf = m.allocate(node);
            m.putLong(leaf, 2, value);
            return leaf;
        }
        try (HandleScope scope = m.openScope()) {
            int left = m.handle(build(m, node, depth - 1, 2 * value));
            int right = m.handle(build(m, node, depth - 1, 2 * value + 1));
            long n = m.allocate(node, left, right);
            m.putLong(n, 2, value);
            return n;
        }
    }

    private static long checksum(Mutator m, long n) {
        if (n == 0) {
            return 0;
        }
        return m.getLong(n, 2) * 31 + checksum(m, m.getRef(n, 0)) * 7 + checksum(m, m.getRef(n, 1));
    }
}
