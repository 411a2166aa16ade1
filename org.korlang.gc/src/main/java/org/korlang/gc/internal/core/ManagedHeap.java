package org.korlang.gc.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.korlang.gc.CollectionKind;
import org.korlang.gc.GcCause;
import org.korlang.gc.GcEvent;
import org.korlang.gc.GcListener;
import org.korlang.gc.HandleMisuseException;
import org.korlang.gc.HeapConfig;
import org.korlang.gc.HeapStats;
import org.korlang.gc.Heaps;
import org.korlang.gc.Mutator;
import org.korlang.gc.TypeId;
import org.korlang.gc.TypeLayout;
import org.korlang.gc.spi.CollectionOutcome;
import org.korlang.gc.spi.GcPlan;
import org.korlang.gc.spi.GcPolicy;
import org.korlang.gc.spi.HeapContext;
import org.korlang.gc.spi.MutatorView;
import org.korlang.gc.spi.ObjectHeader;
import org.korlang.gc.spi.ObjectModel;
import org.korlang.gc.spi.ParallelWorkers;
import org.korlang.gc.spi.RememberedSet;
import org.korlang.gc.spi.RootVisitor;
import org.korlang.gc.spi.Roots;
import org.korlang.gc.spi.SpaceUsage;
import org.korlang.os.Os;

/**
 * The heap: memory ({@link Arena}), types ({@link TypeRegistry}), handles, the mutator registry with
 * its safepoint protocol, statistics and listeners — and one {@link GcPlan} that owns spaces,
 * allocation and collection. The plan is replaceable (a later policy switch), so nothing here knows
 * generations or spaces.
 *
 * <h2>Stopping the world</h2>
 * One collection at a time ({@link #gcLock}). The collector takes {@link #registryLock} (no attach or
 * detach meanwhile), sets {@link #stopRequested} and waits until every mutator's state is not
 * RUNNING; a mutator notices the flag in its allocation slow path or {@link Mutator#poll()} and parks
 * in {@link #awaitResume()}; a blocked mutator is already stopped. A mutator that triggers the
 * collection itself marks itself stopped before it queues on the GC lock, so two mutators that fill
 * the nursery at once cannot wait for each other. Resuming clears the flag under {@link #stwLock} and
 * wakes everyone.
 *
 * <p>A mutator whose thread ended without detaching is detached by the next stop (its handles
 * die with it) instead of blocking every collection forever.
 *
 * <h2>Around each collection</h2>
 * retire every TLAB (so the spaces are parseable) → listeners' start → verify (if on) → plan
 * collects → new reference tag epoch → verify (if on) → resume → statistics and listeners' end.
 */
public final class ManagedHeap implements Heaps.ClosableHeap, HeapContext {

    private final Os os;
    private final HeapConfig config;
    private final Arena arena;
    private final TypeRegistry registry;
    private final GlobalHandles globals = new GlobalHandles();
    private final RootAreas rootAreas;
    /** Root-area types by total word count (layouts "gc.rootArea/N", no reference slots). */
    private final java.util.Map<Integer, TypeId> rootAreaTypes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Remembered remembered = new Remembered(this);
    private final GcThreads workers;
    private final RootsImpl roots = new RootsImpl();
    private final HeapVerifier verifier;
    private volatile GcPlan plan;
    /** Plans retired by policy switches that still hold objects (changed only with the world stopped). */
    private final CopyOnWriteArrayList<GcPlan> retiredPlans = new CopyOnWriteArrayList<>();
    /** What the retired plans occupy, as of the last switch or sweep. */
    private volatile long retiredBytes;
    /** Changes whenever the plan is replaced; a mutator inside plan code compares it across a collection. */
    private volatile long planEpoch;
    private final PauseRecorder swapPauses = new PauseRecorder();
    /**
     * Bytes of one plan window of the arena. The arena has {@link #WINDOWS} of them: at most three
     * plans are alive at once (the running one, one retired by a switch, the one a copying switch
     * builds), and each new plan goes into a window that neither of the others occupies, so plan
     * regions never have to squeeze between another plan's.
     */
    private final long planWindow;
    private static final int WINDOWS = 3;
    /** The window of the running plan (changed with the world stopped). */
    private int currentWindow;
    /** The window of the retired plan, -1 if there is none (changed with the world stopped). */
    private int retiredWindow = -1;
    /** Policies this heap can switch to by name: the built-in ones and every one it ran. */
    private final java.util.Map<String, GcPolicy> knownPolicies = new java.util.concurrent.ConcurrentHashMap<>();

    private final ReentrantLock registryLock = new ReentrantLock();
    /**
     * Attached mutators. Changed only under {@link #registryLock}; copy-on-write so that
     * {@link #stats()} can read it without that lock — a stop-the-world pause holds the lock while it
     * waits for every running mutator, so a running mutator asking for statistics must not need it.
     */
    private final List<MutatorImpl> mutators = new CopyOnWriteArrayList<>();
    private final ThreadLocal<MutatorImpl> current = new ThreadLocal<>();
    private int nextMutatorId = 1;
    /** Bytes allocated by mutators that have detached (written under {@link #registryLock}). */
    private volatile long detachedAllocated;

    private final ReentrantLock gcLock = new ReentrantLock();
    private final ReentrantLock stwLock = new ReentrantLock();
    private final Condition resumed = stwLock.newCondition();
    /** Read by every mutator's safepoint poll. */
    volatile boolean stopRequested;
    private volatile long collections;
    private volatile long tag;

    private final CopyOnWriteArrayList<GcListener> listeners = new CopyOnWriteArrayList<>();
    private final PauseRecorder minorPauses = new PauseRecorder();
    private final PauseRecorder fullPauses = new PauseRecorder();
    private volatile boolean closed;
    private boolean retired;

    public ManagedHeap(Os os, HeapConfig config, GcPolicy policy) {
        this.os = os;
        for (GcPolicy p : Heaps.builtInPolicies()) {
            knownPolicies.put(p.name(), p);
        }
        knownPolicies.put(policy.name(), policy);
        this.config = config;
        long young = config.nurseryBytes() + 2 * config.survivorBytes();
        // a window holds any plan: three regions of the limit (semispace: two halves and its pinned
        // space; generational: mature cells and large objects plus the young generation four times
        // over — the promotion reserve, its own young region and, while it adopts another
        // generational plan's spaces, that plan's young region) and the blocks allocators hold
        long perPlan = 4 * young + 3 * config.heapLimitBytes() + (64L << 20) + config.gcThreads() * (4L << 20);
        // virtual reservation only (MAP_NORESERVE): one window per live plan (see Arena.placeIn)
        this.planWindow = Arena.roundUp(perPlan, 1L << 21);
        this.arena = new Arena(os, WINDOWS * planWindow);
        this.registry = new TypeRegistry(arena);
        this.rootAreas = new RootAreas(arena);
        this.verifier = new HeapVerifier(this);
        this.tag = config.verify() ? 1L << 48 : 0;
        this.workers = new GcThreads(config.gcThreads(), "korlang-heap");
        try {
            placeIn(currentWindow);
            this.plan = policy.createPlan(this);
        } catch (RuntimeException e) {
            workers.close();
            arena.close();
            throw e;
        }
    }

    // =========================================================================== Heap

    @Override
    public TypeId registerType(TypeLayout layout) {
        java.util.Objects.requireNonNull(layout, "layout");
        if (closed) {
            throw new IllegalStateException("heap is closed");
        }
        return registry.register(layout);
    }

    @Override
    public TypeId type(String name) {
        return registry.byName(java.util.Objects.requireNonNull(name, "name"));
    }

    @Override
    public Mutator attach() {
        if (closed) {
            throw new IllegalStateException("heap is closed");
        }
        MutatorImpl existing = current.get();
        if (existing != null && existing.state != MutatorImpl.DETACHED) {
            throw new HandleMisuseException("thread " + Thread.currentThread().getName()
                    + " is already attached to this heap");
        }
        MutatorImpl m;
        registryLock.lock();
        try {
            if (retired || closed) {
                throw new IllegalStateException("heap is " + (closed ? "closed" : "being shut down"));
            }
            m = new MutatorImpl(this, nextMutatorId++, Thread.currentThread());
            mutators.add(m);
        } finally {
            registryLock.unlock();
        }
        current.set(m);
        m.resume();
        return m;
    }

    void detach(MutatorImpl m) {
        m.enterStopped();
        registryLock.lock();
        try {
            m.detached();
            mutators.remove(m); // before counting it as detached: stats() may under-count, never twice
            detachedAllocated += m.allocatedBytes();
        } finally {
            registryLock.unlock();
        }
        current.remove();
    }

    @Override
    public void collect(CollectionKind kind) {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind == CollectionKind.SWAP) {
            throw new IllegalArgumentException("SWAP is not a collection one can request: use switchPolicy");
        }
        MutatorImpl m = current.get();
        if (m != null && !m.isRunnable()) {
            m = null; // detached, or blocked: already stopped, and it must stay as it is
        }
        collect(m, kind, GcCause.EXPLICIT);
    }

    @Override
    public void verify() {
        MutatorImpl m = current.get();
        if (m != null && !m.isRunnable()) {
            m = null; // detached, or blocked: already stopped, and it must stay as it is
        }
        if (m != null) {
            m.enterStopped();
        }
        gcLock.lock();
        try {
            if (closed) { // its memory is unmapped: walking the spaces would fault
                throw new IllegalStateException("heap is closed");
            }
            registryLock.lock();
            try {
                stopTheWorld();
                try {
                    for (MutatorImpl x : mutators) {
                        plan.retireBuffer(x);
                    }
                    verifier.verify("on request");
                } finally {
                    resumeTheWorld();
                }
            } finally {
                registryLock.unlock();
            }
        } finally {
            gcLock.unlock();
            if (m != null) {
                m.resume();
            }
        }
    }

    @Override
    public HeapStats stats() {
        // No lock: a mutator may ask while a pause on another thread holds the registry lock and
        // waits for that very mutator's safepoint. The counts are a moment's view (a mutator that
        // detaches meanwhile may be missing from "allocated" until the next call).
        GcPlan p = plan;
        SpaceUsage u = p.usage();
        List<MutatorImpl> attachedNow = List.copyOf(mutators);
        long allocated = detachedAllocated;
        for (MutatorImpl m : attachedNow) {
            allocated += m.allocatedBytes();
        }
        int attached = attachedNow.size();
        return new HeapStats(p.policyName(), u.youngUsed(), u.youngCapacity(), u.oldUsed() + retiredBytes, u.largeUsed(),
                config.heapLimitBytes(), minorPauses.count(), fullPauses.count(), minorPauses.total(),
                fullPauses.total(), minorPauses.percentile(50), minorPauses.percentile(99), minorPauses.max(),
                fullPauses.percentile(50), fullPauses.percentile(99), fullPauses.max(), allocated, p.bytesPromoted(),
                attached, globals.openCount(), registry.count(), arena.mappedBytes());
    }

    @Override
    public String policyName() {
        return plan.policyName();
    }

    @Override
    public HeapConfig config() {
        return config;
    }

    @Override
    public void addListener(GcListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(GcListener listener) {
        listeners.remove(java.util.Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        gcLock.lock();
        try {
            registryLock.lock();
            try {
                if (closed) {
                    return;
                }
                if (!mutators.isEmpty()) {
                    throw new IllegalStateException(mutators.size() + " mutator(s) still attached");
                }
                closed = true;
                plan.close();
                for (GcPlan r : retiredPlans) {
                    r.close();
                }
                retiredPlans.clear();
                workers.close();
                arena.close();
            } finally {
                registryLock.unlock();
            }
        } finally {
            gcLock.unlock();
        }
    }

    // =========================================================================== HeapContext

    @Override
    public Arena memory() {
        return arena;
    }

    @Override
    public ObjectModel objects() {
        return registry.table();
    }

    @Override
    public Roots roots() {
        return roots;
    }

    @Override
    public RememberedSet rememberedSet() {
        return remembered;
    }

    @Override
    public ParallelWorkers workers() {
        return workers;
    }

    @Override
    public Iterable<? extends MutatorView> mutators() {
        return mutators;
    }

    @Override
    public long collectionCount() {
        return collections;
    }

    @Override
    public long retiredBytes() {
        return retiredBytes;
    }

    /** The retired plans (world stopped). */
    List<GcPlan> retiredPlans() {
        return retiredPlans;
    }

    /**
     * After a full collection of the plan (world stopped): each retired plan frees what the collection
     * did not mark (or moved out); an empty one is closed. (The plan has already dropped remembered
     * entries of the retired objects it left unmarked — see GcPlan, "Retired objects".)
     */
    private void sweepRetired() {
        long total = 0;
        for (GcPlan r : retiredPlans) {
            long left = r.sweepRetired();
            if (left == 0) {
                retiredPlans.remove(r);
                r.close();
            }
            total += left;
        }
        if (retiredPlans.isEmpty()) {
            retiredWindow = -1;
        }
        retiredBytes = total;
    }

    @Override
    public boolean collect(MutatorView requester, CollectionKind kind, GcCause cause) {
        MutatorImpl m = (MutatorImpl) requester;
        long epoch = planEpoch;
        boolean ran = collect(m, kind, cause);
        if (m != null && planEpoch != epoch) {
            // the plan whose code called us was replaced while this mutator waited: unwind out of
            // it; the mutator retries its allocation with the new plan
            throw new PlanReplacedException();
        }
        return ran;
    }

    /** Collects on behalf of {@code m} (null for a thread that is not an attached mutator). */
    boolean collect(MutatorImpl m, CollectionKind kind, GcCause cause) {
        long seen = collections;
        if (m != null) {
            m.enterStopped();
        }
        try {
            gcLock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("heap is closed");
                }
                if (m != null && cause == GcCause.ALLOCATION_FAILURE && collections != seen) {
                    return false;
                }
                runCollection(kind, cause);
                return true;
            } finally {
                gcLock.unlock();
            }
        } finally {
            if (m != null) {
                m.resume();
            }
        }
    }

    private void runCollection(CollectionKind kind, GcCause cause) {
        long start = System.nanoTime();
        GcEvent event;
        registryLock.lock();
        try {
            stopTheWorld();
            long safe = System.nanoTime();
            long sequence = collections + 1;
            try {
                for (MutatorImpl x : mutators) {
                    plan.retireBuffer(x);
                }
                for (GcListener l : listeners) {
                    try {
                        l.collectionStarted(sequence, kind, cause);
                    } catch (RuntimeException ignored) {
                        // a listener's failure must not break the collection
                    }
                }
                if (config.verify()) {
                    verifier.verify("before collection #" + sequence + " (" + kind + ", " + cause + ")");
                }
                CollectionOutcome outcome = plan.collect(kind, cause);
                if (outcome.kind() == CollectionKind.FULL && !retiredPlans.isEmpty()) {
                    sweepRetired();
                }
                collections = sequence;
                tag = config.verify() ? ((sequence % 0x7FFE) + 1) << 48 : 0;
                if (config.verify()) {
                    verifier.verify("after collection #" + sequence + " (" + outcome.kind() + ", " + cause + ")");
                }
                long pause = System.nanoTime() - start;
                (outcome.kind() == CollectionKind.FULL ? fullPauses : minorPauses).record(pause);
                event = new GcEvent(sequence, outcome.kind(), cause, plan.policyName(), start, pause, safe - start,
                        outcome.bytesBefore(), outcome.bytesAfter(), outcome.bytesPromoted());
            } finally {
                resumeTheWorld();
            }
        } finally {
            registryLock.unlock();
        }
        for (GcListener l : listeners) {
            try {
                l.collectionFinished(event);
            } catch (RuntimeException ignored) {
                // a listener's failure must not break the mutator that collected
            }
        }
    }

    // =========================================================================== policy switch

    /**
     * Replaces the plan of the live heap by one of {@code policy} (see {@link Migration}): stop the
     * world, retire every buffer, carry every object reachable from the handles into the new plan,
     * update every handle, return the old plan's memory, resume. A GC event of kind
     * {@link CollectionKind#SWAP} reports the pause. If the new plan cannot hold the live objects, the
     * heap stays on the old plan and {@link org.korlang.gc.HeapExhaustedException} is thrown.
     */
    @Override
    public void switchPolicy(String name) {
        GcPolicy p = knownPolicies.get(java.util.Objects.requireNonNull(name, "name"));
        if (p == null) {
            throw new IllegalArgumentException("unknown gc policy '" + name + "' (known: "
                    + new java.util.TreeSet<>(knownPolicies.keySet()) + ")");
        }
        switchPolicy(p);
    }

    @Override
    public void switchPolicy(GcPolicy policy) {
        switchPolicy(policy, false);
    }

    /**
     * A switch that copies every live object into a new plan of {@code policy} and closes the old
     * plan and every retired one — no adoption, no retiring: for when a policy's bundle goes away and
     * no plan of it may stay behind.
     */
    public void switchPolicyCopying(GcPolicy policy) {
        switchPolicy(policy, true);
    }

    /** Whether a plan retired by an earlier switch, of the policy named {@code name}, still holds objects. */
    public boolean holdsRetiredPlanOf(String name) {
        for (GcPlan r : retiredPlans) {
            if (r.policyName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private void switchPolicy(GcPolicy policy, boolean copyOnly) {
        java.util.Objects.requireNonNull(policy, "policy");
        knownPolicies.put(policy.name(), policy);
        MutatorImpl m = current.get();
        if (m != null && !m.isRunnable()) {
            m = null; // detached, or blocked: already stopped, and it must stay as it is
        }
        if (m != null) {
            m.enterStopped();
        }
        GcEvent event;
        try {
            gcLock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("heap is closed");
                }
                event = runSwitch(policy, copyOnly);
            } finally {
                gcLock.unlock();
            }
        } finally {
            if (m != null) {
                m.resume();
            }
        }
        for (GcListener l : listeners) {
            try {
                l.collectionFinished(event);
            } catch (RuntimeException ignored) {
                // a listener's failure must not break the switch
            }
        }
    }

    private GcEvent runSwitch(GcPolicy policy, boolean copyOnly) {
        long start = System.nanoTime();
        registryLock.lock();
        try {
            stopTheWorld();
            long safe = System.nanoTime();
            long sequence = collections + 1;
            GcPlan old = plan;
            try {
                for (MutatorImpl x : mutators) {
                    old.retireBuffer(x);
                }
                for (GcListener l : listeners) {
                    try {
                        l.collectionStarted(sequence, CollectionKind.SWAP, GcCause.POLICY_SWITCH);
                    } catch (RuntimeException ignored) {
                        // a listener's failure must not break the switch
                    }
                }
                String switching = " switch #" + sequence + " (" + old.policyName() + " -> " + policy.name() + ")";
                if (config.verify()) {
                    verifier.verify("before" + switching);
                }
                long before = old.usage().total() + retiredBytes;
                long promotedBefore = old.bytesPromoted();
                // in place first: the new plan adopts the old one's spaces (same window of the arena);
                // else the old plan retires with its objects where they are; else everything is copied
                GcPlan next = copyOnly ? null : policy.adoptPlan(this, old);
                boolean adopted = next != null;
                boolean retiring = false;
                int nextWindow = currentWindow;
                if (next == null && retiredPlans.isEmpty() && !copyOnly) {
                    nextWindow = freeWindow();
                    next = createIn(nextWindow, policy);
                    try {
                        retiring = old.retire();
                    } catch (RuntimeException | Error e) {
                        next.close();
                        placeIn(currentWindow);
                        throw e;
                    }
                    if (!retiring) {
                        next.close();
                        next = null;
                        placeIn(currentWindow);
                    }
                }
                if (next == null) {
                    nextWindow = freeWindow();
                    next = copyInto(nextWindow, policy);
                }
                long promoted = old.bytesPromoted() - promotedBefore;
                for (MutatorImpl x : mutators) {
                    x.planData(null);
                }
                plan = next;
                planEpoch++;
                long left = retiring ? old.usage().total() : 0;
                if (left > 0) {
                    retiredPlans.add(old);
                    retiredBytes = left;
                    retiredWindow = currentWindow;
                } else if (retiring) {
                    old.close(); // retired with no object: nothing to keep
                } else {
                    old.close();
                    if (!adopted) { // the copy carried the retired plans' live objects too
                        for (GcPlan r : retiredPlans) {
                            r.close();
                        }
                        retiredPlans.clear();
                        retiredBytes = 0;
                        retiredWindow = -1;
                    }
                }
                currentWindow = nextWindow;
                collections = sequence;
                tag = config.verify() ? ((sequence % 0x7FFE) + 1) << 48 : 0;
                if (config.verify()) {
                    verifier.verify("after" + switching);
                }
                long pause = System.nanoTime() - start;
                swapPauses.record(pause);
                return new GcEvent(sequence, CollectionKind.SWAP, GcCause.POLICY_SWITCH, next.policyName(), start, pause,
                        safe - start, before, next.usage().total() + retiredBytes, promoted);
            } finally {
                resumeTheWorld();
            }
        } finally {
            registryLock.unlock();
        }
    }

    /**
     * A new plan of {@code policy} in window {@code window} of the arena, holding a copy of every
     * object reachable from the roots (world stopped); on failure the roots point at the old objects
     * again and the heap goes on with the old plan.
     */
    private GcPlan copyInto(int window, GcPolicy policy) {
        placeIn(window);
        GcPlan next = null;
        // the old plan's remembered entries name old objects: the new plan starts with none
        long[] logged = remembered.drain();
        Migration migration = null;
        try {
            next = policy.createPlan(this);
            migration = new Migration(arena, registry.table(), next, workers);
            migration.run(roots);
            return next;
        } catch (RuntimeException | Error e) {
            if (migration != null) {
                migration.rollBack(roots);
            }
            // a restored header lacks the remembered bit (copies drop GC state): entries are logged again
            for (long entry : logged) {
                arena.putLong(entry, arena.getLong(entry) | ObjectHeader.REMEMBERED);
            }
            remembered.addAll(logged, logged.length);
            if (next != null) {
                next.close();
            }
            placeIn(currentWindow);
            throw e;
        }
    }

    /** A new, empty plan of {@code policy} in window {@code window} of the arena. */
    private GcPlan createIn(int window, GcPolicy policy) {
        placeIn(window);
        try {
            return policy.createPlan(this);
        } catch (RuntimeException | Error e) {
            placeIn(currentWindow);
            throw e;
        }
    }

    /**
     * A window that neither the running plan nor a retired one occupies (world stopped): there are
     * three windows and at most two such plans; an empty one is preferred (a plan that overflowed its
     * own window may have spilled into another).
     */
    private int freeWindow() {
        int any = -1;
        for (int w = 0; w < WINDOWS; w++) {
            if (w == currentWindow || w == retiredWindow) {
                continue;
            }
            if (arena.isEmpty(w * planWindow, (w + 1) * planWindow)) {
                return w;
            }
            any = w;
        }
        return any;
    }

    /** From now on regions go to window {@code w} of the arena (see Arena.placeIn). */
    private void placeIn(int w) {
        arena.placeIn(w * planWindow, (w + 1) * planWindow);
    }

    /** Drops a policy from those {@link #switchPolicy(String)} knows (its service went away). */
    public void forgetPolicy(GcPolicy policy) {
        knownPolicies.values().remove(policy);
    }

    /** Policy switches done so far. */
    public long switchCount() {
        return swapPauses.count();
    }

    private void stopTheWorld() {
        stopRequested = true;
        Thread self = Thread.currentThread();
        List<MutatorImpl> dead = null;
        for (MutatorImpl m : mutators) {
            int spins = 0;
            while (m.state == MutatorImpl.RUNNING) {
                if (m.owner() == self) {
                    throw new IllegalStateException("the collecting thread's own mutator is running");
                }
                if (!m.owner().isAlive()) {
                    // its thread ended without detaching: it can never reach a safepoint again
                    if (dead == null) {
                        dead = new ArrayList<>();
                    }
                    dead.add(m);
                    break;
                }
                if (++spins < 200) {
                    Thread.onSpinWait();
                } else if (spins < 400) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
        if (dead != null) {
            for (MutatorImpl m : dead) {
                m.detached();
                mutators.remove(m); // as in detach: stats() may under-count, never twice
                detachedAllocated += m.allocatedBytes();
            }
        }
    }

    /**
     * Refuses new mutators from now on (the DS component is going away while mutators are still
     * attached). Memory stays mapped and usable by those mutators; it is never unmapped under them.
     */
    public void retire() {
        registryLock.lock();
        try {
            retired = true;
        } finally {
            registryLock.unlock();
        }
    }

    private void resumeTheWorld() {
        stwLock.lock();
        try {
            stopRequested = false;
            resumed.signalAll();
        } finally {
            stwLock.unlock();
        }
    }

    void awaitResume() {
        stwLock.lock();
        try {
            while (stopRequested) {
                resumed.awaitUninterruptibly();
            }
        } finally {
            stwLock.unlock();
        }
    }

    // =========================================================================== package access

    GcPlan plan() {
        return plan;
    }

    Arena arena() {
        return arena;
    }

    TypeRegistry registry() {
        return registry;
    }

    GlobalHandles globals() {
        return globals;
    }

    Remembered remembered() {
        return remembered;
    }

    RootAreas rootAreas() {
        return rootAreas;
    }

    /** The pinned, reference-free type of a root area of {@code words} slots (live count included). */
    TypeId rootAreaType(int words) {
        return rootAreaTypes.computeIfAbsent(words,
                w -> registry.register(TypeLayout.fixed("gc.rootArea/" + w).slots(w).build()));
    }

    long currentTag() {
        return tag;
    }

    List<MutatorImpl> mutatorList() {
        return mutators;
    }

    /**
     * Root partitions: one per mutator's handle stack, one per global chunk, then the root areas in
     * groups of {@link RootAreas#PER_PARTITION}.
     */
    private final class RootsImpl implements Roots {
        @Override
        public int partitions() {
            return Math.max(1, mutators.size() + globals.chunks().length + rootAreas.partitions());
        }

        @Override
        public void visit(int partition, RootVisitor visitor) {
            if (partition < mutators.size()) {
                MutatorImpl m = mutators.get(partition);
                visitSlots(m.handles, m.handleTop, visitor);
                return;
            }
            int areaPartition = partition - mutators.size() - globals.chunks().length;
            if (areaPartition >= 0) {
                rootAreas.visit(areaPartition, visitor);
                return;
            }
            // a global handle may be closed by any thread, also during a collection: scan under
            // the table's lock so that a closed slot is never written back
            synchronized (globals) {
                long[][] chunks = globals.chunks();
                int c = partition - mutators.size();
                if (c < chunks.length) {
                    visitSlots(chunks[c], chunks[c].length, visitor);
                }
            }
        }

        private void visitSlots(long[] slots, int count, RootVisitor visitor) {
            for (int i = 0; i < count; i++) {
                long r = slots[i];
                if (r != 0) {
                    slots[i] = visitor.visit(r);
                }
            }
        }
    }
}
