package org.korlang.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.korlang.gc.CollectionKind;
import org.korlang.gc.GlobalHandle;
import org.korlang.gc.Heap;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.os.Os;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Ports leave and return under the platform's live heap (issue #15): a checksummed object graph in
 * the heap survives a stop/start of org.korlang.os.linux and of org.korlang.arch.x86_64 (the Heap
 * service stays the same object throughout; after the port returns the heap collects, verifies and
 * still holds the graph), and a swap to a second Linux port registered here: the heap re-binds to it
 * at once (korlang:ports says so), keeps collecting while org.korlang.os.linux is stopped, and goes
 * back when the second port leaves. An update of org.korlang.os.linux (new classes, a new Os object)
 * keeps the graph too, and policy switches after it retire plans whose regions the old revision
 * mapped and give them back through the new one.
 */
class PortsUnderALiveHeapTest {

    private static final String LINUX_X86_64 = "(&(" + Os.OS_NAME + "=linux)(" + Os.OS_ARCH + "=x86_64))";

    private final BundleContext context = Services.context();

    @Test
    void theHeapKeepsItsObjectsWhileTheOsPortStopsAndReturns() throws Exception {
        survives("org.korlang.os.linux");
    }

    @Test
    void theHeapKeepsItsObjectsWhileTheArchPortStopsAndReturns() throws Exception {
        survives("org.korlang.arch.x86_64");
    }

    private void survives(String portBundle) throws Exception {
        Services.await(context, Os.class, LINUX_X86_64);
        Heap heap = Services.await(context, Heap.class, null);
        TypeId node = heap.registerType(TypeLayout.fixed("itest.PortNode").slots(3).references(0, 1).build());
        Bundle port = Services.bundle(context, portBundle);
        try (Mutator m = heap.attach()) {
            GlobalHandle root = m.newGlobal(CheckedTrees.tree(m, node, 10, 42));
            long sum = CheckedTrees.checksum(m, m.get(root));
            port.stop();
            try {
                Services.awaitAbsent(context, Os.class, LINUX_X86_64);
                assertSame(heap, Services.await(context, Heap.class, null), "the Heap service stays while no port serves");
                assertEquals(sum, CheckedTrees.checksum(m, m.get(root)), "the graph is intact while no port serves");
            } finally {
                port.start();
            }
            Services.await(context, Os.class, LINUX_X86_64);
            heap.collect(CollectionKind.FULL);
            heap.verify();
            assertEquals(sum, CheckedTrees.checksum(m, m.get(root)), "the graph survives the port's absence and a full collection");
            assertSame(heap, Services.await(context, Heap.class, null));
            root.close();
        }
    }

    /**
     * An update of org.korlang.os.linux replaces the port's classes (a new revision, its own Os
     * object) under the live heap: the graph survives, and so do policy switches afterwards that
     * retire a plan whose regions the old revision mapped and give them back through the new one.
     */
    @Test
    void theHeapKeepsItsObjectsThroughAnUpdateOfTheOsPortAndSwitchesAfterIt() throws Exception {
        Services.await(context, Os.class, LINUX_X86_64);
        Heap heap = Services.await(context, Heap.class, null);
        TypeId node = heap.registerType(TypeLayout.fixed("itest.UpdatePortNode").slots(3).references(0, 1).build());
        Bundle port = Services.bundle(context, "org.korlang.os.linux");
        String policy = heap.policyName();
        try (Mutator m = heap.attach()) {
            GlobalHandle root = m.newGlobal(CheckedTrees.tree(m, node, 10, 11));
            long sum = CheckedTrees.checksum(m, m.get(root));
            long lastIdBefore = lastLinuxOsId();
            port.update();
            Services.eventually(() -> "a Linux Os registered by the updated bundle (after service " + lastIdBefore + ")",
                    () -> lastLinuxOsId() > lastIdBefore);
            heap.collect(CollectionKind.FULL);
            heap.verify();
            assertEquals(sum, CheckedTrees.checksum(m, m.get(root)), "the graph survives the update and a full collection");
            try {
                for (String next : new String[] {"semispace", "generational", "marksweep", "semispace"}) {
                    heap.switchPolicy(next);
                    for (int i = 0; i < 3; i++) { // the retired plan is swept empty and gives its regions back
                        heap.collect(CollectionKind.FULL);
                    }
                    heap.verify();
                    assertEquals(sum, CheckedTrees.checksum(m, m.get(root)), "the graph survives the switch to " + next + " after the update");
                }
            } finally {
                heap.switchPolicy(policy);
            }
            heap.collect(CollectionKind.FULL);
            heap.verify();
            assertEquals(sum, CheckedTrees.checksum(m, m.get(root)));
            assertSame(heap, Services.await(context, Heap.class, null));
            root.close();
        }
    }

    /** The highest service id of a registered Linux x86_64 Os, or -1 if none is registered. */
    private long lastLinuxOsId() throws Exception {
        long last = -1;
        for (ServiceReference<Os> ref : context.getServiceReferences(Os.class, LINUX_X86_64)) {
            last = Math.max(last, (Long) ref.getProperty(Constants.SERVICE_ID));
        }
        return last;
    }

    @Test
    void theHeapRebindsAtOnceToASecondLinuxPortAndBack() throws Exception {
        Os linux = Services.await(context, Os.class, LINUX_X86_64);
        Heap heap = Services.await(context, Heap.class, null);
        TypeId node = heap.registerType(TypeLayout.fixed("itest.SwapPortNode").slots(3).references(0, 1).build());
        Bundle linuxBundle = Services.bundle(context, "org.korlang.os.linux");
        ServiceRegistration<Os> second = Ports.register(context, Ports.secondPortOver(linux), "x86_64", 100);
        try (Mutator m = heap.attach()) {
            GlobalHandle root = m.newGlobal(CheckedTrees.tree(m, node, 10, 7));
            long sum = CheckedTrees.checksum(m, m.get(root));
            Ports.awaitShown(context, String.format("%-26s %s", "org.korlang.gc",
                    "org.korlang.itest (Os service " + second.getReference().getProperty("service.id") + ","));
            linuxBundle.stop();
            try {
                Services.awaitAbsent(context, Os.class, "(&" + LINUX_X86_64 + "(!(service.ranking=100)))");
                // the heap does not wait: its port is the second one
                // (this thread is a mutator: it lets the collection run while it waits for it)
                CompletableFuture<Void> collected = CompletableFuture.runAsync(() -> heap.collect(CollectionKind.FULL), Services.OWN_THREAD);
                try (org.korlang.gc.BlockedRegion blocked = m.block()) {
                    collected.get(Services.TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
                assertEquals(sum, CheckedTrees.checksum(m, m.get(root)));
            } finally {
                linuxBundle.start();
            }
            Services.await(context, Os.class, "(&" + LINUX_X86_64 + "(!(service.ranking=100)))");
            second.unregister();
            second = null;
            Ports.awaitShown(context, String.format("%-26s %s", "org.korlang.gc", "org.korlang.os.linux (Os service"));
            heap.collect(CollectionKind.FULL);
            heap.verify();
            assertEquals(sum, CheckedTrees.checksum(m, m.get(root)), "the graph survives both swaps");
            root.close();
        } finally {
            if (second != null) {
                second.unregister();
            }
        }
    }
}
