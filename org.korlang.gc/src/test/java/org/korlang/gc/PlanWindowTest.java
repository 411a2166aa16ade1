package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.internal.core.PolicyCatalog;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.PlanWindowExceededException;
import org.korlang.gc.standalone.Heaps;
import org.korlang.testkit.CountingOs;

/**
 * Plan windows are sized from the policies' declarations ({@link GcPolicy#windowBytes}) when the
 * heap is built and never grow: a policy known then gets a window as large as it declares; one that
 * arrives later and declares more than was reserved is refused before the world stops, with a typed
 * error, and the heap keeps its policy and every object where it was; a declaration that fits is
 * accepted; a declaration that is not positive, or could never be mapped, is a typed error too and
 * does not keep a heap from starting when another policy makes it.
 */
class PlanWindowTest {

    /** Mark-sweep plans (never adopting), declaring {@code declared} bytes per plan. */
    private static GcPolicy declaring(String name, long declared) {
        return TestPolicies.nonAdopting(name, "marksweep", OptionalLong.of(declared));
    }

    private static long address(long ref) {
        return ref & ((1L << 48) - 1);
    }

    @Test
    void everyBuiltInDeclarationFitsTheGuaranteedWindow() {
        HeapConfig config = HeapFixture.small().build();
        for (GcPolicy p : Heaps.builtInPolicies()) {
            assertTrue(p.windowBytes(config) <= GcPolicy.guaranteedWindowBytes(config), p.name());
            assertTrue(p.windowBytes(config) >= 2 * config.heapLimitBytes(), p.name() + " declares its mature spaces");
        }
    }

    @Test
    void aLatePolicyThatDoesNotFitIsRefusedAndTheHeapKeepsEveryObject() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            ManagedHeap heap = (ManagedHeap) f.heap;
            long window = heap.planWindowBytes();
            assertTrue(window >= GcPolicy.guaranteedWindowBytes(heap.config()));
            int tree = s.handle(HeapFixture.tree(m, f.node, 10, new long[] {11}));
            int pinned = s.handle(m.allocatePinned(f.pair));
            m.putRef(m.get(pinned), 1, m.get(tree));
            long sum = HeapFixture.checksum(m, m.get(tree));
            heap.collect(CollectionKind.FULL); // the tree is old now: its address must not change below
            long treeAt = address(m.get(tree));
            long pinnedAt = address(m.get(pinned));
            long used = heap.stats().usedBytes();
            long switches = heap.switchCount();

            PlanWindowExceededException refused = assertThrows(PlanWindowExceededException.class,
                    () -> heap.switchPolicy(declaring("huge", window + 1)));

            assertEquals("huge", refused.policyName());
            assertEquals(window + 1, refused.declaredBytes());
            assertEquals(window, refused.reservedBytes());
            assertTrue(refused.getMessage().contains("'huge'"), refused.getMessage());
            assertEquals("generational", heap.policyName());
            assertEquals(switches, heap.switchCount(), "no switch ran");
            assertThrows(IllegalArgumentException.class, () -> heap.switchPolicy("huge"), "a refused policy is not remembered");
            assertEquals(treeAt, address(m.get(tree)));
            assertEquals(pinnedAt, address(m.get(pinned)));
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            assertEquals(sum, HeapFixture.checksum(m, m.getRef(m.get(pinned), 1)));
            assertEquals(used, heap.stats().usedBytes());
            heap.verify();

            // a declaration of exactly the window fits; the objects go with the switch as usual
            heap.switchPolicy(declaring("exact", window));
            assertEquals(switches + 1, heap.switchCount());
            assertEquals("marksweep", heap.policyName(), "the wrapped plan's name");
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            heap.collect(CollectionKind.FULL);
            assertEquals(sum, HeapFixture.checksum(m, m.getRef(m.get(pinned), 1)));
            assertEquals(pinnedAt, address(m.get(pinned)));
        }
    }

    @Test
    void aPolicyKnownWhenTheHeapIsBuiltGetsTheWindowItDeclares() {
        HeapConfig config = HeapFixture.small().build();
        long larger = GcPolicy.guaranteedWindowBytes(config) + (64L << 20);
        PolicyCatalog catalog = new PolicyCatalog();
        GcPolicy big = declaring("big", larger);
        catalog.add(big.name(), big);
        GcPolicy generational = Heaps.builtInPolicies().get(0);
        try (ManagedHeap heap = new ManagedHeap(new CountingOs(), config, generational, catalog); Mutator m = heap.attach();
                HandleScope s = m.openScope()) {
            assertTrue(heap.planWindowBytes() >= larger, heap.planWindowBytes() + " >= " + larger);
            TypeId node = heap.registerType(TypeLayout.fixed("Node").slots(3).references(0, 1).build());
            int tree = s.handle(HeapFixture.tree(m, node, 8, new long[] {1}));
            long sum = HeapFixture.checksum(m, m.get(tree));
            heap.switchPolicy("big");
            assertEquals(1, heap.switchCount());
            assertEquals("marksweep", heap.policyName(), "the wrapped plan's name");
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
        }
    }

    @Test
    void aDeclarationThatIsNotPositiveIsATypedError() {
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.heap.switchPolicy(declaring("none", 0)));
            assertTrue(e.getMessage().contains("'none'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> f.heap.switchPolicy(declaring("absurd", Long.MAX_VALUE)));
            assertEquals("generational", f.heap.policyName());
        }
    }

    @Test
    void anAbsurdDeclarationOfAnotherKnownPolicyDoesNotKeepTheHeapFromStarting() {
        HeapConfig config = HeapFixture.small().build();
        PolicyCatalog catalog = new PolicyCatalog();
        GcPolicy absurd = declaring("absurd", Long.MAX_VALUE);
        catalog.add(absurd.name(), absurd);
        try (ManagedHeap heap = new ManagedHeap(new CountingOs(), config, Heaps.builtInPolicies().get(0), catalog)) {
            assertTrue(heap.planWindowBytes() < 1L << 40, "sized without it: " + heap.planWindowBytes());
            assertThrows(IllegalArgumentException.class, () -> heap.switchPolicy("absurd"));
            assertEquals("generational", heap.policyName());
        }
    }
}
