package org.korlang.sync.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.korlang.os.Os;
import org.korlang.os.binding.PortHandle;
import org.korlang.sync.AtomicLongCell;
import org.korlang.sync.AtomicReferenceCell;
import org.korlang.sync.Barrier;
import org.korlang.sync.BlockingHook;
import org.korlang.sync.Channel;
import org.korlang.sync.CondVar;
import org.korlang.sync.FutexSync;
import org.korlang.sync.Latch;
import org.korlang.sync.Mutex;
import org.korlang.sync.Once;
import org.korlang.sync.RwLock;
import org.korlang.sync.Select;
import org.korlang.sync.Semaphore;
import org.korlang.sync.Sync;
import org.korlang.sync.SyncOptions;
import org.korlang.sync.WaitGroup;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/*
 * The Sync service: a FutexSync over the Os ports, configured through ConfigAdmin.
 *
 * Ports: every Os service is bound dynamically (reference "os", 0..n; ConfigAdmin can narrow
 * it with "os.target") and reached through a PortHandle (org.korlang.os.binding): when the serving
 * OS port (or the arch port under it) stops, this component, its arena and every primitive stay;
 * a kernel wait or wake that needs a port then waits (one `korlang: waiting: ...` line) until a
 * port serves this kernel and processor again, or goes at once to another port that does. What
 * keeps that sound (see FutexArena and FutexSync): the arena's memory was mapped by the kernel for
 * the process and stays mapped (nothing unmaps a slab while a line is in use, and the Linux port's
 * instances share their mapping registry, so a restarted port still accepts the words); a thread
 * asleep in futex_wait through the departed port is woken by a futex_wake through the new one (the
 * kernel keys a private futex on process and address); an uncontended lock or unlock makes no
 * system call at all. The component is enabled by SyncPortGate once a port has served, so that no
 * consumer activated on SCR's thread waits for a port that thread was about to register.
 *
 * A new configuration means a new component instance with a fresh arena. Primitives made by the
 * old instance keep working on the port it was bound to when it was deactivated (the unbinds that
 * follow deactivation are ignored: its handle keeps that port), and are freed as they become
 * unreachable.
 *
 * The BlockingHook is optional, dynamic and greedy: the scheduler's hook (see
 * internal.scheduler) can come and go without restarting this component. Every kernel wait asks
 * for the current hook at that moment; a section entered on one hook is exited on that same
 * hook, even if it was unbound meanwhile.
 */
@Component(name = SyncConfig.PID, service = Sync.class, configurationPid = SyncConfig.PID, enabled = false)
@Designate(ocd = SyncConfig.class)
public final class SyncComponent implements Sync {


    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BlockingHook hook;

    /** The Os every primitive calls through: it outlives the port services. */
    private final PortHandle os = new PortHandle(PortHandle.kernelOfThisMachine(), System.err,
            "sync primitives stay", SyncComponent::frameworkStopping);
    private final FutexSync sync;
    /** Set at deactivation: the handle keeps its port for the primitives already made. */
    private volatile boolean deactivated;

    @Activate
    public SyncComponent(SyncConfig config) {
        SyncOptions options = new SyncOptions(config.spinLimit(),
                TimeUnit.MILLISECONDS.toNanos(config.interruptPollMillis()),
                Math.multiplyExact(config.slabKiB(), 1024));
        this.sync = new FutexSync(os, options, this::enterBlocking); // no system call yet
    }

    /**
     * An Os service arrived: every one is bound (0..n) and the handle chooses the best-ranked that
     * serves this kernel and processor (a unary reference let SCR swap in a better-ranked port for
     * another processor, which the handle refuses, leaving sync with none).
     */
    @Reference(name = "os", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindOs(Os port, Map<String, Object> properties) {
        os.bind(port, properties); // one for another kernel or processor is not bound (PortHandle logs it)
    }

    void unbindOs(Os port) {
        if (!deactivated) {
            os.unbind(port);
        }
    }

    /** Whether the framework is stopping: ports leave then, and nothing waits for them. */
    private static boolean frameworkStopping() {
        Bundle self = FrameworkUtil.getBundle(SyncComponent.class);
        BundleContext context = self == null ? null : self.getBundleContext();
        return context != null && context.getBundle(0).getState() == Bundle.STOPPING;
    }

    private BlockingHook.Section enterBlocking() {
        BlockingHook current = hook;
        return current == null ? null : current.enter();
    }

    /** Whether a blocking hook (the scheduler's) is bound now. */
    boolean hasHook() {
        return hook != null;
    }

    @Deactivate
    void deactivate() {
        deactivated = true;
        sync.close();
    }

    /** The options in force. */
    public SyncOptions options() {
        return sync.options();
    }

    @Override public Mutex newMutex() { return sync.newMutex(); }
    @Override public CondVar newCondVar() { return sync.newCondVar(); }
    @Override public RwLock newRwLock() { return sync.newRwLock(); }
    @Override public Semaphore newSemaphore(int permits) { return sync.newSemaphore(permits); }
    @Override public Once newOnce() { return sync.newOnce(); }
    @Override public Barrier newBarrier(int parties) { return sync.newBarrier(parties); }
    @Override public WaitGroup newWaitGroup() { return sync.newWaitGroup(); }
    @Override public Latch newLatch(int count) { return sync.newLatch(count); }
    @Override public AtomicLongCell newAtomicLong(long initial) { return sync.newAtomicLong(initial); }
    @Override public <T> AtomicReferenceCell<T> newAtomicReference(T initial) { return sync.newAtomicReference(initial); }
    @Override public <T> Channel<T> newChannel(int capacity) { return sync.newChannel(capacity); }
    @Override public <T> Channel<T> newUnboundedChannel() { return sync.newUnboundedChannel(); }
    @Override public Select newSelect() { return sync.newSelect(); }

    @Override
    public String toString() {
        return "Sync[" + sync.options() + ", live lines " + sync.liveLines() + (hook != null ? ", scheduler-aware]" : "]");
    }
}
