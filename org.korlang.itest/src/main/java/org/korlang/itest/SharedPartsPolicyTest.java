package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.Heap;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.spi.GcPolicy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A policy built by another bundle from the gc bundle's exported spaces and marking
 * ({@link SharedPartsMarkSweepPolicy}: {@code org.korlang.gc.spi.space} + {@code org.korlang.gc.spi.trace})
 * runs the platform's live heap (issue #16). Registered from this test bundle as a {@code GcPolicy}
 * service; the heap switches to it from generational (it adopts the mature spaces in place) and
 * collects with it while garbage is made (nothing moves), back to generational (which adopts this
 * plan's spaces in place: the graph keeps its address), to semispace and to it again (semispace
 * retires; this policy's marking marks the retired objects where they are). A checksummed graph and
 * a large array survive every step; the heap verifier runs after each.
 */
class SharedPartsPolicyTest {

    private static final int LONGS = 16384;

    private final BundleContext context = Services.context();

    @Test
    void aPolicyBuiltFromTheExportedSpacesAndMarkingRunsTheLiveHeap() throws Exception {
        Heap heap = Services.await(context, Heap.class, null);
        Services.await(context, GcPolicy.class, "(gc.policy=semispace)");
        String original = heap.policyName();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(GcPolicy.PROPERTY, SharedPartsMarkSweepPolicy.NAME);
        ServiceRegistration<GcPolicy> registration = context.registerService(GcPolicy.class, new SharedPartsMarkSweepPolicy(),
                props);
        TypeId node = heap.registerType(TypeLayout.fixed("itest.SharedPartsNode").slots(3).references(0, 1).build());
        TypeId longs = heap.registerType(TypeLayout.primitiveArray("itest.SharedPartsLongs", 8));
        try (Mutator m = heap.attach()) {
            heap.switchPolicy("generational");
            GlobalHandle root = m.newGlobal(CheckedTrees.tree(m, node, 12, 5));
            long big = m.allocateArray(longs, LONGS); // 128 KiB: a large object
            for (int i = 0; i < LONGS; i++) {
                m.putLongElement(big, i, i * 31L + 7);
            }
            GlobalHandle array = m.newGlobal(big);
            long sum = CheckedTrees.checksum(m, m.get(root));
            long arraySum = arraySum(m, m.get(array));
            try {
                Services.eventually("the heap to know " + SharedPartsMarkSweepPolicy.NAME, () -> {
                    try {
                        heap.switchPolicy(SharedPartsMarkSweepPolicy.NAME);
                        return true;
                    } catch (IllegalArgumentException notYet) {
                        return false;
                    }
                });
                assertEquals(SharedPartsMarkSweepPolicy.NAME, heap.policyName());
                long at = m.get(root);
                runsAndKeeps(heap, m, node, root, sum, array, arraySum, "after the switch from generational");
                assertEquals(at, m.get(root), "nothing moves under a mark-sweep policy");

                at = m.get(root);
                heap.switchPolicy("generational");
                assertEquals(at, m.get(root), "generational adopts the policy's spaces in place: the graph does not move");
                runsAndKeeps(heap, m, node, root, sum, array, arraySum, "after generational adopted its spaces");

                GcEvent toSemispace = heap.switchPolicy("semispace");
                assertEquals("semispace", toSemispace.policy());
                runsAndKeeps(heap, m, node, root, sum, array, arraySum, "under semispace");

                heap.switchPolicy(SharedPartsMarkSweepPolicy.NAME);
                at = m.get(root);
                runsAndKeeps(heap, m, node, root, sum, array, arraySum, "after the switch from semispace");
                assertEquals(at, m.get(root), "semispace retired: its objects stay where they are, marked by the policy");
            } finally {
                if (!heap.policyName().equals(original)) {
                    heap.switchPolicy(original);
                }
                registration.unregister();
            }
            heap.collect(CollectionKind.FULL);
            heap.verify();
            assertEquals(sum, CheckedTrees.checksum(m, m.get(root)));
            root.close();
            array.close();
        }
        assertTrue(!heap.policyName().equals(SharedPartsMarkSweepPolicy.NAME));
    }

    /** Garbage (whole trees dropped), full collections, the verifier: the graph and the array stay. */
    private static void runsAndKeeps(Heap heap, Mutator m, TypeId node, GlobalHandle root, long sum, GlobalHandle array,
            long arraySum, String when) {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 8; i++) {
                CheckedTrees.tree(m, node, 10, round * 100 + i); // dropped at once: garbage
            }
            heap.collect(CollectionKind.FULL);
            heap.verify();
            assertEquals(sum, CheckedTrees.checksum(m, m.get(root)), "the graph " + when + " (round " + round + ")");
            assertEquals(arraySum, arraySum(m, m.get(array)), "the large array " + when + " (round " + round + ")");
        }
    }

    private static long arraySum(Mutator m, long a) {
        long s = 0;
        for (int i = 0; i < LONGS; i++) {
            s = s * 31 + m.getLongElement(a, i);
        }
        return s;
    }
}
