package org.korlang.sync;

import java.lang.ref.Cleaner;
import java.util.concurrent.TimeUnit;

import org.korlang.os.FutexResult;
import org.korlang.os.Os;

/**
 * The {@link Sync} implementation: owns the native arena of futex words and performs every
 * kernel wait and wake of the primitives it creates. Use it directly outside OSGi
 * ({@code new FutexSync(os)}); in OSGi the {@code org.korlang.sync} component wraps one.
 *
 * <p>{@link #close()} stops creating primitives; those already made keep working, and their
 * memory is returned to the Os as they become unreachable.
 */
public final class FutexSync implements Sync, AutoCloseable {
    /*
     * Design.
     *
     * Memory: every primitive takes one 64-byte Line from the FutexArena and registers itself
     * with this object's Cleaner, which gives the line back once the primitive is unreachable.
     *
     * Waiting: park() is the only place that sleeps. It calls Os.futexWait on a word with the
     * value the caller saw, so a change between the caller's check and the kernel's check makes
     * the kernel return at once (that is what makes every wait here free of lost wake-ups; the
     * caller always re-checks its condition afterwards, so spurious returns are harmless).
     *
     * Interruption: a thread asleep in FUTEX_WAIT through the Os shim is not woken by
     * Thread.interrupt (no signal is sent). Interruptible (and timed) waits therefore sleep in
     * slices of at most interruptPollNanos and check the interrupt status between slices;
     * uninterruptible untimed waits sleep without a timeout. The word is re-checked by the
     * kernel on every slice, so slicing never loses a wake-up either.
     *
     * Ports: os may be a handle over ports that leave and return (the Sync component's is). A
     * thread asleep in the kernel through a port that leaves stays asleep and is woken by a wake
     * through the next port (the kernel keys the futex on process and address); a wait or wake
     * that finds no port waits in the handle until one serves. That wait ends with
     * IllegalStateException when the thread is interrupted: an interruptible park turns it into
     * InterruptedException; an uninterruptible park and a wake remember the interrupt, call again
     * and re-assert it before returning, so lock() and unlock() never fail because of a port.
     *
     * Scheduler: the BlockingHook is entered once per park() call, just before the first
     * kernel wait, and exited when park() returns or throws.
     */

    private final Os os;
    private final SyncOptions options;
    private final BlockingHook hook;
    private final FutexArena arena;
    private final Cleaner cleaner;
    private final int spinLimit;
    private final long pollNanos;

    /** A factory over {@code os} with {@link SyncOptions#DEFAULTS} and no blocking hook. */
    public FutexSync(Os os) {
        this(os, SyncOptions.DEFAULTS, BlockingHook.NONE);
    }

    /**
     * A factory over {@code os}.
     *
     * @param hook called around kernel waits (e.g. the scheduler's blocking section); use
     *             {@link BlockingHook#NONE} for plain threads
     */
    public FutexSync(Os os, SyncOptions options, BlockingHook hook) {
        if (os == null || options == null || hook == null) {
            throw new NullPointerException("os, options and hook are required");
        }
        this.os = os;
        this.options = options;
        this.hook = hook;
        this.spinLimit = options.spinLimit();
        this.pollNanos = options.interruptPollNanos();
        this.arena = new FutexArena(os, options.slabBytes());
        this.cleaner = Cleaner.create(runnable -> {
            Thread t = new Thread(runnable, "korlang-sync-cleaner");
            t.setDaemon(true);
            return t;
        });
    }

    /** The options this factory was made with. */
    public SyncOptions options() { return options; }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() { return arena.isClosed(); }

    /** Native lines (64 bytes each) held by live primitives. */
    public long liveLines() { return arena.liveLines(); }

    /** Stops making primitives; existing ones keep working until unreachable. */
    @Override
    public void close() {
        arena.close();
    }

    // ----------------------------------------------------------------------------- factories

    @Override public Mutex newMutex() { return new Mutex(this); }
    @Override public CondVar newCondVar() { return new CondVar(this); }
    @Override public RwLock newRwLock() { return new RwLock(this); }
    @Override public Semaphore newSemaphore(int permits) { return new Semaphore(this, permits); }
    @Override public Once newOnce() { return new Once(this); }
    @Override public Barrier newBarrier(int parties) { return new Barrier(this, parties); }
    @Override public WaitGroup newWaitGroup() { return new WaitGroup(this); }
    @Override public Latch newLatch(int count) { return new Latch(this, count); }
    @Override public AtomicLongCell newAtomicLong(long initial) { return new AtomicLongCell(this, initial); }
    @Override public <T> AtomicReferenceCell<T> newAtomicReference(T initial) { return new AtomicReferenceCell<>(this, initial); }
    @Override public <T> Channel<T> newChannel(int capacity) { return new BoundedChannel<>(this, capacity); }
    @Override public <T> Channel<T> newUnboundedChannel() { return new UnboundedChannel<>(this); }
    @Override public Select newSelect() { return new Select(this); }

    // ------------------------------------------------------------------- engine (package API)

    /** A zeroed line owned by {@code owner}, freed when {@code owner} becomes unreachable. */
    Line allocate(Object owner) {
        Line line = arena.allocate();
        cleaner.register(owner, new Release(arena, line.slab, line.index));
        return line;
    }

    /** Re-checks before sleeping in a contended path. */
    int spinLimit() { return spinLimit; }

    /** Wakes up to {@code count} threads waiting on the word at {@code address}; returns how many woke. */
    int wake(long address, int count) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return os.futexWake(address, count);
                } catch (IllegalStateException noPort) {
                    if (!Thread.interrupted()) {
                        throw noPort; // the port's owner is going away (framework stopping)
                    }
                    interrupted = true; // interrupted while waiting for a port: wait again
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sleeps while the word at {@code address} holds {@code expected}.
     *
     * @param timed         whether {@code deadline} (a {@link System#nanoTime()} value) applies
     * @param interruptible whether an interrupt ends the wait with InterruptedException
     * @return {@code true} when the wait ended because of a wake, a changed word or spuriously
     *         (the caller re-checks its condition), {@code false} when the deadline passed
     * @throws InterruptedException if {@code interruptible} and the thread is, or becomes,
     *         interrupted (its interrupt status is cleared)
     */
    boolean park(long address, int expected, boolean timed, long deadline, boolean interruptible)
            throws InterruptedException {
        BlockingHook.Section section = null;
        boolean entered = false;
        boolean interruptedWhileNoPort = false;
        try {
            for (;;) {
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long wait;
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    wait = interruptible ? Math.min(left, pollNanos) : left;
                } else {
                    wait = interruptible ? pollNanos : Os.NO_TIMEOUT;
                }
                if (!entered) {
                    entered = true;
                    section = hook.enter();
                }
                FutexResult result;
                try {
                    result = os.futexWait(address, expected, wait);
                } catch (IllegalStateException noPort) {
                    if (!Thread.interrupted()) {
                        throw noPort; // the port's owner is going away (framework stopping)
                    }
                    if (interruptible) {
                        throw new InterruptedException();
                    }
                    interruptedWhileNoPort = true;
                    continue;
                }
                if (result != FutexResult.TIMED_OUT) {
                    return true;
                }
            }
        } finally {
            if (section != null) {
                section.exit();
            }
            if (interruptedWhileNoPort) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #park} without interruption: an interrupt is remembered and re-asserted by the caller. */
    boolean parkUninterruptibly(long address, int expected, boolean timed, long deadline) {
        try {
            return park(address, expected, timed, deadline, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    // ------------------------------------------------------------------------ time helpers

    /** Timeouts longer than this are treated as "forever" (no overflow of nanoTime arithmetic). */
    static final long FOREVER_NANOS = Long.MAX_VALUE >> 2;

    /** Nanoseconds of a timeout, checked. */
    static long nanos(long timeout, TimeUnit unit) {
        if (unit == null) {
            throw new NullPointerException("unit");
        }
        return unit.toNanos(timeout);
    }

    /** Whether a timeout of {@code nanos} is bounded. */
    static boolean bounded(long nanos) {
        return nanos < FOREVER_NANOS;
    }

    /** The deadline {@code nanos} from now (callers check {@link #bounded} first). */
    static long deadline(long nanos) {
        return System.nanoTime() + Math.max(0, nanos);
    }

    /** Frees one line: the Cleaner's action. Holds no reference to the primitive or the Cleaner. */
    private static final class Release implements Runnable {
        private final FutexArena arena;
        private final Slab slab;
        private final int index;

        Release(FutexArena arena, Slab slab, int index) {
            this.arena = arena;
            this.slab = slab;
            this.index = index;
        }

        @Override
        public void run() {
            arena.free(slab, index);
        }
    }
}
