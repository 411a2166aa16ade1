package org.korlang.gc.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.HandleScope;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.standalone.Heaps;
import org.korlang.testkit.CountingOs;

/**
 * The heap component's switching rules, driven through its DS callbacks as SCR would call them: a
 * configured policy that is not installed runs on the default and is switched to when it arrives;
 * a configuration update switches the live heap; the active policy leaving migrates the heap to the
 * default inside the unbind callback; gc:policy refuses a policy that is not installed. A global
 * handle's tree keeps its checksum through all of it.
 */
class HeapComponentSwitchTest {

    /** A policy from "another bundle": mark-sweep under another name (its plan reports that name). */
    static GcPolicy renamed(String name, GcPolicy inner) {
        return new GcPolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public GcPlan createPlan(HeapContext context) {
                GcPlan plan = inner.createPlan(context);
                return (GcPlan) Proxy.newProxyInstance(GcPlan.class.getClassLoader(), new Class<?>[] {GcPlan.class},
                        (p, method, args) -> {
                            if (method.getName().equals("policyName")) {
                                return name;
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

    static HeapConfiguration config(String policy) {
        return (HeapConfiguration) Proxy.newProxyInstance(HeapConfiguration.class.getClassLoader(),
                new Class<?>[] {HeapConfiguration.class}, (p, method, args) -> switch (method.getName()) {
                    case "heapLimitMiB" -> 16L;
                    case "nurseryMiB" -> 1L;
                    case "survivorKiB" -> 0L;
                    case "tenuringThreshold" -> 3;
                    case "largeObjectBytes" -> 8192L;
                    case "gcThreads" -> 2;
                    case "verify" -> true;
                    case "stressEvery" -> 0;
                    case "policy" -> policy;
                    default -> method.getDefaultValue();
                });
    }

    @Test
    void pendingSwitchConfigUpdateAndFallbackOnUnbind() throws Exception {
        HeapComponent c = new HeapComponent();
        c.bindOs(new CountingOs(), java.util.Map.of(org.korlang.os.Os.OS_NAME, org.korlang.os.binding.PortHandle.kernelOfThisMachine(),
                org.korlang.os.Os.OS_ARCH, "x86_64", "service.id", 1L));
        GcPolicy generational = Heaps.builtInPolicies().get(0);
        GcPolicy marksweep = Heaps.builtInPolicies().get(1);
        GcPolicy copying = renamed("copying", marksweep);
        c.addPolicy(generational, Map.of(GcPolicy.PROPERTY, "generational"));
        c.addPolicy(marksweep, Map.of(GcPolicy.PROPERTY, "marksweep"));
        c.activate(config("copying")); // not installed yet
        assertEquals("generational", c.policyName());
        assertEquals("copying", c.configuredPolicy());
        TypeId node = c.registerType(TypeLayout.fixed("Node").slots(3).references(0, 1).build());
        GlobalHandle root;
        long sum;
        try (Mutator m = c.attach(); HandleScope s = m.openScope()) {
            root = m.newGlobal(tree(m, node, 9));
            sum = checksum(m, m.get(root));
        }
        c.addPolicy(copying, Map.of(GcPolicy.PROPERTY, "copying")); // arrives: pending switch happens
        assertEquals("copying", c.policyName());
        assertEquals(sum, checksumOf(c, root));
        c.modified(config("marksweep")); // ConfigAdmin update: live switch, no re-creation
        assertEquals("marksweep", c.policyName());
        assertEquals(sum, checksumOf(c, root));
        c.switchPolicy("copying"); // gc:policy
        assertEquals("copying", c.policyName());
        c.removePolicy(copying, Map.of(GcPolicy.PROPERTY, "copying")); // its bundle stops
        assertEquals("generational", c.policyName());
        assertEquals(sum, checksumOf(c, root));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.switchPolicy("copying"));
        assertTrue(e.getMessage().contains("not installed"), e.getMessage());
        c.verify();
        root.close();
        c.deactivate();
    }

    private static long checksumOf(HeapComponent c, GlobalHandle root) {
        try (Mutator m = c.attach()) {
            return checksum(m, m.get(root));
        }
    }

    static long tree(Mutator m, TypeId node, int depth) {
        try (HandleScope s = m.openScope()) {
            long n;
            if (depth == 0) {
                n = m.allocate(node);
            } else {
                int l = s.handle(tree(m, node, depth - 1));
                int r = s.handle(tree(m, node, depth - 1));
                n = m.allocate(node, l, r);
            }
            m.putLong(n, 2, depth * 17L + 1);
            return n;
        }
    }

    static long checksum(Mutator m, long n) {
        if (n == 0) {
            return 0;
        }
        return m.getLong(n, 2) * 7 + 1 + checksum(m, m.getRef(n, 0)) * 3 + checksum(m, m.getRef(n, 1)) * 5;
    }
}
