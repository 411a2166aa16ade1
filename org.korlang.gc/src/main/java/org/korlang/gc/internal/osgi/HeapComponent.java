package org.korlang.gc.internal.osgi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapStats;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.os.Os;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link Heap} service: one {@link ManagedHeap} per component configuration (PID
 * {@code org.korlang.gc}), over the mandatory {@link Os} service.
 *
 * <p>Policies are bound dynamically ({@code gc.policy} property). At activation the heap takes the
 * configured policy, or {@code generational}, or any bound one (the bundle's own generational policy
 * is always among them). A policy service leaving does not disturb the live heap: its plan belongs to
 * the heap (switching to another policy on a live heap is the next step; see GcPlan's migration
 * protocol). A configuration change re-creates the heap (objects are not carried over yet).
 * Deactivation unmaps the heap's memory only if no mutator is attached — memory still in use is
 * never unmapped.
 */
@Component(service = Heap.class, configurationPid = HeapComponent.PID, immediate = true)
@Designate(ocd = HeapConfiguration.class)
public final class HeapComponent implements Heap {

    public static final String PID = "org.korlang.gc";

    @Reference
    private Os os;
    private final Map<String, GcPolicy> policies = new ConcurrentHashMap<>();
    private ManagedHeap heap;

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPolicy(GcPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(GcPolicy.PROPERTY);
        policies.put(name != null ? name.toString() : policy.name(), policy);
    }

    void removePolicy(GcPolicy policy, Map<String, Object> properties) {
        policies.values().remove(policy);
    }

    @Activate
    void activate(HeapConfiguration c) {
        HeapConfig.Builder b = HeapConfig.builder()
                .heapLimitBytes(c.heapLimitMiB() << 20)
                .nurseryBytes(c.nurseryMiB() << 20)
                .tenuringThreshold(c.tenuringThreshold())
                .largeObjectBytes(c.largeObjectBytes())
                .gcThreads(c.gcThreads())
                .verify(c.verify())
                .stressEvery(c.stressEvery());
        if (c.survivorKiB() > 0) {
            b.survivorBytes(c.survivorKiB() << 10);
        }
        GcPolicy policy = policies.get(c.policy());
        if (policy == null) {
            policy = policies.get(HeapConfig.DEFAULT_POLICY);
        }
        if (policy == null) {
            policy = policies.values().iterator().next();
        }
        HeapConfig config = b.policy(policy.name()).build();
        heap = new ManagedHeap(os, config, policy);
    }

    @Deactivate
    void deactivate() {
        heap.retire();
        if (heap.stats().mutators() == 0) {
            heap.close();
        }
    }

    /** The policies bound now, by name (for the shell). */
    public Map<String, GcPolicy> policies() {
        return Map.copyOf(policies);
    }

    @Override
    public TypeId registerType(TypeLayout layout) {
        return heap.registerType(layout);
    }

    @Override
    public TypeId type(String name) {
        return heap.type(name);
    }

    @Override
    public Mutator attach() {
        return heap.attach();
    }

    @Override
    public void collect(CollectionKind kind) {
        heap.collect(kind);
    }

    @Override
    public void verify() {
        heap.verify();
    }

    @Override
    public HeapStats stats() {
        return heap.stats();
    }

    @Override
    public String policyName() {
        return heap.policyName();
    }

    @Override
    public HeapConfig config() {
        return heap.config();
    }

    @Override
    public void addListener(GcListener listener) {
        heap.addListener(listener);
    }

    @Override
    public void removeListener(GcListener listener) {
        heap.removeListener(listener);
    }
}
