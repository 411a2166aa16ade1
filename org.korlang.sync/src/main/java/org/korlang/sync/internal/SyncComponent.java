package org.korlang.sync.internal;

import java.util.concurrent.TimeUnit;

import org.korlang.os.Os;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/*
 * The Sync service: a FutexSync over the bound Os, configured through ConfigAdmin.
 *
 * Os is a mandatory static reference named "os" (ConfigAdmin can narrow it with "os.target"): a
 * new Os (or a new configuration) means a new component
 * instance with a fresh arena. Primitives made by the old instance keep working on the Os object
 * they were built with (their memory is never unmapped under them) and are freed as they become
 * unreachable.
 *
 * The BlockingHook is optional, dynamic and greedy: the scheduler's hook (see
 * internal.scheduler) can come and go without restarting this component. Every kernel wait asks
 * for the current hook at that moment; a section entered on one hook is exited on that same
 * hook, even if it was unbound meanwhile.
 */
@Component(name = SyncConfig.PID, service = Sync.class, configurationPid = SyncConfig.PID)
@Designate(ocd = SyncConfig.class)
public final class SyncComponent implements Sync {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BlockingHook hook;

    private final FutexSync sync;

    @Activate
    public SyncComponent(@Reference(name = "os") Os os, SyncConfig config) {
        SyncOptions options = new SyncOptions(config.spinLimit(),
                TimeUnit.MILLISECONDS.toNanos(config.interruptPollMillis()),
                Math.multiplyExact(config.slabKiB(), 1024));
        this.sync = new FutexSync(os, options, this::enterBlocking);
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
