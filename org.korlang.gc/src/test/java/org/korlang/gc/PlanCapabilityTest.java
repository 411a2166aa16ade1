package org.korlang.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.spi.space.MatureSpaces;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.standalone.Heaps;

/**
 * A plan's capabilities are what it declares ({@link GcPlan#capability}), not what its class
 * implements: a mark-sweep plan wrapped so that it also implements {@link MatureSpaces.Owner} but
 * declares nothing is not adopted in place by the generational policy (it retires with its objects,
 * and its hand-over is never called); the same wrapper declaring the inner plan's capabilities is
 * adopted (no retired plan, no object moved). Either way every object survives.
 */
class PlanCapabilityTest {

    /** Mark-sweep plans behind a proxy that implements GcPlan and MatureSpaces.Owner. */
    private static GcPolicy wrappedMarkSweep(boolean declares, AtomicInteger handOversByClass) {
        GcPolicy inner = Heaps.builtInPolicies().stream().filter(p -> p.name().equals("marksweep")).findFirst().orElseThrow();
        return new GcPolicy() {
            @Override
            public String name() {
                return "wrapped-marksweep";
            }

            @Override
            public GcPlan createPlan(HeapContext context) {
                GcPlan plan = inner.createPlan(context);
                return (GcPlan) Proxy.newProxyInstance(GcPlan.class.getClassLoader(),
                        new Class<?>[] {GcPlan.class, MatureSpaces.Owner.class}, (proxy, method, args) -> {
                            if (method.getName().equals("handOverMatureSpaces")) {
                                handOversByClass.incrementAndGet();
                                return null;
                            }
                            if (method.getName().equals("capability") && !declares) {
                                return Optional.empty();
                            }
                            try {
                                return method.invoke(plan, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
    }

    private static long address(long ref) {
        return ref & ((1L << 48) - 1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void onlyADeclaredCapabilityLetsTheNextPolicyAdoptInPlace(boolean declares) {
        AtomicInteger handOversByClass = new AtomicInteger();
        try (HeapFixture f = new HeapFixture(HeapFixture.small().build()); Mutator m = f.heap.attach();
                HandleScope s = m.openScope()) {
            ManagedHeap heap = (ManagedHeap) f.heap;
            heap.switchPolicy(wrappedMarkSweep(declares, handOversByClass));
            int tree = s.handle(HeapFixture.tree(m, f.node, 9, new long[] {7}));
            long sum = HeapFixture.checksum(m, m.get(tree));
            long before = address(m.get(tree));

            heap.switchPolicy("generational");

            assertEquals("generational", heap.policyName());
            assertEquals(0, handOversByClass.get(), "nothing reached the plan through a type it did not declare");
            if (declares) {
                assertEquals(0, heap.retiredBytes(), "adopted in place: no plan retired");
            } else {
                assertTrue(heap.retiredBytes() > 0, "not adopted: the wrapped plan retired with its objects");
            }
            assertEquals(before, address(m.get(tree)), "no object moved");
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            heap.collect(CollectionKind.FULL);
            assertEquals(sum, HeapFixture.checksum(m, m.get(tree)));
            heap.verify();
        }
    }
}
