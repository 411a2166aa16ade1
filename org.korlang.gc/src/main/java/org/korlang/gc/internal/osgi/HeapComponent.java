package org.korlang.gc.internal.osgi;

import java.util.Map;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.Heap;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapStats;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.internal.core.ManagedHeap;
import org.korlang.gc.internal.core.PolicyCatalog;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.os.Os;
import org.korlang.os.binding.PortHandle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link Heap} service: one {@link ManagedHeap} per component configuration (PID
 * {@code org.korlang.gc}), over the {@link Os} ports through a {@link PortHandle}.
 *
 * <h2>Ports</h2>
 * The component is enabled by {@link FirstPortGate} once an Os port has served, and maps the heap's
 * memory at activation (when a port still serves; else at the first call). Os services are
 * bound dynamically: when the serving port stops, the heap and its objects stay, and calls that need
 * a system call wait (one {@code korlang: waiting: ...} line) until a port serves this kernel and
 * processor again, or go at once to another port that does (see {@link PortHandle}).
 *
 * <h2>Policies and live switching</h2>
 * Policies are bound dynamically ({@code gc.policy} property), from any bundle. The configured policy
 * ({@code policy} attribute) is the one the heap should run:
 * <ul>
 * <li>at activation the heap starts on it, or — if it is not installed yet — on the default
 * ({@code generational}, always present: it lives in this bundle) and switches to it as soon as its
 * service appears (pending switch, in the bind callback);</li>
 * <li>a configuration update with another policy switches the live heap ({@link Modified}: the
 * component is not re-created, no object is lost); the other attributes size the heap's memory and
 * take effect at the next activation (ConfigAdmin persists them);</li>
 * <li>{@code gc:policy <name>} switches the live heap now and saves the choice in this configuration
 * (so the update that follows finds the heap already on it, and a restart starts on it);</li>
 * <li>when the service of the active policy goes away (its bundle stops or is uninstalled), the heap
 * migrates to the default first — inside the unbind callback, while the departing policy's plan and
 * classes are still usable — and switches back once the configured policy returns.</li>
 * </ul>
 * Deactivation unmaps the heap's memory only if no mutator is attached — memory still in use is
 * never unmapped.
 */
@Component(service = Heap.class, configurationPid = HeapComponent.PID, immediate = true, enabled = false)
@Designate(ocd = HeapConfiguration.class)
public final class HeapComponent implements Heap {

    public static final String PID = "org.korlang.gc";

    /** The Os the heap calls through: it outlives the port services (see {@link PortHandle}). */
    private final PortHandle os = new PortHandle(PortHandle.kernelOfThisMachine(), System.err,
            "the heap and its objects stay", HeapComponent::frameworkStopping);
    /** The bound policies: the one catalog the heap also switches by (see {@link PolicyCatalog}). */
    private final PolicyCatalog policies = new PolicyCatalog();
    private volatile ManagedHeap heap;
    /** The configuration's sizes, kept for a heap mapped after activation (see {@link #heap()}). */
    private HeapConfig.Builder heapConfig;
    /** The policy the configuration asks for; the heap runs it whenever it is bound. */
    private volatile String configuredPolicy = HeapConfig.DEFAULT_POLICY;
    private final Object switchLock = new Object();
    private boolean deactivated;
    private static final System.Logger LOG = System.getLogger(HeapComponent.class.getName());

    /**
     * Every Os service, dynamically (0..n): the handle, not SCR, chooses the best-ranked one that
     * serves this kernel and processor, and makes calls wait while none does. A unary reference
     * would let SCR hand the heap a better-ranked port for another processor in place of the one
     * serving it, which the handle must refuse, leaving it none. Optional, so that a port leaving
     * does not deactivate the heap (which would lose its objects); the heap's memory is mapped once
     * a port serves.
     */
    @Reference(name = "os", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOs(Os port, Map<String, Object> properties) {
        os.bind(port, properties); // one for another kernel or processor is not bound (PortHandle logs it)
    }

    void unbindOs(Os port) {
        os.unbind(port);
    }

    /** Whether the framework is stopping: ports leave then, and the heap says nothing about it. */
    private static boolean frameworkStopping() {
        org.osgi.framework.Bundle self = org.osgi.framework.FrameworkUtil.getBundle(HeapComponent.class);
        org.osgi.framework.BundleContext context = self == null ? null : self.getBundleContext();
        return context != null && context.getBundle(0).getState() == org.osgi.framework.Bundle.STOPPING;
    }

    /** The Os port the heap calls through now (for korlang:ports and gc:stats). */
    public String servedBy() {
        return os.servedBy();
    }

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPolicy(GcPolicy policy, Map<String, Object> properties) {
        String n = nameOf(policy, properties);
        policies.add(n, policy);
        synchronized (switchLock) {
            ManagedHeap h = deactivated ? null : heap;
            if (h != null && n.equals(configuredPolicy) && !n.equals(h.policyName())) {
                switchTo(h, policy, "configured policy " + n + " arrived");
            }
        }
    }

    void removePolicy(GcPolicy policy, Map<String, Object> properties) {
        policies.remove(nameOf(policy, properties), policy);
        synchronized (switchLock) {
            ManagedHeap h = deactivated ? null : heap;
            if (h == null) {
                return;
            }
            if (frameworkStopping()) {
                return; // the heap goes too: no migration (its ports may already be gone)
            }
            // still inside the unbind callback: the departing plans are usable while we copy their
            // objects out — the active one, or one a switch retired that still holds objects
            GcPolicy target = null;
            if (policy.name().equals(h.policyName())) {
                target = policies.choose(null); // the default, else any
            } else if (h.holdsRetiredPlanOf(policy.name())) {
                target = policies.find(h.policyName());
            }
            if (target != null) {
                switchTo(h, target, "policy " + policy.name() + " is going away", true);
            }
        }
    }

    /** The name a policy service is bound under: its {@code gc.policy} property, else its own. */
    private static String nameOf(GcPolicy policy, Map<String, Object> properties) {
        Object name = properties.get(GcPolicy.PROPERTY);
        return name != null ? name.toString() : policy.name();
    }

    private static void switchTo(ManagedHeap h, GcPolicy policy, String why) {
        switchTo(h, policy, why, false);
    }

    /** {@code copying}: every live object into a new plan, none left in (or adopted from) the old ones. */
    private static void switchTo(ManagedHeap h, GcPolicy policy, String why, boolean copying) {
        try {
            if (copying) {
                h.switchPolicyCopying(policy);
            } else {
                h.switchPolicy(policy);
            }
            LOG.log(System.Logger.Level.INFO, "gc policy switched to " + policy.name() + " (" + why + ")");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "gc policy switch to " + policy.name() + " failed (" + why
                    + "); the heap stays on " + h.policyName(), e);
        }
    }

    /**
     * A configuration update: the policy switches on the live heap; the other attributes apply at the
     * next activation.
     */
    @Modified
    void modified(HeapConfiguration c) {
        synchronized (switchLock) {
            configuredPolicy = c.policy();
            ManagedHeap h = heap;
            GcPolicy p = policies.find(c.policy());
            if (h != null && p != null && !p.name().equals(h.policyName())) {
                switchTo(h, p, "configuration update");
            } else if (p == null) {
                LOG.log(System.Logger.Level.INFO, "gc policy " + c.policy() + " is not installed: the heap stays on "
                        + (h != null ? h.policyName() : "?") + " and switches when it appears");
            }
        }
    }

    /** The policy the configuration asks for (the heap may run another while it is missing). */
    public String configuredPolicy() {
        return configuredPolicy;
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
        configuredPolicy = c.policy();
        heapConfig = b;
        if (os.serving()) {
            heap(); // the usual case: SCR bound the ports before activating
        }
    }

    /**
     * The heap, mapped on first use: at activation when a port serves, else by the first call,
     * which waits for a port (never on SCR's thread, and without holding {@code switchLock}, which
     * the binding callbacks take).
     */
    private ManagedHeap heap() {
        ManagedHeap h = heap;
        if (h != null) {
            return h;
        }
        os.pageSize(); // waits until a port serves
        synchronized (switchLock) {
            if (heap == null) {
                if (deactivated) {
                    throw new IllegalStateException("the heap component is deactivated");
                }
                GcPolicy policy = policies.choose(configuredPolicy); // the configured one, else the default
                heap = new ManagedHeap(os, heapConfig.policy(policy.name()).build(), policy, policies);
            }
            return heap;
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (switchLock) {
            deactivated = true; // the unbinds that follow must not switch a heap that is going away
        }
        ManagedHeap heap = this.heap;
        if (heap == null) {
            os.close();
            return; // never mapped
        }
        heap.retire();
        if (heap.stats().mutators() == 0) {
            if (os.serving()) {
                heap.close();
            } else {
                // no port to unmap through: the mapping stays until the process ends
                LOG.log(System.Logger.Level.WARNING, "heap deactivated while no Os port serves: its memory stays mapped");
            }
        }
        os.close();
    }

    /** Old-generation bytes still in plans that policy switches retired (for gc:stats). */
    public long retiredBytes() {
        return heap.retiredBytes();
    }

    /** The names of the policies bound now (for the shell). */
    public java.util.Set<String> policyNames() {
        return policies.names();
    }

    @Override
    public TypeId registerType(TypeLayout layout) {
        return heap().registerType(layout);
    }

    @Override
    public TypeId type(String name) {
        return heap().type(name);
    }

    @Override
    public Mutator attach() {
        return heap().attach();
    }

    @Override
    public void collect(CollectionKind kind) {
        heap().collect(kind);
    }

    @Override
    public void verify() {
        heap().verify();
    }

    @Override
    public HeapStats stats() {
        return heap().stats();
    }

    @Override
    public String policyName() {
        return heap().policyName();
    }

    /**
     * Switches the live heap to a bound policy and returns the switch's event;
     * {@link IllegalArgumentException} if none has that name.
     */
    @Override
    public GcEvent switchPolicy(String name) {
        GcPolicy p = policies.find(name);
        if (p == null) {
            throw new IllegalArgumentException("gc policy '" + name + "' is not installed (installed: "
                    + policies.names() + ")");
        }
        ManagedHeap h = heap(); // may wait for a port: not while holding switchLock
        synchronized (switchLock) {
            return h.switchPolicy(p);
        }
    }

    @Override
    public HeapConfig config() {
        return heap().config();
    }

    @Override
    public void addListener(GcListener listener) {
        heap().addListener(listener);
    }

    @Override
    public void removeListener(GcListener listener) {
        heap().removeListener(listener);
    }
}
