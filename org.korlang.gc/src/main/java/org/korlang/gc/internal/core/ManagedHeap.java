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
import org.korlang.gc.Heap;
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
import org.korlang.gc.spi.PlanWindowExceededException;
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
 * <h2>Around each collection and policy switch</h2>
 * One pause template ({@link #pause}) for both: retire every TLAB (so the spaces are parseable) →
 * listeners' start → verify (if on) → the plan collects, or {@link PolicySwitch} replaces the plan →
 * new reference tag epoch → verify (if on) → resume → statistics and listeners' end.
 *
 * <h2>Plan windows</h2>
 * The arena is mapped once, {@link PolicySwitch#WINDOWS} windows of one size; the heap knows no
 * plan's spaces: each policy declares what one plan needs ({@code GcPolicy.windowBytes}) and a window
 * is the largest declaration of the policies known when the heap is built, at least
 * {@code GcPolicy.guaranteedWindowBytes}. A switch to a policy whose declaration is larger is refused
 * before the world stops ({@link PlanWindowExceededException}); the heap is left as it was.
 *
 * <h2>Who builds it</h2>
 * The heap component inside OSGi, and outside it the factory {@code org.korlang.gc.standalone.Heaps},
 * whose {@code ClosableHeap} is a subclass of this one that adds nothing but the interface (hence not
 * {@code final}): the factory's package depends on this one, never the reverse, so the gc bundle's
 * packages have no cycle. This class knows neither the factory nor the built-in policies: whoever
 * builds it passes the policies it may switch to ({@link PolicyCatalog}).
 */
public class ManagedHeap implements Heap, HeapContext, AutoCloseable {

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
    /** Replaces the plan (adopt, retire or copy) and keeps the plans it retired and the plan windows. */
    private final PolicySwitch policySwitch;
    /** Changes whenever the plan is replaced; a mutator inside plan code compares it across a collection. */
    private volatile long planEpoch;
    private final PauseRecorder swapPauses = new PauseRecorder();
    /** The policies this heap can switch to by name (shared with whoever fills it: see PolicyCatalog). */
    private final PolicyCatalog policies;

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

    /** A heap on {@code policy} that knows no other policy until one is given to {@link #switchPolicy(GcPolicy)}. */
    public ManagedHeap(Os os, HeapConfig config, GcPolicy policy) {
        this(os, config, policy, new PolicyCatalog());
    }

    /**
     * A heap on {@code policy} that switches by name to the policies of {@code policies} (which its
     * owner keeps up to date; {@code policy} is added to it).
     */
    public ManagedHeap(Os os, HeapConfig config, GcPolicy policy, PolicyCatalog policies) {
        this.os = os;
        this.policies = policies;
        policies.add(policy.name(), policy);
        this.config = config;
        // virtual reservation only (MAP_NORESERVE): one window per live plan (see Arena.placeIn)
        long planWindow = Arena.roundUp(planWindowFor(config, policy, policies), 1L << 21);
        this.arena = new Arena(os, PolicySwitch.WINDOWS * planWindow);
        this.registry = new TypeRegistry(arena);
        this.rootAreas = new RootAreas(arena);
        this.verifier = new HeapVerifier(this);
        this.tag = config.verify() ? 1L << 48 : 0;
        this.workers = new GcThreads(config.gcThreads(), "korlang-heap");
        this.policySwitch = new PolicySwitch(this, arena, registry, workers, remembered, roots, planWindow);
        try {
            this.plan = policySwitch.firstPlan(policy);
        } catch (RuntimeException e) {
            workers.close();
            arena.close();
            throw e;
        }
    }

    /**
     * The plan window (see GcPolicy, "Plan windows"): the largest declaration of {@code first} and
     * the policies the heap knows now, at least the guaranteed window. Another known policy's
     * declaration that is out of range, or throws, is left out (a switch to it fails then); the
     * first policy's must be valid.
     */
    private static long planWindowFor(HeapConfig config, GcPolicy first, PolicyCatalog policies) {
        long window = Math.max(GcPolicy.guaranteedWindowBytes(config), declaredWindow(first, config));
        for (GcPolicy p : policies.policies()) {
            long declared;
            try {
                declared = p.windowBytes(config);
            } catch (RuntimeException e) {
                continue; // its switch will report the failure; it must not keep this heap from starting
            }
            if (declared > window && declared <= MAX_PLAN_WINDOW) {
                window = declared;
            }
        }
        return window;
    }

    /**
     * The most a plan window may be: three of them must fit a 47-bit user address space (larger
     * declarations could never be mapped, and the arithmetic on them would overflow).
     */
    private static final long MAX_PLAN_WINDOW = 1L << 45;

    /** What {@code policy} declares for one plan; IllegalArgumentException unless in (0, MAX_PLAN_WINDOW]. */
    private static long declaredWindow(GcPolicy policy, HeapConfig config) {
        long declared = policy.windowBytes(config);
        if (declared <= 0 || declared > MAX_PLAN_WINDOW) {
            throw new IllegalArgumentException("gc policy '" + policy.name() + "' declares a plan window of " + declared
                    + " bytes (it must be positive and at most " + MAX_PLAN_WINDOW + ")");
        }
        return declared;
    }

    /** The bytes of each plan window this heap reserved when it was built. */
    public long planWindowBytes() {
        return policySwitch.planWindowBytes();
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
        return new HeapStats(p.policyName(), u.youngUsed(), u.youngCapacity(), u.oldUsed() + policySwitch.retiredBytes(), u.largeUsed(),
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
                policySwitch.closeRetired();
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
        return policySwitch.retiredBytes();
    }

    /** The retired plans (world stopped). */
    List<GcPlan> retiredPlans() {
        return policySwitch.retiredPlans();
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
        GcEvent event = pause(kind, cause, new PauseWork() {
            @Override
            public CollectionOutcome run() {
                CollectionOutcome outcome = plan.collect(kind, cause);
                if (outcome.kind() == CollectionKind.FULL && !policySwitch.retiredPlans().isEmpty()) {
                    policySwitch.sweepRetired();
                }
                return outcome;
            }

            @Override
            public String describe(long sequence, CollectionKind ran) {
                return "collection #" + sequence + " (" + ran + ", " + cause + ")";
            }
        });
        finished(event);
    }

    /** The work of one stop-the-world pause (world stopped, every buffer retired). */
    private interface PauseWork {
        /** Does it; the outcome's kind is what the event reports. */
        CollectionOutcome run();

        /** How the verifier's messages name this pause, e.g. {@code collection #7 (YOUNG, EXPLICIT)}. */
        String describe(long sequence, CollectionKind kind);
    }

    /**
     * One stop-the-world pause, the same for collections and policy switches (caller holds the GC
     * lock): stop the world → retire every buffer → listeners' start → verify (if on) → the work →
     * new reference tag epoch → verify (if on) → record the pause → resume. Returns the event; the
     * caller passes it to the listeners ({@link #finished}) once it holds no lock a listener could
     * need.
     */
    private GcEvent pause(CollectionKind kind, GcCause cause, PauseWork work) {
        long start = System.nanoTime();
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
                        // a listener's failure must not break the collection or switch
                    }
                }
                if (config.verify()) {
                    verifier.verify("before " + work.describe(sequence, kind));
                }
                CollectionOutcome outcome = work.run();
                collections = sequence;
                tag = config.verify() ? ((sequence % 0x7FFE) + 1) << 48 : 0;
                if (config.verify()) {
                    verifier.verify("after " + work.describe(sequence, outcome.kind()));
                }
                long pause = System.nanoTime() - start;
                switch (outcome.kind()) {
                    case SWAP -> swapPauses.record(pause);
                    case FULL -> fullPauses.record(pause);
                    default -> minorPauses.record(pause);
                }
                return new GcEvent(sequence, outcome.kind(), cause, plan.policyName(), start, pause, safe - start,
                        outcome.bytesBefore(), outcome.bytesAfter(), outcome.bytesPromoted());
            } finally {
                resumeTheWorld();
            }
        } finally {
            registryLock.unlock();
        }
    }

    /** Tells the listeners that a pause ended (a listener's failure must not break the caller). */
    private void finished(GcEvent event) {
        for (GcListener l : listeners) {
            try {
                l.collectionFinished(event);
            } catch (RuntimeException ignored) {
                // ignored: see addListener
            }
        }
    }

    // =========================================================================== policy switch

    /**
     * Replaces the plan of the live heap by one of {@code policy} in one stop-the-world pause (see
     * {@link PolicySwitch}: the new plan adopts the old one's objects in place, or the old plan
     * retires with them, or they are copied into the new plan with every handle updated). Returns the
     * GC event of kind {@link CollectionKind#SWAP} that reports the pause (listeners get it too). If
     * the new plan cannot hold the live objects, the heap stays on the old plan and
     * {@link org.korlang.gc.HeapExhaustedException} is thrown.
     */
    @Override
    public GcEvent switchPolicy(String name) {
        GcPolicy p = policies.find(java.util.Objects.requireNonNull(name, "name"));
        if (p == null) {
            throw new IllegalArgumentException("unknown gc policy '" + name + "' (known: " + policies.names() + ")");
        }
        return switchPolicy(p);
    }

    /**
     * Switches to {@code policy}, which is remembered in the catalog so that later switches may name
     * it (also the standalone factory's {@code ClosableHeap.switchPolicy(GcPolicy)}).
     */
    public GcEvent switchPolicy(GcPolicy policy) {
        return switchPolicy(policy, false);
    }

    /**
     * A switch that copies every live object into a new plan of {@code policy} and closes the old
     * plan and every retired one — no adoption, no retiring: for when a policy's bundle goes away and
     * no plan of it may stay behind.
     */
    public GcEvent switchPolicyCopying(GcPolicy policy) {
        return switchPolicy(policy, true);
    }

    /** Whether a plan retired by an earlier switch, of the policy named {@code name}, still holds objects. */
    public boolean holdsRetiredPlanOf(String name) {
        return policySwitch.holdsRetiredPlanOf(name);
    }

    private GcEvent switchPolicy(GcPolicy policy, boolean copyOnly) {
        java.util.Objects.requireNonNull(policy, "policy");
        long declared = declaredWindow(policy, config);
        if (declared > policySwitch.planWindowBytes()) { // windows were fixed when the heap was built
            throw new PlanWindowExceededException(policy.name(), declared, policySwitch.planWindowBytes());
        }
        policies.add(policy.name(), policy);
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
                String from = plan.policyName();
                event = pause(CollectionKind.SWAP, GcCause.POLICY_SWITCH, new PauseWork() {
                    @Override
                    public CollectionOutcome run() {
                        GcPlan old = plan;
                        long before = old.usage().total() + policySwitch.retiredBytes();
                        PolicySwitch.Outcome replaced = policySwitch.replace(old, policy, copyOnly);
                        for (MutatorImpl x : mutators) {
                            x.planData(null);
                        }
                        plan = replaced.plan();
                        planEpoch++;
                        return new CollectionOutcome(CollectionKind.SWAP, before,
                                plan.usage().total() + policySwitch.retiredBytes(), replaced.bytesPromoted());
                    }

                    @Override
                    public String describe(long sequence, CollectionKind kind) {
                        return "switch #" + sequence + " (" + from + " -> " + policy.name() + ")";
                    }
                });
            } finally {
                gcLock.unlock();
            }
        } finally {
            if (m != null) {
                m.resume();
            }
        }
        finished(event);
        return event;
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
